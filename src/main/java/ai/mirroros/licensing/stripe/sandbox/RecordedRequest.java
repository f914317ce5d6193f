package ai.mirroros.licensing.stripe.sandbox;

import java.time.Instant;
import java.util.Optional;

/**
 * One request the sandbox answered, for assertions such as "the client retried with the same key".
 *
 * @param status   the HTTP status answered, or {@link #NO_ANSWER} when the connection was reset instead
 * @param replayed the answer was a saved idempotent result
 * @param fault    the injected fault that applied, described (e.g. {@code respond 503})
 */
public record RecordedRequest(Instant at, String method, String path, Optional<String> idempotencyKey,
                              Optional<String> stripeAccount, int status, boolean replayed,
                              Optional<String> fault) {
    /** The status recorded for a request whose connection was reset without an answer. */
    public static final int NO_ANSWER = 0;
}
