package ai.mirroros.licensing.tax;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/** The included-tax rule: parts sum to the gross, tax is never negative, more rate never means less tax. */
class IncludedTaxProperties {
    /** Far above any single sale, well below the overflow of gross × 10000. */
    private static final long GROSS_MAX = 100_000_000_000_000L;

    @Test
    void aGermanSaleOf119EuroAt19PercentIsTaxable100AndTax19() {
        assertThat(IncludedTax.of(11_900, 1900)).isEqualTo(new IncludedTax.Parts(10_000, 1_900));
    }

    @Test
    void aRefundOfHalfHalvesTheTaxableAmountAndTheTax() {
        assertThat(IncludedTax.afterReversal(IncludedTax.of(11_900, 1900), 5_950))
                .isEqualTo(new IncludedTax.Parts(5_000, 950));
    }

    @Test
    void roundingOfTheTaxableAmountIsHalfUp() {
        // 1.00 at 20 %: 100 × 10000 / 12000 = 83.33… → 83, tax 17; 0.03 at 20 %: 2.5 → 3, tax 0.
        assertThat(IncludedTax.of(100, 2000)).isEqualTo(new IncludedTax.Parts(83, 17));
        assertThat(IncludedTax.of(3, 2000)).isEqualTo(new IncludedTax.Parts(3, 0));
        assertThat(IncludedTax.of(1_000, 0)).isEqualTo(new IncludedTax.Parts(1_000, 0));
    }

    @Property
    void taxableAndTaxSumToTheGrossAndNeitherIsNegative(@ForAll @LongRange(min = 0, max = GROSS_MAX) long gross,
                                                      @ForAll @IntRange(min = 0, max = TaxRate.RATE_BP_MAX) int rate) {
        IncludedTax.Parts parts = IncludedTax.of(gross, rate);
        assertThat(parts.taxableMinor() + parts.taxMinor()).isEqualTo(gross);
        assertThat(parts.taxMinor()).isNotNegative();
        assertThat(parts.taxableMinor()).isNotNegative();
    }

    @Property
    void theTaxIsWithinHalfAUnitOfTheExactIncludedTax(@ForAll @LongRange(min = 0, max = 1_000_000_000L) long gross,
                                                     @ForAll @IntRange(min = 0, max = 5000) int rate) {
        IncludedTax.Parts parts = IncludedTax.of(gross, rate);
        // |taxable − gross × 10000 / (10000 + rate)| ≤ 1/2, in integers: |2·taxable·d − 2·gross·10000| ≤ d.
        long d = 10_000L + rate;
        assertThat(Math.abs(2 * parts.taxableMinor() * d - 2 * gross * 10_000L)).isLessThanOrEqualTo(d);
    }

    @Property
    void aHigherRateNeverGivesLessTax(@ForAll @LongRange(min = 0, max = GROSS_MAX) long gross,
                                      @ForAll @IntRange(min = 0, max = TaxRate.RATE_BP_MAX) int rate,
                                      @ForAll @IntRange(min = 0, max = 500) int more) {
        int higher = Math.min(TaxRate.RATE_BP_MAX, rate + more);
        assertThat(IncludedTax.of(gross, higher).taxMinor()).isGreaterThanOrEqualTo(IncludedTax.of(gross, rate)
                .taxMinor());
    }

    @Property
    void reversalsLeavePartsThatSumToWhatRemainsAndAFullReversalLeavesNoTax(
            @ForAll @LongRange(min = 1, max = 1_000_000_000L) long gross,
            @ForAll @IntRange(min = 0, max = 3000) int rate, @ForAll @IntRange(min = 0, max = 1000) int permille) {
        IncludedTax.Parts original = IncludedTax.of(gross, rate);
        long reversed = gross * permille / 1000;
        IncludedTax.Parts left = IncludedTax.afterReversal(original, reversed);
        assertThat(left.grossMinor()).isEqualTo(gross - reversed);
        assertThat(left.taxMinor()).isBetween(0L, original.taxMinor());
        assertThat(left.taxableMinor()).isBetween(0L, original.taxableMinor());
        assertThat(IncludedTax.afterReversal(original, gross)).isEqualTo(new IncludedTax.Parts(0, 0));
    }
}
