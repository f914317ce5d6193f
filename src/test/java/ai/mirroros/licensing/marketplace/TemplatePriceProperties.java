package ai.mirroros.licensing.marketplace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.mirroros.licensing.LicensingException;
import ai.mirroros.licensing.money.CurrencyUnit;
import ai.mirroros.licensing.money.Money;
import ai.mirroros.licensing.money.Percentage;
import java.math.BigDecimal;
import java.math.RoundingMode;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/** The marketplace's pricing rule: price = base cost + markup on it, HALF_UP to the minor unit, markup 50–200 %. */
class TemplatePriceProperties {

    @Provide
    Arbitrary<CurrencyUnit> currencies() {
        return Arbitraries.of(CurrencyUnit.USD, CurrencyUnit.JPY, CurrencyUnit.of("BHD"), CurrencyUnit.EUR);
    }

    @Property
    void priceIsBaseCostPlusTheMarkupRoundedHalfUpExactly(
            @ForAll @LongRange(min = 1, max = 1_000_000_000_000L) long baseMinor,
            @ForAll @IntRange(min = 5_000, max = 20_000) int markupBp,
            @ForAll("currencies") CurrencyUnit currency) {
        Money base = Money.ofMinor(baseMinor, currency);

        TemplatePrice price = TemplatePrice.costPlus(base, Percentage.ofBasisPoints(markupBp));

        BigDecimal exactMarkup = BigDecimal.valueOf(baseMinor).multiply(BigDecimal.valueOf(markupBp))
                .divide(BigDecimal.valueOf(10_000));
        long expectedMarkup = exactMarkup.setScale(0, RoundingMode.HALF_UP).longValueExact();
        assertThat(price.markupAmount()).isEqualTo(Money.ofMinor(expectedMarkup, currency));
        assertThat(price.price()).isEqualTo(base.plus(price.markupAmount()));
        assertThat(price.price().currency()).isEqualTo(currency);
        assertThat(price.baseCost()).contains(base);
        assertThat(price.markup()).contains(Percentage.ofBasisPoints(markupBp));
    }

    @Property
    void theMarkupIsNeverMoreThanHalfAMinorUnitFromTheExactProduct(
            @ForAll @LongRange(min = 1, max = 1_000_000_000_000L) long baseMinor,
            @ForAll @IntRange(min = 5_000, max = 20_000) int markupBp) {
        TemplatePrice price = TemplatePrice.costPlus(Money.ofMinor(baseMinor, CurrencyUnit.USD),
                Percentage.ofBasisPoints(markupBp));

        // price × 10,000 − base × (10,000 + bp) is the rounding error in 1/10,000 minor units: in (−5,000, 5,000].
        BigDecimal error = BigDecimal.valueOf(price.price().amountMinor()).multiply(BigDecimal.valueOf(10_000))
                .subtract(BigDecimal.valueOf(baseMinor).multiply(BigDecimal.valueOf(10_000L + markupBp)));
        assertThat(error).isGreaterThan(BigDecimal.valueOf(-5_000)).isLessThanOrEqualTo(BigDecimal.valueOf(5_000));
    }

    @Property
    void aMarkupOutsideFiftyToTwoHundredPercentIsRefused(
            @ForAll @LongRange(min = 1, max = 1_000_000_000L) long baseMinor,
            @ForAll("outOfRangeMarkups") int markupBp) {
        Money base = Money.ofMinor(baseMinor, CurrencyUnit.USD);

        assertThatThrownBy(() -> TemplatePrice.costPlus(base, Percentage.ofBasisPoints(markupBp)))
                .isInstanceOf(LicensingException.class)
                .hasMessageContaining("is outside the marketplace's 50–200% range");
    }

    @Provide
    Arbitrary<Integer> outOfRangeMarkups() {
        return Arbitraries.oneOf(Arbitraries.integers().between(-20_000, 4_999),
                Arbitraries.integers().between(20_001, 1_000_000));
    }

    @Property
    void theBoundsThemselvesAreAllowed(@ForAll @LongRange(min = 1, max = 1_000_000_000L) long baseMinor) {
        Money base = Money.ofMinor(baseMinor, CurrencyUnit.USD);

        assertThat(TemplatePrice.costPlus(base, TemplatePrice.MARKUP_MIN).price()).isEqualTo(
                base.plus(base.percentOf(5_000)));
        assertThat(TemplatePrice.costPlus(base, TemplatePrice.MARKUP_MAX).price()).isEqualTo(base.times(3));
    }

    @Example
    void theSeedsPriceFromABaseCost() {
        TemplatePrice price = TemplatePrice.costPlus(Money.parse("583.33", "USD"), Percentage.ofPercent(50));

        assertThat(price.markupAmount()).isEqualTo(Money.parse("291.67", "USD"));
        assertThat(price.price()).isEqualTo(Money.parse("875.00", "USD"));
        assertThat(price.describe()).isEqualTo("875.00 USD = base cost 583.33 USD + 50% markup (291.67 USD, "
                + "rounded half-up to the minor unit)");
    }

    @Example
    void anExplicitPriceMustBeMoreThanZero() {
        assertThat(TemplatePrice.explicit(Money.parse("875", "USD")).price()).isEqualTo(Money.parse("875.00", "USD"));
        assertThatThrownBy(() -> TemplatePrice.explicit(Money.parse("0", "USD")))
                .hasMessage("price must be more than 0.00 USD, got 0.00 USD");
        assertThatThrownBy(() -> TemplatePrice.costPlus(Money.parse("-1", "USD"), Percentage.ofPercent(50)))
                .hasMessage("base cost must be more than 0.00 USD, got -1.00 USD");
    }

    @Example
    void aRequestNamesEitherAPriceOrABaseCost() {
        ExportPricing.Markup vaultMarkup = new ExportPricing.Markup(Percentage.ofPercent(30),
                ExportPricing.Source.VAULT);
        assertThat(PriceRequest.of(java.util.Optional.of("875"), java.util.Optional.empty(),
                java.util.Optional.empty()).resolve(CurrencyUnit.USD, vaultMarkup).price())
                .isEqualTo(Money.parse("875.00", "USD"));
        assertThatThrownBy(() -> PriceRequest.of(java.util.Optional.of("875"), java.util.Optional.of("500"),
                java.util.Optional.empty())).hasMessageContaining("either --price, or --base-cost");
        assertThatThrownBy(() -> PriceRequest.of(java.util.Optional.empty(), java.util.Optional.empty(),
                java.util.Optional.of("50"))).hasMessageContaining("--markup needs --base-cost");
        assertThatThrownBy(() -> PriceRequest.of(java.util.Optional.empty(), java.util.Optional.of("500"),
                java.util.Optional.empty()).resolve(CurrencyUnit.USD, vaultMarkup))
                .hasMessage("the default markup 30% is outside the marketplace's 50–200% range (the vault's own "
                        + "pricing); give a markup between 50% and 200% with --markup, or set the vault's with "
                        + "licensing set-export-pricing --template-markup");
    }
}
