package ai.mirroros.licensing.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

class LatencyHistogramProperties {
    private static final double[] PERCENTILES = {0, 1, 50, 90, 99, 99.9, 100};

    /** Against the exact rank-⌈p·n⌉ value of the sorted array: never below it, at most 1/128 above it. */
    @Property
    void percentilesAreWithinOneBucketOfTheExactValue(
            @ForAll @Size(min = 1, max = 400) List<@LongRange(min = 0, max = 60_000_000) Long> values) {
        LatencyHistogram h = new LatencyHistogram();
        values.forEach(h::record);
        long[] sorted = values.stream().mapToLong(Long::longValue).sorted().toArray();

        for (double p : PERCENTILES) {
            long exact = sorted[(int) Math.max(0, Math.ceil(p / 100 * sorted.length) - 1)];
            assertThat(h.valueAtPercentileUs(p)).as("p%s of %s", p, Arrays.toString(sorted))
                    .isBetween(exact, exact + exact / LatencyHistogram.SUB_BUCKETS);
        }
        assertThat(h.maxUs()).isEqualTo(sorted[sorted.length - 1]);
        assertThat(h.count()).isEqualTo(sorted.length);
    }
}
