package ai.mirroros.licensing.stripe.sandbox;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A fault to inject: it applies to the next {@code times} requests whose method matches ({@link #ANY_METHOD} for
 * all) and whose path starts with {@code pathPrefix}. Control endpoints ({@code /_sandbox/…}) are never faulted.
 */
public record Fault(String method, String pathPrefix, int times, Effect effect) {
    public static final String ANY_METHOD = "*";
    /** A fault is for a scenario, not a soak test; a bigger count is almost certainly a typo. */
    public static final int TIMES_MAX = 10_000;
    /** Longer than any client timeout worth testing (stripe-java's default read timeout is 80 s). */
    public static final Duration DELAY_MAX = Duration.ofSeconds(120);
    /** A {@code Retry-After} longer than an hour would stall a test, not exercise a backoff. */
    public static final Duration RETRY_AFTER_MAX = Duration.ofHours(1);

    public Fault {
        method = Objects.requireNonNull(method, "method").toUpperCase(Locale.ROOT);
        Objects.requireNonNull(pathPrefix, "pathPrefix");
        if (!pathPrefix.startsWith("/")) {
            throw new IllegalArgumentException("pathPrefix must start with '/': " + pathPrefix);
        }
        if (times < 1 || times > TIMES_MAX) {
            throw new IllegalArgumentException("times must be 1.." + TIMES_MAX + ": " + times);
        }
        Objects.requireNonNull(effect, "effect");
    }

    /** What the fault does to a matching request. */
    public sealed interface Effect permits Respond, Delay, SlowEndpoint, FailAfterCommit, ResetConnection {
        /** A short description for the request log, e.g. {@code respond 503}. */
        String describe();
    }

    /**
     * Answer {@code status} with a Stripe error body before the request reaches the endpoint: nothing happens and
     * nothing is saved under the idempotency key, so a retry runs for real. With {@code retryAfter} the answer
     * carries a {@code Retry-After} header in whole seconds (rounded up), as rate limiters and overloaded
     * servers send; stripe-java does not act on it, the caller has to (it is on
     * {@code e.getStripeError().getLastResponse().headers()}).
     */
    public record Respond(int status, String type, Optional<String> code, String message,
                          Optional<Duration> retryAfter) implements Effect {
        public Respond {
            if (status < 400 || status > 599) {
                throw new IllegalArgumentException("an injected response is an error status (4xx/5xx): " + status);
            }
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(message, "message");
            Objects.requireNonNull(retryAfter, "retryAfter");
            retryAfter.ifPresent(wait -> {
                if (wait.isNegative() || wait.compareTo(RETRY_AFTER_MAX) > 0) {
                    throw new IllegalArgumentException("retryAfter must be 0.." + RETRY_AFTER_MAX + ": " + wait);
                }
            });
        }

        public Respond(int status, String type, Optional<String> code, String message) {
            this(status, type, code, message, Optional.empty());
        }

        /** The same answer with a {@code Retry-After} header. */
        public Respond withRetryAfter(Duration wait) {
            return new Respond(status, type, code, message, Optional.of(wait));
        }

        /** {@code Retry-After} takes whole seconds; a fraction rounds up so a client never retries too early. */
        Optional<String> retryAfterHeader() {
            return retryAfter.map(wait -> Long.toString(wait.toSeconds() + (wait.toNanosPart() > 0 ? 1 : 0)));
        }

        /** The error body Stripe sends for {@code status}. */
        public static Respond stripeLike(int status) {
            return switch (status) {
                case 402 -> new Respond(402, StripeApiError.CARD_ERROR, Optional.of("card_declined"),
                        "Your card was declined.");
                case 409 -> new Respond(409, StripeApiError.INVALID_REQUEST, Optional.of("lock_timeout"),
                        "This object cannot be accessed right now because another API request or Stripe process "
                                + "is currently accessing it.");
                case 429 -> new Respond(429, StripeApiError.INVALID_REQUEST, Optional.of("rate_limit"),
                        "Request rate limit exceeded. Learn more about rate limits here "
                                + "https://stripe.com/docs/rate-limits.");
                default -> status >= 500
                        ? new Respond(status, StripeApiError.API_ERROR, Optional.empty(),
                        "Sorry, something went wrong on Stripe's end (injected by the sandbox).")
                        : new Respond(status, StripeApiError.INVALID_REQUEST, Optional.empty(),
                        "Injected error " + status + ".");
            };
        }

        @Override
        public String describe() {
            return "respond " + status + retryAfterHeader().map(seconds -> " retry-after " + seconds + "s").orElse("");
        }
    }

    /**
     * The endpoint runs at once (its effect is applied and saved under the idempotency key); only the answer is
     * held back by {@code delay} — the case where a client times out although Stripe has acted.
     */
    public record Delay(Duration delay) implements Effect {
        public Delay {
            if (delay.isNegative() || delay.compareTo(DELAY_MAX) > 0) {
                throw new IllegalArgumentException("delay must be 0.." + DELAY_MAX + ": " + delay);
            }
        }

        @Override
        public String describe() {
            return "delay " + delay.toMillis() + "ms";
        }
    }

    /**
     * The endpoint takes {@code duration} before it runs (Stripe being slow, not the network): meanwhile its
     * idempotency key is in flight, so a twin request with the same key gets 409 {@code idempotency_key_in_use},
     * and a client whose read timeout is shorter gives up although the effect then happens.
     */
    public record SlowEndpoint(Duration duration) implements Effect {
        public SlowEndpoint {
            if (duration.isNegative() || duration.compareTo(DELAY_MAX) > 0) {
                throw new IllegalArgumentException("duration must be 0.." + DELAY_MAX + ": " + duration);
            }
        }

        @Override
        public String describe() {
            return "slow endpoint " + duration.toMillis() + "ms";
        }
    }

    /** When a reset happens relative to the endpoint. */
    public enum ResetPoint {
        /** Nothing happened: the request never reached the endpoint and its key stays unused. */
        BEFORE_ENDPOINT,
        /** The endpoint ran and its answer is saved under the key; only the answer is lost. */
        AFTER_COMMIT
    }

    /**
     * The server drops the connection (TCP reset) without any HTTP answer, either before the endpoint runs or after
     * it has run and saved its answer under the idempotency key. stripe-java reports an
     * {@code ApiConnectionException} and, unlike for a connect failure or a read timeout, does not retry it itself.
     */
    public record ResetConnection(ResetPoint point) implements Effect {
        public ResetConnection {
            Objects.requireNonNull(point, "point");
        }

        @Override
        public String describe() {
            return point == ResetPoint.BEFORE_ENDPOINT ? "reset before endpoint" : "reset after commit";
        }
    }

    /**
     * The endpoint runs and its real answer is saved under the idempotency key, but this response is a 500: what
     * a client sees when a proxy or the network fails after Stripe committed. A retry with the same key gets the
     * saved answer; a retry without one does the thing twice.
     */
    public record FailAfterCommit() implements Effect {
        @Override
        public String describe() {
            return "fail_after_commit";
        }
    }

    /** Answer the next {@code times} matching requests with {@code status} and Stripe's error body for it. */
    public static Fault respond(String method, String pathPrefix, int times, int status) {
        return new Fault(method, pathPrefix, times, Respond.stripeLike(status));
    }

    /**
     * 429 {@code rate_limit} with {@code Retry-After}: stripe-java throws a {@code RateLimitException} (and does not
     * retry it).
     */
    public static Fault rateLimited(String method, String pathPrefix, int times, Duration retryAfter) {
        return new Fault(method, pathPrefix, times, Respond.stripeLike(429).withRetryAfter(retryAfter));
    }

    /** 503 {@code api_error} with {@code Retry-After}, as an overloaded Stripe answers; stripe-java retries 5xx. */
    public static Fault unavailable(String method, String pathPrefix, int times, Duration retryAfter) {
        return new Fault(method, pathPrefix, times, Respond.stripeLike(503).withRetryAfter(retryAfter));
    }

    /** The connection is reset before the request reaches the endpoint: nothing happened. */
    public static Fault resetBeforeEndpoint(String method, String pathPrefix, int times) {
        return new Fault(method, pathPrefix, times, new ResetConnection(ResetPoint.BEFORE_ENDPOINT));
    }

    /** The endpoint runs and its answer is saved under the key, then the connection is reset: the answer is lost. */
    public static Fault resetAfterCommit(String method, String pathPrefix, int times) {
        return new Fault(method, pathPrefix, times, new ResetConnection(ResetPoint.AFTER_COMMIT));
    }

    /** The endpoint waits {@code duration} before it runs, its idempotency key in flight meanwhile. */
    public static Fault slowEndpoint(String method, String pathPrefix, int times, Duration duration) {
        return new Fault(method, pathPrefix, times, new SlowEndpoint(duration));
    }

    public static Fault delay(String method, String pathPrefix, int times, Duration delay) {
        return new Fault(method, pathPrefix, times, new Delay(delay));
    }

    public static Fault failAfterCommit(String method, String pathPrefix, int times) {
        return new Fault(method, pathPrefix, times, new FailAfterCommit());
    }

    boolean matches(String requestMethod, String path) {
        return (method.equals(ANY_METHOD) || method.equalsIgnoreCase(requestMethod)) && path.startsWith(pathPrefix);
    }
}
