package ai.mirroros.licensing.tax;

import static org.assertj.core.api.Assertions.assertThat;

import ai.mirroros.licensing.money.Money;
import ai.mirroros.licensing.tax.SaleTax.Treatment;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Where a sale is taxed: the customer's location, never a guess; Canada by province. */
class SaleTaxesTest {
    private static final Instant AUGUST = Instant.parse("2026-08-15T10:00:00Z");
    private final SaleTaxes taxes = new SaleTaxes(RateTable.bundled());

    @Test
    void theBillingAddressWinsOverTheMetadataAndTheMetadataIsUsedWithoutOne() {
        CustomerLocation both = CustomerLocation.resolve(Optional.of("de"), Optional.empty(), Optional.of("FR"),
                Optional.empty());
        CustomerLocation metadataOnly = CustomerLocation.resolve(Optional.empty(), Optional.empty(), Optional.of("fr"),
                Optional.empty());
        assertThat(both).isEqualTo(new CustomerLocation(Optional.of("DE"), Optional.empty(),
                CustomerLocation.Source.BILLING_ADDRESS));
        assertThat(metadataOnly).isEqualTo(new CustomerLocation(Optional.of("FR"), Optional.empty(),
                CustomerLocation.Source.METADATA));
    }

    @Test
    void aMissingOrMalformedCountryIsUnknownNotGuessed() {
        assertThat(CustomerLocation.resolve(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()))
                .isEqualTo(CustomerLocation.UNKNOWN);
        assertThat(CustomerLocation.resolve(Optional.of("Germany"), Optional.empty(), Optional.of(" "),
                Optional.empty())).isEqualTo(CustomerLocation.UNKNOWN);
        SaleTax unknown = taxes.decide(sale(CustomerLocation.UNKNOWN, 10_000));
        assertThat(unknown.treatment()).isEqualTo(Treatment.UNKNOWN_LOCATION);
        assertThat(unknown.jurisdiction()).isEqualTo("unknown");
        assertThat(unknown.parts()).isEqualTo(new IncludedTax.Parts(0, 0));
    }

    @Test
    void aCanadianSaleIsTaxedByItsProvinceAndWithoutOneItIsReportedAsProvinceUnknown() {
        CustomerLocation ontario = CustomerLocation.resolve(Optional.of("CA"), Optional.of("CA-ON"), Optional.empty(),
                Optional.empty());
        CustomerLocation quebecFromMetadata = CustomerLocation.resolve(Optional.of("CA"), Optional.empty(),
                Optional.of("CA"), Optional.of("qc"));
        CustomerLocation nowhere = CustomerLocation.resolve(Optional.of("CA"), Optional.empty(), Optional.empty(),
                Optional.empty());

        SaleTax on = taxes.decide(sale(ontario, 11_300));
        assertThat(on.jurisdiction()).isEqualTo("CA-ON");
        assertThat(on.scheme()).contains(TaxScheme.CA_HST);
        assertThat(on.parts()).isEqualTo(new IncludedTax.Parts(10_000, 1_300));
        assertThat(taxes.decide(sale(quebecFromMetadata, 10_500)).parts()).isEqualTo(new IncludedTax.Parts(10_000,
                500));
        SaleTax unknown = taxes.decide(sale(nowhere, 10_000));
        assertThat(unknown.jurisdiction()).isEqualTo("CA-unknown");
        assertThat(unknown.treatment()).isEqualTo(Treatment.UNKNOWN_LOCATION);
    }

    @Test
    void aCountryWithoutATableIsOutOfScopeAndASaleBeforeTheTableHasNoRate() {
        CustomerLocation us = new CustomerLocation(Optional.of("US"), Optional.of("CA"),
                CustomerLocation.Source.METADATA);
        CustomerLocation de = new CustomerLocation(Optional.of("DE"), Optional.empty(),
                CustomerLocation.Source.METADATA);
        assertThat(taxes.decide(sale(us, 10_000)).treatment()).isEqualTo(Treatment.OUT_OF_SCOPE);
        assertThat(taxes.decide(new TaxableSale("s", Optional.of("template"), Money.parse("10.00", "EUR"),
                Instant.parse("2023-06-01T00:00:00Z"), de)).treatment()).isEqualTo(Treatment.NO_RATE);
    }

    @Test
    void aRateChangeInsideAQuarterTaxesEachSaleAtTheRateOfItsDay() {
        CustomerLocation romania = new CustomerLocation(Optional.of("RO"), Optional.empty(),
                CustomerLocation.Source.BILLING_ADDRESS);
        SaleTax july = taxes.decide(new TaxableSale("jul", Optional.of("template"), Money.parse("119.00", "EUR"),
                Instant.parse("2025-07-31T23:59:59Z"), romania));
        SaleTax august = taxes.decide(new TaxableSale("aug", Optional.of("template"), Money.parse("121.00", "EUR"),
                Instant.parse("2025-08-01T00:00:00Z"), romania));
        assertThat(july.rateBp()).isEqualTo(1900);
        assertThat(july.parts()).isEqualTo(new IncludedTax.Parts(10_000, 1_900));
        assertThat(august.rateBp()).isEqualTo(2100);
        assertThat(august.parts()).isEqualTo(new IncludedTax.Parts(10_000, 2_100));
        assertThat(august.ratesVersion()).isEqualTo(RateTable.bundled().version());
    }

    @Test
    void onlyMarketplaceProductTypesAreMarketplaceSales() {
        assertThat(SaleTaxes.isMarketplaceSale(Optional.of("template"))).isTrue();
        assertThat(SaleTaxes.isMarketplaceSale(Optional.of("agent_export"))).isTrue();
        assertThat(SaleTaxes.isMarketplaceSale(Optional.of("loop_export"))).isTrue();
        assertThat(SaleTaxes.isMarketplaceSale(Optional.of("platform_fork"))).isTrue();
        assertThat(SaleTaxes.isMarketplaceSale(Optional.of("hosted_platform"))).isFalse();
        assertThat(SaleTaxes.isMarketplaceSale(Optional.empty())).isFalse();
    }

    private static TaxableSale sale(CustomerLocation location, long grossMinor) {
        return new TaxableSale("s1", Optional.of("template"), Money.ofMinor(grossMinor, "CAD"), AUGUST, location);
    }
}
