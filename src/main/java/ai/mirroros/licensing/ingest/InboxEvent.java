package ai.mirroros.licensing.ingest;

import java.time.Instant;
import java.util.Optional;

/** One stored inbox row. */
public record InboxEvent(long seq, String eventId, String type, Instant createdAt, Instant receivedAt,
                         IncomingEvent.Origin origin, String payload, EventStatus status, int attempts,
                         Optional<String> reason, Optional<String> awaitsKey, Optional<Instant> processedAt) {
}
