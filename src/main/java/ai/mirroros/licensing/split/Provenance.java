package ai.mirroros.licensing.split;

import ai.mirroros.licensing.money.Money;
import ai.mirroros.licensing.money.Percentage;
import java.util.Objects;

/**
 * Why a split line has its amount: the rule that produced it, the rate applied to which base, and a note for the
 * human reading a statement (bonuses applied, caps hit, fee excess moved).
 *
 * @param rule the rule's name, one of the constants below
 * @param rate the rate applied to {@code base}; {@link Percentage#ZERO} when the amount is not rate-based (the fee
 *             Stripe actually charged)
 * @param base the amount the rate was applied to
 * @param note what a reader needs to check the line by hand
 */
public record Provenance(String rule, Percentage rate, Money base, String note) {
    public static final String STRIPE_ACTUAL_FEE = "stripe_actual_fee";
    public static final String FEE_SCHEDULE = "fee_schedule";
    public static final String PARTNER_SHARE = "partner_share";
    public static final String REFERRER_COMMISSION = "referrer_commission";
    public static final String MASTER_REMAINDER = "master_remainder";

    public Provenance {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(rate, "rate");
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(note, "note");
    }
}
