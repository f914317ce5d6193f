package ai.mirroros.licensing.vault;

import ai.mirroros.licensing.money.Money;
import ai.mirroros.licensing.money.Percentage;
import java.util.Objects;

/**
 * The processing-fee schedule used when the actual Stripe fee is not known: a percentage of the gross (rounded
 * HALF_UP) plus a fixed amount in the settlement currency. The actual fee from Stripe always wins when known.
 */
public record FeeSchedule(Percentage percentage, Money fixed) {
    /** 2.9 % and no fixed part: reproduces the seed's worked example (1228.45 → fee 35.63). */
    public static final FeeSchedule SEED_DEFAULT = new FeeSchedule(Percentage.ofBasisPoints(290),
            Money.zero(ai.mirroros.licensing.money.CurrencyUnit.USD));

    public FeeSchedule {
        Objects.requireNonNull(percentage, "percentage");
        Objects.requireNonNull(fixed, "fixed");
    }

    /** The fee for a gross amount, never more than the gross itself. */
    public Money feeFor(Money gross) {
        Money fixedPart = fixed.currency().equals(gross.currency()) ? fixed : Money.zero(gross.currency());
        Money fee = gross.percentOf(percentage.basisPoints()).plus(fixedPart);
        return fee.min(gross).max(Money.zero(gross.currency()));
    }
}
