package ai.mirroros.licensing.cli;

import ai.mirroros.licensing.LicensingApp;
import ai.mirroros.licensing.ledger.AccountBalance;
import ai.mirroros.licensing.ledger.Ledger.ReleaseResult;
import ai.mirroros.licensing.money.Money;
import ai.mirroros.licensing.revenue.PaymentEvent;
import ai.mirroros.licensing.revenue.PostedPayment;
import ai.mirroros.licensing.split.SplitLine;
import ai.mirroros.licensing.split.SplitReport;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code licensing ledger …}: posting payments and reading balances. */
@Command(name = "ledger", mixinStandardHelpOptions = true,
        description = "Post payments to the double-entry ledger, release matured earnings, show balances.",
        subcommands = {LedgerCommand.PostPayment.class, LedgerCommand.Balances.class, LedgerCommand.Release.class})
final class LedgerCommand extends CommandGroup {

    @Command(name = "post-payment", mixinStandardHelpOptions = true,
            description = "Split a payment and post it, as a Stripe payment event will. Posting the same "
                    + "--source-id again changes nothing and shows the first posting.")
    static final class PostPayment extends TimedDatabaseCommand {
        @Mixin
        PaymentOptions payment;
        @Option(names = "--source-id", required = true, paramLabel = "ID",
                description = "Idempotency key, e.g. the Stripe payment id (pi_…).")
        String sourceId;
        @Option(names = "--occurred-at", paramLabel = "TIME", description = "When the payment happened "
                + "(default: now or --as-of).")
        String occurredAt;

        @Override
        public Integer call() {
            Money grossAmount = payment.grossAmount();
            Optional<Money> actualFee = payment.actualFee();
            try (LicensingApp app = store.openApp(asOf.clock())) {
                Instant at = occurredAt == null ? app.clock().instant() : AsOfOption.parseStart(occurredAt);
                PostedPayment posted = app.payments().post(
                        new PaymentEvent(sourceId, payment.vaultId, grossAmount, actualFee, at));
                PrintWriter out = out();
                out.printf("%s %s: journal entry %d, %s to %s%n", posted.alreadyPosted() ? "already posted"
                        : "posted", posted.sourceId(), posted.journalEntryId(), posted.split().gross(),
                        posted.vaultId());
                for (SplitLine line : posted.split().lines()) {
                    out.printf("  %-16s %-24s %14s%n", SplitReport.partyKind(line.party()), line.partyId(),
                            line.amount().toDecimalString());
                }
            }
            return 0;
        }
    }

    @Command(name = "balances", mixinStandardHelpOptions = true,
            description = "Non-zero account balances, optionally for one vault or referrer, as of --as-of.")
    static final class Balances extends TimedDatabaseCommand {
        @Option(names = "--vault", paramLabel = "ID", description = "Only this vault's (or referrer's) accounts.")
        String vaultId;

        @Override
        public Integer call() {
            try (LicensingApp app = store.openApp(asOf.clock())) {
                List<AccountBalance> balances = app.ledger().balances(Optional.ofNullable(vaultId),
                        Optional.of(app.clock().instant()));
                PrintWriter out = out();
                if (balances.isEmpty()) {
                    out.println("no balances" + (vaultId == null ? "" : " for " + vaultId));
                    return 0;
                }
                out.printf("%-48s %16s %s%n", "ACCOUNT", "BALANCE", "CURRENCY");
                for (AccountBalance balance : balances) {
                    out.printf("%-48s %16s %s%n", balance.account().key(),
                            balance.normalBalance().toDecimalString(), balance.balance().currency());
                }
            }
            return 0;
        }
    }

    @Command(name = "release", mixinStandardHelpOptions = true,
            description = "Move earnings whose holding period has ended (as of --as-of) from pending to available.")
    static final class Release extends TimedDatabaseCommand {
        @Override
        public Integer call() {
            try (LicensingApp app = store.openApp(asOf.clock())) {
                ReleaseResult result = app.ledger().releaseMatured(app.clock().instant());
                spec.commandLine().getOut().printf("released %d matured entr%s as of %s%n",
                        result.entriesReleased(), result.entriesReleased() == 1 ? "y" : "ies", app.clock().instant());
            }
            return 0;
        }
    }
}
