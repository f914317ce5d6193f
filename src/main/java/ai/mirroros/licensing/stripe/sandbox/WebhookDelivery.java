package ai.mirroros.licensing.stripe.sandbox;

import java.time.Instant;
import java.util.Optional;

/** One attempt to deliver an event to the webhook endpoint. */
public record WebhookDelivery(String eventId, String eventType, int attempt, Outcome outcome,
                              Optional<Integer> status, Optional<String> error, Instant at) {
    public enum Outcome {
        /** The endpoint answered 2xx. */
        DELIVERED,
        /** The attempt failed (non-2xx, timeout, connection refused) and another is scheduled. */
        RETRY_SCHEDULED,
        /** The attempt failed and it was the last one. */
        GAVE_UP,
        /** Too many deliveries were queued; the event was not sent (it is still in the event list). */
        DROPPED
    }
}
