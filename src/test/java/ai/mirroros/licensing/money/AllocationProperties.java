package ai.mirroros.licensing.money;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;

class AllocationProperties {

    /** Any long that has a negation, i.e. every amount a Money can be allocated from. */
    @Provide
    Arbitrary<Long> totals() {
        return Arbitraries.longs().between(-Long.MAX_VALUE, Long.MAX_VALUE);
    }

    /**
     * One to eight weights, not all zero. Small ones (basis points, ratios) and huge ones, which make total × weight
     * exceed 64 bits and take the exact wide-arithmetic path.
     */
    @Provide
    Arbitrary<long[]> weights() {
        Arbitrary<Long> small = Arbitraries.longs().between(0, 10_000);
        Arbitrary<Long> huge = Arbitraries.longs().between(0, Long.MAX_VALUE / 8);
        return Arbitraries.oneOf(small, huge).list().ofMinSize(1).ofMaxSize(8)
                .filter(list -> list.stream().anyMatch(weight -> weight > 0))
                .map(list -> list.stream().mapToLong(Long::longValue).toArray());
    }

    @Property
    void partsSumToTheWhole(@ForAll("totals") long total, @ForAll("weights") long[] weights) {
        long[] parts = Allocation.allocate(total, weights);

        BigInteger sum = BigInteger.ZERO;
        for (long part : parts) {
            sum = sum.add(BigInteger.valueOf(part));
        }
        assertThat(sum).isEqualTo(BigInteger.valueOf(total));
        assertThat(parts).hasSameSizeAs(weights);
    }

    @Property
    void allocatingTheNegationGivesTheNegatedParts(@ForAll("totals") long total, @ForAll("weights") long[] weights) {
        long[] positive = Allocation.allocate(total, weights);
        long[] negative = Allocation.allocate(-total, weights);

        for (int i = 0; i < positive.length; i++) {
            assertThat(negative[i]).isEqualTo(-positive[i]);
        }
    }

    @Property
    void eachPartIsWithinOneMinorUnitOfItsExactShare(@ForAll("totals") long total,
            @ForAll("weights") long[] weights) {
        long[] parts = Allocation.allocate(total, weights);

        BigInteger weightSum = BigInteger.ZERO;
        for (long weight : weights) {
            weightSum = weightSum.add(BigInteger.valueOf(weight));
        }
        for (int i = 0; i < parts.length; i++) {
            // |part - total * w / W| < 1, multiplied through by W to stay in integers.
            BigInteger distance = BigInteger.valueOf(parts[i]).multiply(weightSum)
                    .subtract(BigInteger.valueOf(total).multiply(BigInteger.valueOf(weights[i]))).abs();
            assertThat(distance).as("part %d of %s", i, List.of(parts)).isLessThan(weightSum);
        }
    }

    @Property
    void aZeroWeightGetsNothing(@ForAll("totals") long total, @ForAll("weights") long[] weights) {
        long[] parts = Allocation.allocate(total, weights);

        for (int i = 0; i < weights.length; i++) {
            if (weights[i] == 0) {
                assertThat(parts[i]).isZero();
            }
        }
    }

    @Property
    void twoWayBasisPointSplitGivesTheFirstPartItsShareRoundedHalfUp(
            @ForAll @LongRange(min = 0, max = 1_000_000_000_000L) long total,
            @ForAll @LongRange(min = 0, max = 10_000) long firstBasisPoints) {
        long[] parts = Allocation.allocate(total, firstBasisPoints, 10_000 - firstBasisPoints);

        // With two parts the remainders are complementary, so largest remainder with the tie to the first part is
        // exactly HALF_UP rounding of the first part's share: what the split engine relies on for monotonicity.
        assertThat(parts[0]).isEqualTo(Rounding.divideHalfUp(total * firstBasisPoints, 10_000));
    }
}
