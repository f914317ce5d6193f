package ai.mirroros.licensing.marketplace;

import static org.assertj.core.api.Assertions.assertThat;

import ai.mirroros.licensing.money.Percentage;
import org.junit.jupiter.api.Test;

/** Conversion = sales / listing views, rounded half-up to 0.01 %. */
class TemplateConversionTest {

    @Test
    void conversionIsSalesPerViewRoundedHalfUpToABasisPoint() {
        assertThat(TemplateSales.conversion(1, 4)).contains(Percentage.ofPercent(25));
        assertThat(TemplateSales.conversion(1, 3)).contains(Percentage.parse("33.33"));
        assertThat(TemplateSales.conversion(2, 3)).contains(Percentage.parse("66.67"));
        assertThat(TemplateSales.conversion(1, 20_000)).as("0.005 % rounds up").contains(Percentage.ofBasisPoints(1));
        assertThat(TemplateSales.conversion(3, 2)).as("direct checkouts can outnumber views")
                .contains(Percentage.ofPercent(150));
    }

    @Test
    void withoutViewsOrBeyondAPercentageThereIsNoRate() {
        assertThat(TemplateSales.conversion(0, 0)).isEmpty();
        assertThat(TemplateSales.conversion(5, 0)).isEmpty();
        assertThat(TemplateSales.conversion(1_000_000, 1)).isEmpty();
        assertThat(TemplateSales.conversion(0, 7)).contains(Percentage.ZERO);
    }
}
