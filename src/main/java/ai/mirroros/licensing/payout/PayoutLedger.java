package ai.mirroros.licensing.payout;

import ai.mirroros.licensing.ledger.AccountRef;
import ai.mirroros.licensing.ledger.JournalEntry;
import ai.mirroros.licensing.money.CurrencyUnit;
import ai.mirroros.licensing.money.Money;
import java.math.BigInteger;
import java.time.Instant;

/** The journal entries of a payout's life; the conventions are in {@code package-info.java}. */
public final class PayoutLedger {
    public static final String KIND = "payout";

    private PayoutLedger() {
    }

    public static String reserveSource(String payoutId) {
        return "payout:" + payoutId + ":reserve";
    }

    public static String paidSource(String payoutId) {
        return "payout:" + payoutId + ":paid";
    }

    public static String releasedSource(String payoutId) {
        return "payout:" + payoutId + ":released";
    }

    public static String reversedSource(String payoutId, long cumulativeReversedMinor) {
        return "payout:" + payoutId + ":reversed:" + cumulativeReversedMinor;
    }

    /** Available to in transit, in the transaction that plans the payout. */
    public static JournalEntry reserve(Payout payout, Instant at) {
        String payee = payout.payeeId();
        CurrencyUnit ccy = payout.amount().currency();
        JournalEntry.Builder entry = JournalEntry.builder(reserveSource(payout.payoutId()), KIND, at)
                .description("payout " + payout.payoutId() + " reserved: " + payout.amount());
        move(entry, AccountRef.vaultAvailable(payee, ccy), AccountRef.vaultInTransit(payee, ccy), payout.vaultPart());
        move(entry, AccountRef.referrerAvailable(payee, ccy), AccountRef.referrerInTransit(payee, ccy),
                payout.referrerPart());
        return entry.build();
    }

    /** The transfer exists: in transit to paid out, and the money leaves the platform's Stripe balance. */
    public static JournalEntry paid(Payout payout, String transferId, Instant at) {
        String payee = payout.payeeId();
        CurrencyUnit ccy = payout.amount().currency();
        JournalEntry.Builder entry = JournalEntry.builder(paidSource(payout.payoutId()), KIND, at)
                .description("payout " + payout.payoutId() + " paid by transfer " + transferId);
        move(entry, AccountRef.vaultInTransit(payee, ccy), AccountRef.vaultPaidOut(payee, ccy), payout.vaultPart());
        move(entry, AccountRef.referrerInTransit(payee, ccy), AccountRef.referrerPaidOut(payee, ccy),
                payout.referrerPart());
        entry.debit(AccountRef.connectTransfers(ccy), payout.amount());
        entry.credit(AccountRef.stripeClearing(ccy), payout.amount());
        return entry.build();
    }

    /** No transfer was made and none will be: in transit back to available. */
    public static JournalEntry released(Payout payout, String why, Instant at) {
        String payee = payout.payeeId();
        CurrencyUnit ccy = payout.amount().currency();
        JournalEntry.Builder entry = JournalEntry.builder(releasedSource(payout.payoutId()), KIND, at)
                .description(PayeeStore.truncate("payout " + payout.payoutId() + " released: " + why, 500));
        move(entry, AccountRef.vaultInTransit(payee, ccy), AccountRef.vaultAvailable(payee, ccy), payout.vaultPart());
        move(entry, AccountRef.referrerInTransit(payee, ccy), AccountRef.referrerAvailable(payee, ccy),
                payout.referrerPart());
        return entry.build();
    }

    /**
     * Stripe reversed the transfer up to {@code cumulativeReversed}; posts what was not posted for
     * {@code previouslyReversed}: paid out back to available, connect transfers back to clearing.
     */
    public static JournalEntry reversed(Payout payout, Money previouslyReversed, Money cumulativeReversed,
                                        String transferId, Instant at) {
        String payee = payout.payeeId();
        CurrencyUnit ccy = payout.amount().currency();
        Money vaultNow = vaultPortion(payout, cumulativeReversed);
        Money vaultBefore = vaultPortion(payout, previouslyReversed);
        Money delta = cumulativeReversed.minus(previouslyReversed);
        Money vaultDelta = vaultNow.minus(vaultBefore);
        JournalEntry.Builder entry = JournalEntry.builder(reversedSource(payout.payoutId(),
                        cumulativeReversed.amountMinor()), KIND, at)
                .description("payout " + payout.payoutId() + ": transfer " + transferId + " reversed by " + delta);
        move(entry, AccountRef.vaultPaidOut(payee, ccy), AccountRef.vaultAvailable(payee, ccy), vaultDelta);
        move(entry, AccountRef.referrerPaidOut(payee, ccy), AccountRef.referrerAvailable(payee, ccy),
                delta.minus(vaultDelta));
        entry.debit(AccountRef.stripeClearing(ccy), delta);
        entry.credit(AccountRef.connectTransfers(ccy), delta);
        return entry.build();
    }

    /**
     * The part of a cumulative reversal that goes back to the payee's own share: proportional to the positive parts,
     * rounded down, computed on the cumulative amount so that partial reversals add up to the whole.
     */
    static Money vaultPortion(Payout payout, Money reversed) {
        long v = Math.max(0, payout.vaultPart().amountMinor());
        long r = Math.max(0, payout.referrerPart().amountMinor());
        if (r == 0) {
            return reversed;
        }
        if (v == 0) {
            return Money.zero(reversed.currency());
        }
        long portion = BigInteger.valueOf(reversed.amountMinor()).multiply(BigInteger.valueOf(v))
                .divide(BigInteger.valueOf(v + r)).longValueExact();
        return Money.ofMinor(portion, reversed.currency());
    }

    /** Moves a liability balance: {@code amount} positive debits {@code from}, negative runs the other way. */
    private static void move(JournalEntry.Builder entry, AccountRef from, AccountRef to, Money amount) {
        if (amount.isNegative()) {
            entry.credit(from, amount.negate()).debit(to, amount.negate());
        } else {
            entry.debit(from, amount).credit(to, amount);
        }
    }
}
