package ai.mirroros.licensing.risk;

import ai.mirroros.licensing.money.CurrencyUnit;
import ai.mirroros.licensing.money.Money;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The risk rules, one method per rule family, with every threshold and weight a named constant. Pure: facts in, a
 * {@link RiskScore} out. The weights are chosen so that no single weak signal holds a vault on its own (the default
 * hold threshold is 70), while the patterns of card testing and stolen-card cash-out (one card many times in an
 * hour, a brand-new vault taking in thousands) do. docs/RISK.md lists the same table for operators.
 */
public final class RiskRules {
    /** The hold threshold when none is configured ({@code LICENSING_RISK_HOLD_THRESHOLD}). */
    public static final int DEFAULT_HOLD_THRESHOLD = 70;

    // --- Velocity: payments per card / customer / IP within one window ---------------------------------------
    /** Card testing and cash-out runs happen within minutes; an hour catches them without remembering days. */
    public static final Duration VELOCITY_WINDOW = Duration.ofHours(1);
    /** A buyer of licences rarely pays five times in an hour with one card; card testers do it dozens of times. */
    public static final int CARD_PAYMENTS_ELEVATED = 5;
    public static final int CARD_POINTS_ELEVATED = 40;
    /** Ten in an hour from one card is a script, not a person. */
    public static final int CARD_PAYMENTS_EXTREME = 10;
    public static final int CARD_POINTS_EXTREME = 60;
    /** One Stripe customer paying five times in an hour: weaker than a card (a team may share an account). */
    public static final int CUSTOMER_PAYMENTS_ELEVATED = 5;
    public static final int CUSTOMER_POINTS = 25;
    /** IPs are shared (offices, carrier NAT), so the bar is higher and the weight lower than for a card. */
    public static final int IP_PAYMENTS_ELEVATED = 10;
    public static final int IP_POINTS = 20;

    // --- The vault's own history ------------------------------------------------------------------------------
    /** What "the vault's history" means for the amount and ratio rules: a quarter, long enough to be typical. */
    public static final Duration HISTORY_WINDOW = Duration.ofDays(90);
    /** Fewer than five earlier payments say nothing about what is normal for a vault. */
    public static final int AMOUNT_HISTORY_MIN = 5;
    /** Ten times the vault's average payment: a price change is rarely that large, a stolen card often is. */
    public static final int AMOUNT_OUTLIER_FACTOR = 10;
    public static final int AMOUNT_OUTLIER_POINTS = 25;
    /** Ratios over fewer than ten payments swing on a single refund. */
    public static final int RATIO_HISTORY_MIN = 10;
    /** One payment in ten refunded is several times what a healthy digital-goods seller sees. */
    public static final int REFUND_RATIO_PERCENT = 10;
    public static final int REFUND_RATIO_POINTS = 20;
    /** Card networks start monitoring merchants at about 1 % disputes; two disputes at least, so one is not a ratio. */
    public static final int DISPUTE_RATIO_PERCENT = 1;
    public static final int DISPUTES_MIN = 2;
    public static final int DISPUTE_RATIO_POINTS = 30;

    // --- New vault, large volume ------------------------------------------------------------------------------
    /** A vault's first two weeks: long enough to cover a launch, short enough that a seller has built no record. */
    public static final Duration NEW_VAULT_AGE = Duration.ofDays(14);
    /** 5,000 in the settlement currency's major unit (USD 5,000.00, JPY 5,000): far above a normal first fortnight. */
    public static final long NEW_VAULT_VOLUME_MAJOR = 5_000;
    public static final int NEW_VAULT_POINTS = 30;

    // --- Payout account changed shortly before --------------------------------------------------------------
    /** Account takeover: the bank account is swapped, then money is pushed through before anyone notices. */
    public static final Duration PAYOUT_ACCOUNT_CHANGE_WINDOW = Duration.ofDays(7);
    public static final int PAYOUT_ACCOUNT_POINTS = 20;

    private RiskRules() {
    }

    /** The score of one payment: every rule that fires, summed and capped at 100. */
    public static RiskScore score(RiskFacts facts) {
        List<RiskReason> reasons = new ArrayList<>();
        velocity(facts, reasons);
        amountOutlier(facts, reasons);
        ratios(facts, reasons);
        newVaultVolume(facts, reasons);
        payoutAccountChanged(facts, reasons);
        return RiskScore.of(reasons);
    }

