package ai.mirroros.licensing.reports;

import ai.mirroros.licensing.money.CurrencyUnit;
import ai.mirroros.licensing.money.Money;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One row of a revenue report: a vault's (or the platform's) figures in one currency for one period, each a sum of
 * journal lines of the period's entries (see {@link Accumulator} for which lines). Amounts are minor units of
 * {@code currency}; counts are numbers of entries.
 *
 * <p>What ties, by the double entry: {@code gross − fees = partner + platform + referrer} and
 * {@code refunded = refundPartner + refundReferrer + refundPlatform}, and
 * {@code partnerNet + referrerNet + platformNet = gross − fees − refunded − disputeFees − (disputesHeld −
 * disputesWon)}, which {@link #ties()} checks.
 */
public record RevenueFigures(
        String vaultId,
        CurrencyUnit currency,
        long payments,
        long grossMinor,
        long feesMinor,
        long partnerMinor,
        long platformMinor,
        long referrerMinor,
        long refunds,
        long refundedMinor,
        long refundPartnerMinor,
        long refundReferrerMinor,
        long refundPlatformMinor,
        long disputesOpened,
        long disputesHeldMinor,
        long disputesWonMinor,
        long disputesLostMinor,
        long disputeFeesMinor,
        long payoutsPaid,
        long payoutsPaidMinor,
        long payoutsReversedMinor,
        long partnerNetMinor,
        long referrerNetMinor,
        long platformNetMinor,
        long referralEarnedMinor) {

    /** The vault id of the platform-wide rows. */
    public static final String PLATFORM = "";
    /** The vault id of entries nothing ties to a vault (none in a consistent journal; listed, never dropped). */
    public static final String UNATTRIBUTED = "(unattributed)";

    public boolean isPlatformWide() {
        return vaultId.isEmpty();
    }

    /** True when the identities in the class comment hold; a false here is a bug or a corrupt journal. */
    public boolean ties() {
        return grossMinor - feesMinor == partnerMinor + platformMinor + referrerMinor
                && refundedMinor == refundPartnerMinor + refundReferrerMinor + refundPlatformMinor
                && partnerNetMinor + referrerNetMinor + platformNetMinor
                == grossMinor - feesMinor - refundedMinor - disputeFeesMinor - (disputesHeldMinor - disputesWonMinor);
    }

    /** The columns that count entries; every other column is an amount. */
    public static final java.util.Set<String> COUNT_COLUMNS = java.util.Set.of("payments", "refunds",
            "disputes_opened", "payouts");

    /** Column name → decimal string (amounts) or count, in report order; the CSV, PDF and JSON all use it. */
    public Map<String, String> columns() {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("payments", Long.toString(payments));
        c.put("gross", money(grossMinor));
        c.put("processing_fees", money(feesMinor));
        c.put("partner", money(partnerMinor));
        c.put("platform", money(platformMinor));
        c.put("referrer", money(referrerMinor));
        c.put("refunds", Long.toString(refunds));
        c.put("refunded", money(refundedMinor));
        c.put("refund_partner", money(refundPartnerMinor));
        c.put("refund_referrer", money(refundReferrerMinor));
        c.put("refund_platform", money(refundPlatformMinor));
        c.put("disputes_opened", Long.toString(disputesOpened));
        c.put("disputes_held", money(disputesHeldMinor));
        c.put("disputes_won", money(disputesWonMinor));
        c.put("disputes_lost", money(disputesLostMinor));
        c.put("dispute_fees", money(disputeFeesMinor));
        c.put("payouts", Long.toString(payoutsPaid));
        c.put("payouts_paid", money(payoutsPaidMinor));
        c.put("payouts_reversed", money(payoutsReversedMinor));
        c.put("partner_net", money(partnerNetMinor));
        c.put("referrer_net", money(referrerNetMinor));
        c.put("platform_net", money(platformNetMinor));
        c.put("referral_earned", money(referralEarnedMinor));
        return c;
    }

    private String money(long minor) {
        return Money.ofMinor(minor, currency).toDecimalString();
    }

    /**
     * Sums entry figures into one row. Per category, which lines count (signs turn debits and credits into the
     * positive amounts a reader expects):
     * <ul>
     *   <li>payment: gross = Dr clearing + Dr fees; fees = Dr fees; partner, referrer = Cr on their payables;
     *       platform = Cr platform revenue − fees (the master share alone)</li>
     *   <li>refund: refunded = Cr clearing; refund_* = Dr on each party's accounts (the clawback)</li>
     *   <li>dispute: held = Cr disputes held on opening; won = Dr disputes held on a win (shares given back);
     *       lost = Dr disputes held on a loss; dispute fee = Cr clearing − lost</li>
     *   <li>payout: paid = Dr connect transfers; reversed = Cr connect transfers</li>
     *   <li>net per party: minus the sum of the party's lines over payments, refunds and disputes</li>
     *   <li>referral earned: minus the sum of the lines on the row's vault's own referrer payables over payments,
     *       refunds and disputes, whichever vault's sale they came from (platform rows: every referrer's, which
     *       equals referrer net)</li>
     * </ul>
     */
    static final class Accumulator {
        private final String vaultId;
        private final CurrencyUnit currency;
        private final long[][] sums = new long[EntryCategory.values().length][Side.values().length];
        private final long[] counts = new long[EntryCategory.values().length];
        private long referralEarned;

        Accumulator(String vaultId, CurrencyUnit currency) {
            this.vaultId = vaultId;
            this.currency = currency;
        }

        void add(LedgerPeriod.EntryFigures entry) {
            int c = entry.category().ordinal();
            counts[c]++;
            for (Side side : Side.values()) {
                sums[c][side.ordinal()] = Math.addExact(sums[c][side.ordinal()], entry.sum(side));
            }
        }

        /** Adds referrer-payable lines owned by this row's vault (all referrers for platform rows), signed. */
        void addReferralLines(long signedMinor) {
            referralEarned = Math.subtractExact(referralEarned, signedMinor);
        }

        private long s(EntryCategory category, Side side) {
            return sums[category.ordinal()][side.ordinal()];
        }

        private long count(EntryCategory category) {
            return counts[category.ordinal()];
        }

        /** Minus the sum of a side's lines over payments and adjustments: what the party kept, credit positive. */
        private long net(Side side) {
            long sum = 0;
            for (EntryCategory category : EntryCategory.values()) {
                if (!category.isPayout()) {
                    sum = Math.addExact(sum, s(category, side));
                }
            }
            return -sum;
        }

        RevenueFigures figures() {
            long fees = s(EntryCategory.PAYMENT, Side.FEES);
            long lost = s(EntryCategory.DISPUTE_LOST, Side.DISPUTES);
            return new RevenueFigures(vaultId, currency,
                    count(EntryCategory.PAYMENT),
                    s(EntryCategory.PAYMENT, Side.CLEARING) + fees,
                    fees,
                    -s(EntryCategory.PAYMENT, Side.PARTNER),
                    -s(EntryCategory.PAYMENT, Side.PLATFORM) - fees,
                    -s(EntryCategory.PAYMENT, Side.REFERRER),
                    count(EntryCategory.REFUND),
                    -s(EntryCategory.REFUND, Side.CLEARING),
                    s(EntryCategory.REFUND, Side.PARTNER),
                    s(EntryCategory.REFUND, Side.REFERRER),
                    s(EntryCategory.REFUND, Side.PLATFORM) + s(EntryCategory.REFUND, Side.FEES),
                    count(EntryCategory.DISPUTE_HOLD),
                    -s(EntryCategory.DISPUTE_HOLD, Side.DISPUTES),
                    s(EntryCategory.DISPUTE_WON, Side.DISPUTES),
                    lost,
                    -s(EntryCategory.DISPUTE_LOST, Side.CLEARING) - lost,
                    count(EntryCategory.PAYOUT_PAID),
                    s(EntryCategory.PAYOUT_PAID, Side.TRANSFERS),
                    -s(EntryCategory.PAYOUT_REVERSED, Side.TRANSFERS),
                    net(Side.PARTNER),
                    net(Side.REFERRER),
                    net(Side.PLATFORM) + net(Side.FEES),
                    referralEarned);
        }
    }
}
