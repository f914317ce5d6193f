package ai.mirroros.licensing.access;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * A token bucket per API key: {@code perSecond} requests a second on average, bursts of up to {@code burst}. Kept
 * in memory: it protects one server from one runaway client, it is not a quota. Buckets are keyed by API key id and,
 * for failed sign-ins, by client address; past {@link #MAX_BUCKETS} they are all dropped (every client starts with a
 * full burst again) rather than grow without bound.
 */
public final class RateLimiter {
    public static final int MAX_BUCKETS = 100_000;

    private final double perSecond;
    private final double burst;
    private final LongSupplier nanoTime;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    /** What one request got: allowed, or refused with the seconds until a token is back. */
    public record Decision(boolean allowed, long retryAfterSeconds) {
    }

    public RateLimiter(int perSecond, int burst, LongSupplier nanoTime) {
        if (perSecond <= 0 || burst < 1) {
            throw new IllegalArgumentException("a rate limit needs a positive rate and a burst of at least 1");
        }
        this.perSecond = perSecond;
        this.burst = burst;
        this.nanoTime = nanoTime;
    }

    public Decision tryAcquire(String bucket) {
        if (buckets.size() >= MAX_BUCKETS) {
            buckets.clear();
        }
        return buckets.computeIfAbsent(bucket, k -> new Bucket(burst, nanoTime.getAsLong())).take();
    }

    private final class Bucket {
        private double tokens;
        private long refilledAt;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.refilledAt = now;
        }

        synchronized Decision take() {
            long now = nanoTime.getAsLong();
            tokens = Math.min(burst, tokens + (now - refilledAt) / 1e9 * perSecond);
            refilledAt = now;
            if (tokens >= 1) {
                tokens -= 1;
                return new Decision(true, 0);
            }
            return new Decision(false, (long) Math.ceil((1 - tokens) / perSecond));
        }
    }
}
