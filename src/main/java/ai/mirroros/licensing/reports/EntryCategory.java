package ai.mirroros.licensing.reports;

import ai.mirroros.licensing.ledger.JournalEntry;
import ai.mirroros.licensing.payout.PayoutLedger;
import java.util.Optional;

/**
 * What a journal entry means for a report, read from its kind and source id (the idempotency keys the posting code
 * gives them, see {@code PaymentAdjustments} and {@link PayoutLedger}). Entries that only move money between a
 * party's own accounts (holding-period releases, payout reservations) change no report figure and have no category.
 */
public enum EntryCategory {
    PAYMENT,
    REFUND,
    DISPUTE_HOLD,
    DISPUTE_WON,
    DISPUTE_LOST,
    PAYOUT_PAID,
    PAYOUT_REVERSED;

    /** The journal kinds a report reads; everything else is skipped in SQL. */
    static final String KINDS_SQL = "'" + JournalEntry.KIND_PAYMENT + "', '" + JournalEntry.KIND_ADJUSTMENT + "', '"
            + PayoutLedger.KIND + "'";

    static Optional<EntryCategory> of(String kind, String sourceId) {
        if (JournalEntry.KIND_PAYMENT.equals(kind)) {
            return Optional.of(PAYMENT);
        }
        if (JournalEntry.KIND_ADJUSTMENT.equals(kind)) {
            if (sourceId.startsWith("refund:")) {
                return Optional.of(REFUND);
            }
            if (sourceId.startsWith("dispute-hold:")) {
                return Optional.of(DISPUTE_HOLD);
            }
            if (sourceId.startsWith("dispute-won:")) {
                return Optional.of(DISPUTE_WON);
            }
            if (sourceId.startsWith("dispute-lost:")) {
                return Optional.of(DISPUTE_LOST);
            }
            return Optional.empty();
        }
        if (PayoutLedger.KIND.equals(kind) && sourceId.startsWith("payout:")) {
            if (sourceId.endsWith(":paid")) {
                return Optional.of(PAYOUT_PAID);
            }
            if (sourceId.contains(":reversed:")) {
                return Optional.of(PAYOUT_REVERSED);
            }
        }
        return Optional.empty();
    }

    boolean isAdjustment() {
        return this == REFUND || this == DISPUTE_HOLD || this == DISPUTE_WON || this == DISPUTE_LOST;
    }

    boolean isPayout() {
        return this == PAYOUT_PAID || this == PAYOUT_REVERSED;
    }
}