    static void velocity(RiskFacts f, List<RiskReason> reasons) {
        String window = "in " + VELOCITY_WINDOW.toMinutes() + " minutes";
        if (f.cardFingerprint().isPresent() && f.cardPaymentsInWindow() >= CARD_PAYMENTS_ELEVATED) {
            int points = f.cardPaymentsInWindow() >= CARD_PAYMENTS_EXTREME ? CARD_POINTS_EXTREME : CARD_POINTS_ELEVATED;
            reasons.add(new RiskReason("card_velocity", points, f.cardPaymentsInWindow() + " payments from card "
                    + f.cardFingerprint().get() + " " + window));
        }
        if (f.customerId().isPresent() && f.customerPaymentsInWindow() >= CUSTOMER_PAYMENTS_ELEVATED) {
            reasons.add(new RiskReason("customer_velocity", CUSTOMER_POINTS, f.customerPaymentsInWindow()
                    + " payments from customer " + f.customerId().get() + " " + window));
        }
        if (f.customerIp().isPresent() && f.ipPaymentsInWindow() >= IP_PAYMENTS_ELEVATED) {
            reasons.add(new RiskReason("ip_velocity", IP_POINTS, f.ipPaymentsInWindow() + " payments from IP "
                    + f.customerIp().get() + " " + window));
        }
    }

    static void amountOutlier(RiskFacts f, List<RiskReason> reasons) {
        if (f.historyPayments() < AMOUNT_HISTORY_MIN || f.historyAverageMinor() <= 0) {
            return;
        }
        if (f.grossMinor() / AMOUNT_OUTLIER_FACTOR >= f.historyAverageMinor()) {
            reasons.add(new RiskReason("amount_outlier", AMOUNT_OUTLIER_POINTS, money(f, f.grossMinor())
                    + " is " + (f.grossMinor() / f.historyAverageMinor()) + "x the vault's average of "
                    + money(f, f.historyAverageMinor()) + " over " + f.historyPayments() + " payments in "
                    + HISTORY_WINDOW.toDays() + " days"));
        }
    }

    static void ratios(RiskFacts f, List<RiskReason> reasons) {
        if (f.historyPayments() < RATIO_HISTORY_MIN) {
            return;
        }
        // Integer comparison of ratios: refunded / payments >= percent / 100, without division or doubles.
        if ((long) f.historyRefunded() * 100 >= (long) REFUND_RATIO_PERCENT * f.historyPayments()) {
            reasons.add(new RiskReason("refund_ratio", REFUND_RATIO_POINTS, f.historyRefunded() + " of "
                    + f.historyPayments() + " payments in " + HISTORY_WINDOW.toDays() + " days refunded (limit "
                    + REFUND_RATIO_PERCENT + " %)"));
        }
        if (f.historyDisputed() >= DISPUTES_MIN
                && (long) f.historyDisputed() * 100 >= (long) DISPUTE_RATIO_PERCENT * f.historyPayments()) {
            reasons.add(new RiskReason("dispute_ratio", DISPUTE_RATIO_POINTS, f.historyDisputed() + " of "
                    + f.historyPayments() + " payments in " + HISTORY_WINDOW.toDays() + " days disputed (limit "
                    + DISPUTE_RATIO_PERCENT + " %)"));
        }
    }

    static void newVaultVolume(RiskFacts f, List<RiskReason> reasons) {
        if (f.vaultAge().compareTo(NEW_VAULT_AGE) >= 0) {
            return;
        }
        long limitMinor = Math.multiplyExact(NEW_VAULT_VOLUME_MAJOR, currency(f).minorPerMajor());
        if (f.vaultVolumeMinor() >= limitMinor) {
            reasons.add(new RiskReason("new_vault_volume", NEW_VAULT_POINTS, "vault licensed "
                    + f.vaultAge().toDays() + " days ago has taken " + money(f, f.vaultVolumeMinor())
                    + " (limit " + money(f, limitMinor) + " in its first " + NEW_VAULT_AGE.toDays() + " days)"));
        }
    }

    static void payoutAccountChanged(RiskFacts f, List<RiskReason> reasons) {
        f.payoutAccountChangedAt().ifPresent(changed -> {
            Duration since = Duration.between(changed, f.occurredAt());
            if (!since.isNegative() && since.compareTo(PAYOUT_ACCOUNT_CHANGE_WINDOW) < 0) {
                reasons.add(new RiskReason("payout_account_changed", PAYOUT_ACCOUNT_POINTS,
                        "payout account changed " + changed + ", " + since.toHours() + " hours before this payment"));
            }
        });
    }

    private static CurrencyUnit currency(RiskFacts f) {
        return CurrencyUnit.of(f.currency());
    }

    private static String money(RiskFacts f, long minor) {
        return Money.ofMinor(minor, currency(f)).toString();
    }
}
