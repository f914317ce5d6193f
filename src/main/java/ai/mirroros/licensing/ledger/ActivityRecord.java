package ai.mirroros.licensing.ledger;

import ai.mirroros.licensing.LicensingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Something to append to the activity log: what happened, when, to which vault, caused by which external object,
 * with a JSON payload. Validated here, before the append takes the chain lock.
 *
 * <p>{@code occurredAt} is truncated to microseconds, the precision both databases store, so that the hash computed
 * at append time is the hash recomputed from the stored row.
 *
 * @param type a dotted lower-case name such as {@code payment.split}, {@code tier.changed}, {@code payout.paid}
 * @param sourceId the external object that caused it, e.g. a Stripe payment intent id
 */
public record ActivityRecord(
        Instant occurredAt, String type, Optional<String> vaultId, Optional<String> sourceId, CanonicalJson payload) {

    public static final int MAX_TYPE_LENGTH = 64;
    public static final int MAX_VAULT_ID_LENGTH = 128;
    public static final int MAX_SOURCE_ID_LENGTH = 255;
    /** An entry describes one event; 16 Ki characters is far above any real payload and bounds a batch's memory. */
    public static final int MAX_PAYLOAD_CHARS = 16_384;
    /** Four-digit years only: the hashed ISO-8601 text and both databases agree on them. */
    public static final Instant MIN_TIME = Instant.parse("0001-01-01T00:00:00Z");
    public static final Instant MAX_TIME = Instant.parse("9999-12-31T23:59:59.999999Z");

    private static final Pattern TYPE = Pattern.compile("[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)+");
    private static final String INVALID = "invalid_activity_record";

    public ActivityRecord {
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(vaultId, "vaultId");
        Objects.requireNonNull(sourceId, "sourceId");
        Objects.requireNonNull(payload, "payload");
        occurredAt = occurredAt.truncatedTo(ChronoUnit.MICROS);
        requireTime("occurredAt", occurredAt);
        if (type.length() > MAX_TYPE_LENGTH || !TYPE.matcher(type).matches()) {
            throw new LicensingException(INVALID, "type '" + type + "' must be dotted lower-case words such as "
                    + "payment.split, at most " + MAX_TYPE_LENGTH + " characters");
        }
        vaultId.ifPresent(id -> requireId("vaultId", id, MAX_VAULT_ID_LENGTH));
        sourceId.ifPresent(id -> requireId("sourceId", id, MAX_SOURCE_ID_LENGTH));
        if (payload.text().length() > MAX_PAYLOAD_CHARS) {
            throw new LicensingException(INVALID, "payload of " + type + " is " + payload.text().length()
                    + " characters; at most " + MAX_PAYLOAD_CHARS + " are allowed");
        }
    }

    /** A record without vault or source; add them with {@link #forVault} and {@link #fromSource}. */
    public static ActivityRecord of(Instant occurredAt, String type, Map<String, ?> payload) {
        return new ActivityRecord(occurredAt, type, Optional.empty(), Optional.empty(), CanonicalJson.of(payload));
    }

    public static ActivityRecord of(Instant occurredAt, String type, ObjectNode payload) {
        return new ActivityRecord(occurredAt, type, Optional.empty(), Optional.empty(), CanonicalJson.of(payload));
    }

    public ActivityRecord forVault(String id) {
        return new ActivityRecord(occurredAt, type, Optional.of(id), sourceId, payload);
    }

    public ActivityRecord fromSource(String id) {
        return new ActivityRecord(occurredAt, type, vaultId, Optional.of(id), payload);
    }

    static void requireTime(String field, Instant time) {
        if (time.isBefore(MIN_TIME) || time.isAfter(MAX_TIME)) {
            throw new LicensingException(INVALID, field + " " + time + " is outside years 0001-9999");
        }
    }

    private static void requireId(String field, String id, int maxLength) {
        if (id.isBlank() || id.length() > maxLength) {
            throw new LicensingException(INVALID, field + " must be 1-" + maxLength + " characters, got '" + id + "'");
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (Character.isISOControl(c) || Character.isSurrogate(c)) {
                throw new LicensingException(INVALID, field + " '" + id.replaceAll("\\p{Cntrl}", "?")
                        + "' contains a control or surrogate character at index " + i);
            }
        }
    }
}
