package ai.mirroros.licensing.live;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * One thing a vault's partner hears about live: an activity log entry that moved its money.
 *
 * @param vaultId  the vault whose stream carries the event
 * @param seq      the activity log seq: the event's id on the stream and the resume point ({@code Last-Event-ID})
 * @param kind     the event name on the stream
 * @param type     the activity type, e.g. {@code payment.split}
 * @param sourceId the external object (payment, transfer, payout id); empty for a referral commission, whose payment
 *                 belongs to the referred vault and is not the referrer's to see
 * @param referral true when the vault is on the stream as a referrer earning (or losing) a commission on another
 *                 vault's payment, false when the entry is the vault's own
 */
public record LiveEvent(String vaultId, long seq, Kind kind, String type, Optional<String> sourceId,
                        Instant occurredAt, boolean referral) {

    /** The event names of the stream. */
    public enum Kind {
        PAYMENT, REFUND, DISPUTE, PAYOUT;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public LiveEvent {
        Objects.requireNonNull(vaultId, "vaultId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(sourceId, "sourceId");
        Objects.requireNonNull(occurredAt, "occurredAt");
        if (seq < 1) {
            throw new IllegalArgumentException("activity seqs start at 1, got " + seq);
        }
        if (referral && sourceId.isPresent()) {
            throw new IllegalArgumentException("a referral event must not name the referred vault's payment");
        }
    }
}
