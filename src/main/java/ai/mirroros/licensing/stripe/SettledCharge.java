package ai.mirroros.licensing.stripe;

import java.math.BigDecimal;
import java.util.Objects;
import java.util.Optional;

/**
 * What a charge's balance transaction says it added to the platform's Stripe balance: the gross and Stripe's fee in
 * the settlement currency, and the exchange rate when the charge was in another currency.
 */
public record SettledCharge(String balanceTransactionId, long amountMinor, long feeMinor, String currency,
                            Optional<BigDecimal> exchangeRate) {
    public SettledCharge {
        Objects.requireNonNull(balanceTransactionId, "balanceTransactionId");
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(exchangeRate, "exchangeRate");
    }

    public static SettledCharge of(com.stripe.model.BalanceTransaction bt) {
        return new SettledCharge(bt.getId(), bt.getAmount(), bt.getFee() == null ? 0 : bt.getFee(),
                bt.getCurrency(), Optional.ofNullable(bt.getExchangeRate()));
    }
}
