package ai.mirroros.licensing.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The token bucket on a clock the test moves. */
class RateLimiterTest {
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

    private void advanceMillis(long millis) {
        nanos.addAndGet(millis * 1_000_000L);
    }

    private RateLimiter limiter(int perSecond, int burst) {
        return new RateLimiter(perSecond, burst, nanos::get);
    }

    @Test
    void aFreshKeyMayBurstThenIsRefusedWithTheWaitInWholeSeconds() {
        RateLimiter limiter = limiter(2, 3);

        for (int i = 0; i < 3; i++) {
            assertThat(limiter.tryAcquire("key").allowed()).as("request %d of the burst", i + 1).isTrue();
        }
        RateLimiter.Decision refused = limiter.tryAcquire("key");

        assertThat(refused.allowed()).isFalse();
        assertThat(refused.retryAfterSeconds()).isEqualTo(1);
    }

    @Test
    void tokensComeBackAtTheRate() {
        RateLimiter limiter = limiter(2, 1);
        assertThat(limiter.tryAcquire("key").allowed()).isTrue();
        assertThat(limiter.tryAcquire("key").allowed()).isFalse();

        advanceMillis(499);
        assertThat(limiter.tryAcquire("key").allowed()).as("not yet a whole token").isFalse();
        advanceMillis(1);
        assertThat(limiter.tryAcquire("key").allowed()).isTrue();
        assertThat(limiter.tryAcquire("key").allowed()).isFalse();
    }

    @Test
    void aLongPauseRefillsNoMoreThanTheBurst() {
        RateLimiter limiter = limiter(10, 3);
        limiter.tryAcquire("key");

        advanceMillis(60_000);

        int allowed = 0;
        while (limiter.tryAcquire("key").allowed()) {
            allowed++;
        }
        assertThat(allowed).isEqualTo(3);
    }

    @Test
    void retryAfterIsRoundedUpAndNeverZeroWhenRefused() {
        RateLimiter limiter = limiter(1, 1);
        limiter.tryAcquire("key");
        advanceMillis(100);

        RateLimiter.Decision refused = limiter.tryAcquire("key");

        assertThat(refused.allowed()).isFalse();
        assertThat(refused.retryAfterSeconds()).isEqualTo(1); // 0.9 s to go, said as 1 s
        advanceMillis(900);
        assertThat(limiter.tryAcquire("key").allowed()).isTrue();
    }

    @Test
    void eachKeyHasItsOwnBucket() {
        RateLimiter limiter = limiter(1, 1);
        assertThat(limiter.tryAcquire("a").allowed()).isTrue();
        assertThat(limiter.tryAcquire("a").allowed()).isFalse();
        assertThat(limiter.tryAcquire("b").allowed()).isTrue();
    }

    @Test
    void pastTheBucketCapEveryBucketStartsAfresh() {
        RateLimiter limiter = limiter(1, 1);
        limiter.tryAcquire("spent");
        assertThat(limiter.tryAcquire("spent").allowed()).isFalse();

        for (int i = 0; i < RateLimiter.MAX_BUCKETS; i++) {
            limiter.tryAcquire("client-" + i);
        }

        assertThat(limiter.tryAcquire("spent").allowed()).isTrue();
    }

    @Test
    void aRateOrBurstBelowOneIsRefused() {
        assertThatThrownBy(() -> limiter(0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> limiter(1, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
