package ai.mirroros.licensing.payout;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * How long a payout waits after a failed attempt: exponential backoff from {@code base}, doubled per attempt up to
 * {@code cap}, with full jitter (a random wait between half and all of it, so that a thousand payouts failed by one
 * outage do not return in one burst), never sooner than Stripe's Retry-After. After {@code maxAttempts} transient
 * failures the payout stops sending; after {@code settle}, long enough for a request still running at Stripe to
 * finish, the run asks Stripe whether the transfer exists before it lets go of the money. A balance too small waits {@code settlementWait}: Stripe's balance grows when charges
 * settle, not within seconds.
 */
public record RetryPolicy(Duration base, Duration cap, int maxAttempts, Duration settlementWait, Duration settle) {
    /** Far longer than any Stripe request runs (stripe-java's default read timeout is 80 s). */
    public static final Duration SETTLE_DEFAULT = Duration.ofMinutes(10);
    public static final RetryPolicy DEFAULT = new RetryPolicy(Duration.ofSeconds(2), Duration.ofMinutes(5), 8,
            Duration.ofHours(1), SETTLE_DEFAULT);

    public RetryPolicy {
        if (base.isNegative() || cap.compareTo(base) < 0 || maxAttempts < 1 || settlementWait.isNegative()
                || settle.isNegative()) {
            throw new IllegalArgumentException("invalid retry policy: base " + base + ", cap " + cap
                    + ", max attempts " + maxAttempts + ", settlement wait " + settlementWait + ", settle " + settle);
        }
    }

    /** With the default {@link #SETTLE_DEFAULT}. */
    public RetryPolicy(Duration base, Duration cap, int maxAttempts, Duration settlementWait) {
        this(base, cap, maxAttempts, settlementWait, SETTLE_DEFAULT);
    }

    /** When to try again after transient failure number {@code attempts} (1 for the first); empty: give up. */
    public Optional<Instant> afterTransient(int attempts, Instant now, Optional<Duration> retryAfter,
                                            RandomGenerator random) {
        if (attempts >= maxAttempts) {
            return Optional.empty();
        }
        Duration wait = backoff(attempts, random);
        if (retryAfter.isPresent() && retryAfter.get().compareTo(wait) > 0) {
            wait = retryAfter.get();
        }
        return Optional.of(now.plus(wait));
    }

    public Instant afterInsufficientFunds(Instant now) {
        return now.plus(settlementWait);
    }

    Duration backoff(int attempts, RandomGenerator random) {
        long ceiling = cap.toMillis();
        long exp = base.toMillis() << Math.min(30, Math.max(0, attempts - 1));
        long full = Math.min(ceiling, exp < 0 ? ceiling : exp);
        long half = full / 2;
        return Duration.ofMillis(half + (full > half ? random.nextLong(full - half + 1) : 0));
    }
}
