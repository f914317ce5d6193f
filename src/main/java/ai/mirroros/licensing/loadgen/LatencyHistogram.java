package ai.mirroros.licensing.loadgen;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;

/**
 * A fixed-size, log-linear histogram of latencies in microseconds, in the manner of HdrHistogram: values below
 * {@value #EXACT_LIMIT_US} µs are counted exactly, larger ones in buckets no wider than 1/{@value #SUB_BUCKETS} of
 * their value, so a reported percentile is never below the true one and at most 0.8 % above it. Memory is constant
 * ({@value #BUCKETS} counters) however many values are recorded, and {@link #record} is safe from many threads.
 */
public final class LatencyHistogram {
    /** 2^7 sub-buckets per power of two: a relative error of at most 1/128 (0.8 %), finer than run-to-run noise. */
    static final int SUB_BUCKET_BITS = 7;
    static final int SUB_BUCKETS = 1 << SUB_BUCKET_BITS;
    static final long EXACT_LIMIT_US = 2L * SUB_BUCKETS;
    /** 2^40 µs is 12 days; longer values are clamped into the last bucket (the exact maximum is kept apart). */
    static final long TRACKABLE_MAX_US = (1L << 40) - 1;
    static final int BUCKETS = bucketOf(TRACKABLE_MAX_US) + 1;

    private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);
    private final LongAdder count = new LongAdder();
    private final LongAdder sumUs = new LongAdder();
    private final LongAccumulator maxUs = new LongAccumulator(Math::max, 0);

    /** Records one latency; negative values (a clock that stepped back) count as zero. */
    public void record(long valueUs) {
        long value = Math.max(0, valueUs);
        counts.incrementAndGet(bucketOf(Math.min(value, TRACKABLE_MAX_US)));
        count.increment();
        sumUs.add(value);
        maxUs.accumulate(value);
    }

    public long count() {
        return count.sum();
    }

    public long maxUs() {
        return maxUs.get();
    }

    public double meanUs() {
        long n = count.sum();
        return n == 0 ? 0 : (double) sumUs.sum() / n;
    }

    /**
     * The smallest recorded value (to the bucket's precision) that at least {@code percentile} % of the values do
     * not exceed: the rank-⌈p·n⌉ value, as HdrHistogram and most load tools define it. 0 when nothing was recorded.
     */
    public long valueAtPercentileUs(double percentile) {
        if (!(percentile >= 0 && percentile <= 100)) {
            throw new IllegalArgumentException("percentile must be within 0..100: " + percentile);
        }
        long n = count.sum();
        if (n == 0) {
            return 0;
        }
        long rank = Math.max(1, (long) Math.ceil(percentile / 100.0 * n));
        long seen = 0;
        for (int bucket = 0; bucket < BUCKETS; bucket++) {
            seen += counts.get(bucket);
            if (seen >= rank) {
                return Math.min(highestEquivalent(bucket), maxUs.get());
            }
        }
        return maxUs.get(); // recorders raced past the count read above; the maximum is the honest answer
    }

    /** p50, p90, p99, p99.9, max and mean in milliseconds. */
    public Summary summary() {
        return new Summary(count(), toMs(valueAtPercentileUs(50)), toMs(valueAtPercentileUs(90)),
                toMs(valueAtPercentileUs(99)), toMs(valueAtPercentileUs(99.9)), toMs(maxUs()), meanUs() / 1_000.0);
    }

    /** Latency percentiles of one run, in milliseconds. */
    public record Summary(long count, double p50Ms, double p90Ms, double p99Ms, double p999Ms, double maxMs,
                          double meanMs) {
    }

    private static double toMs(long us) {
        return us / 1_000.0;
    }

    /**
     * Values below {@link #EXACT_LIMIT_US} map to themselves; above, each power-of-two range [2^e, 2^(e+1)) is cut
     * into {@link #SUB_BUCKETS} equal buckets, indexed by the value's top {@code SUB_BUCKET_BITS + 1} bits.
     */
    static int bucketOf(long value) {
        if (value < EXACT_LIMIT_US) {
            return (int) value;
        }
        int exponent = 63 - Long.numberOfLeadingZeros(value);
        int shift = exponent - SUB_BUCKET_BITS;
        long top = value >>> shift; // in [SUB_BUCKETS, 2 * SUB_BUCKETS)
        return (int) (EXACT_LIMIT_US + (long) (shift - 1) * SUB_BUCKETS + (top - SUB_BUCKETS));
    }

    /** The largest value that falls in {@code bucket}. */
    static long highestEquivalent(int bucket) {
        if (bucket < EXACT_LIMIT_US) {
            return bucket;
        }
        long offset = bucket - EXACT_LIMIT_US;
        int shift = (int) (offset / SUB_BUCKETS) + 1;
        long top = SUB_BUCKETS + offset % SUB_BUCKETS;
        return ((top + 1) << shift) - 1;
    }
}
