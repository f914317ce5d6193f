package ai.mirroros.licensing.loadgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class LatencyHistogramTest {
    @Test
    void valuesBelow256MicrosecondsAreExact() {
        LatencyHistogram h = new LatencyHistogram();
        for (long v = 1; v <= 100; v++) {
            h.record(v);
        }

        assertThat(h.valueAtPercentileUs(50)).isEqualTo(50);
        assertThat(h.valueAtPercentileUs(99)).isEqualTo(99);
        assertThat(h.valueAtPercentileUs(100)).isEqualTo(100);
        assertThat(h.valueAtPercentileUs(0)).isEqualTo(1);
        assertThat(h.maxUs()).isEqualTo(100);
        assertThat(h.meanUs()).isEqualTo(50.5);
    }

    @Test
    void aLargeValueIsReportedWithinOneBucketAboveItAndNeverAboveTheMaximum() {
        LatencyHistogram h = new LatencyHistogram();
        h.record(5_000); // 5 ms
        h.record(1_234_567);

        assertThat(h.valueAtPercentileUs(50)).isBetween(5_000L, 5_000L + 5_000L / 128);
        assertThat(h.valueAtPercentileUs(100)).isEqualTo(1_234_567);
    }

    @Test
    void summaryIsInMilliseconds() {
        LatencyHistogram h = new LatencyHistogram();
        for (int i = 0; i < 99; i++) {
            h.record(200);
        }
        h.record(20_000);

        LatencyHistogram.Summary s = h.summary();
        assertThat(s.count()).isEqualTo(100);
        assertThat(s.p50Ms()).isEqualTo(0.2);
        assertThat(s.p99Ms()).isEqualTo(0.2);
        assertThat(s.p999Ms()).isBetween(20.0, 20.0 * 129 / 128);
        assertThat(s.maxMs()).isEqualTo(20.0);
    }

    @Test
    void anEmptyHistogramReportsZeroAndNegativeValuesCountAsZero() {
        LatencyHistogram h = new LatencyHistogram();
        assertThat(h.summary()).isEqualTo(new LatencyHistogram.Summary(0, 0, 0, 0, 0, 0, 0));

        h.record(-5);
        assertThat(h.valueAtPercentileUs(100)).isZero();
        assertThat(h.count()).isOne();
        assertThatThrownBy(() -> h.valueAtPercentileUs(101)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void bucketsCoverEveryValueInOrder() {
        for (long v = 0; v < 1L << 22; v++) {
            int bucket = LatencyHistogram.bucketOf(v);
            boolean inBucket = LatencyHistogram.highestEquivalent(bucket) >= v
                    && (bucket == 0 || LatencyHistogram.highestEquivalent(bucket - 1) < v);
            if (!inBucket) {
                throw new AssertionError(v + " is not in bucket " + bucket);
            }
        }
        assertThat(LatencyHistogram.bucketOf(LatencyHistogram.TRACKABLE_MAX_US))
                .isEqualTo(LatencyHistogram.BUCKETS - 1);
        assertThat(LatencyHistogram.highestEquivalent(LatencyHistogram.BUCKETS - 1))
                .isEqualTo(LatencyHistogram.TRACKABLE_MAX_US);
    }

    @Test
    void valuesBeyondTheTrackableRangeKeepTheirExactMaximum() {
        LatencyHistogram h = new LatencyHistogram();
        h.record(Long.MAX_VALUE / 2);

        assertThat(h.valueAtPercentileUs(100)).isEqualTo(LatencyHistogram.TRACKABLE_MAX_US);
        assertThat(h.maxUs()).isEqualTo(Long.MAX_VALUE / 2);
    }

    @Test
    void recordsFromManyThreadsAreAllCounted() throws Exception {
        LatencyHistogram h = new LatencyHistogram();
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                done.add(pool.submit(() -> {
                    for (int i = 1; i <= 10_000; i++) {
                        h.record(i);
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        }
        assertThat(h.count()).isEqualTo(40_000);
        assertThat(h.maxUs()).isEqualTo(10_000);
        assertThat(h.valueAtPercentileUs(50)).isBetween(5_000L, 5_000L + 5_000L / 128);
    }
}
