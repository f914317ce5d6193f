package ai.mirroros.licensing.ingest;

import java.util.Locale;

/** Where an inbox event is in its life. */
public enum EventStatus {
    /** Stored, waiting for the processor. */
    PENDING,
    /** Its postings (or the finding that it changes nothing) are committed. */
    PROCESSED,
    /** Stored and deliberately not acted on: an event type the engine does not consume. */
    IGNORED,
    /**
     * Cannot be processed yet: unknown vault, missing metadata, or waiting for the payment it refers to. Never
     * dropped and never blocking the queue; retried automatically when the awaited payment arrives, or by hand with
     * {@code licensing events retry}.
     */
    PARKED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static EventStatus fromWireName(String name) {
        for (EventStatus status : values()) {
            if (status.wireName().equals(name)) {
                return status;
            }
        }
        throw new IllegalArgumentException("unknown event status '" + name + "'");
    }
}
