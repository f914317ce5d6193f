package ai.mirroros.licensing.ingest;

import java.time.Instant;
import java.util.Objects;

/**
 * A Stripe event on its way into the inbox: its id, type and creation time (read from the payload) and the payload
 * byte for byte as it arrived.
 */
public record IncomingEvent(String eventId, String type, Instant createdAt, String payload, Origin origin) {
    /** Stripe's ids are short; the bound keeps the unique index small and a hostile id out. */
    public static final int EVENT_ID_CHARS_MAX = 255;
    public static final int TYPE_CHARS_MAX = 100;

    /** How the event reached us. */
    public enum Origin {
        /** A signed delivery to {@code POST /webhooks/stripe}. */
        WEBHOOK,
        /** {@code licensing events import}: an export of Stripe events, replayed. */
        IMPORT;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public IncomingEvent {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(origin, "origin");
    }
}
