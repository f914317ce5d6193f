package ai.mirroros.licensing.cli;

import ai.mirroros.licensing.money.CurrencyUnit;
import ai.mirroros.licensing.money.Money;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The flags that describe a payment, shared by {@code split} and {@code ledger post-payment}. */
final class PaymentOptions {
    @Option(names = "--vault", required = true, paramLabel = "ID", description = "The selling vault.")
    String vaultId;

    @Option(names = "--gross", required = true, paramLabel = "AMOUNT",
            description = "What the customer paid, e.g. 1228.45.")
    String gross;

    @Option(names = "--currency", required = true, paramLabel = "CODE", description = "ISO-4217 code, e.g. USD.")
    String currency;

    @Option(names = "--fee", paramLabel = "AMOUNT",
            description = "The actual processing fee; default: the vault's fee schedule.")
    String fee;

    CurrencyUnit currency() {
        return CurrencyUnit.of(currency);
    }

    Money grossAmount() {
        return Money.parse(gross, currency());
    }

    Optional<Money> actualFee() {
        return Optional.ofNullable(fee).map(f -> Money.parse(f, currency()));
    }
}
