package ai.mirroros.licensing.tax;

import ai.mirroros.licensing.tax.SaleTax.Treatment;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * Decides and records the VAT/GST of marketplace sales when they are posted. Which sales count: the marketplace's
 * product types (templates and the agent, agent-loop and platform-fork exports), sold to consumers at tax-inclusive
 * prices. Hosted-platform subscriptions are not included: they are white-label services sold to businesses, where
 * the customer accounts for the tax (reverse charge). See docs/TAX.md.
 */
public final class SaleTaxes {
    public static final Set<String> MARKETPLACE_PRODUCT_TYPES = Set.of("template", "agent_export", "loop_export",
            "platform_fork");
    /** Canada's tax depends on the province (HST or GST), so a Canadian sale needs one to be taxed. */
    private static final String CANADA = "CA";

    private final RateTable rates;

    public SaleTaxes(RateTable rates) {
        this.rates = Objects.requireNonNull(rates, "rates");
    }

    public RateTable rates() {
        return rates;
    }

    public static boolean isMarketplaceSale(Optional<String> productType) {
        return productType.filter(MARKETPLACE_PRODUCT_TYPES::contains).isPresent();
    }

    /** The tax of one marketplace sale under this table. Pure. */
    public SaleTax decide(TaxableSale sale) {
        CustomerLocation location = sale.location();
        if (location.country().isEmpty()) {
            return untaxed(sale, SaleTax.UNKNOWN, Treatment.UNKNOWN_LOCATION);
        }
        String country = location.country().get();
        String jurisdiction = country;
        if (country.equals(CANADA)) {
            if (location.region().isEmpty() || !rates.covers(CANADA + "-" + location.region().get())) {
                return untaxed(sale, CANADA + "-" + SaleTax.UNKNOWN, Treatment.UNKNOWN_LOCATION);
            }
            jurisdiction = CANADA + "-" + location.region().get();
        }
        if (!rates.covers(jurisdiction)) {
            return untaxed(sale, jurisdiction, Treatment.OUT_OF_SCOPE);
        }
        LocalDate day = LocalDate.ofInstant(sale.occurredAt(), ZoneOffset.UTC);
        Optional<TaxRate> rate = rates.rateOn(jurisdiction, day);
        if (rate.isEmpty()) {
            return untaxed(sale, jurisdiction, Treatment.NO_RATE);
        }
        IncludedTax.Parts parts = IncludedTax.of(sale.gross().amountMinor(), rate.get().rateBp());
        return new SaleTax(sale.sourceId(), location, jurisdiction, Treatment.TAXED, Optional.of(rate.get().scheme()),
                rate.get().rateBp(), parts, rates.version());
    }

    private SaleTax untaxed(TaxableSale sale, String jurisdiction, Treatment treatment) {
        return new SaleTax(sale.sourceId(), sale.location(), jurisdiction, treatment, Optional.empty(), 0,
                new IncludedTax.Parts(0, 0), rates.version());
    }

    /**
     * Records the tax of the marketplace sales among {@code sales} (others are skipped) in the caller's transaction,
     * as one batched insert. Call once per posting batch, after the payment rows.
     */
    public void record(Handle handle, List<TaxableSale> sales) {
        PreparedBatch rows = handle.prepareBatch("""
                INSERT INTO payment_tax (source_id, occurred_at, currency, gross_minor, country, region,
                    location_source, jurisdiction, treatment, scheme, rate_bp, taxable_minor, tax_minor, rates_version)
                VALUES (:sourceId, :occurredAt, :currency, :gross, :country, :region, :locationSource, :jurisdiction,
                    :treatment, :scheme, :rateBp, :taxable, :tax, :ratesVersion)""");
        for (TaxableSale sale : sales) {
            if (!isMarketplaceSale(sale.productType())) {
                continue;
            }
            SaleTax tax = decide(sale);
            assert tax.treatment() != Treatment.TAXED || tax.parts().grossMinor() == sale.gross().amountMinor();
            rows.bind("sourceId", sale.sourceId())
                    .bind("occurredAt", sale.occurredAt().atOffset(ZoneOffset.UTC))
                    .bind("currency", sale.gross().currency().code())
                    .bind("gross", sale.gross().amountMinor())
                    .bind("country", tax.location().country().orElse(null))
                    .bind("region", tax.location().region().orElse(null))
                    .bind("locationSource", tax.location().source().wireName())
                    .bind("jurisdiction", tax.jurisdiction())
                    .bind("treatment", tax.treatment().wireName())
                    .bind("scheme", tax.scheme().map(Enum::name).orElse(null))
                    .bind("rateBp", tax.rateBp())
                    .bind("taxable", tax.parts().taxableMinor())
                    .bind("tax", tax.parts().taxMinor())
                    .bind("ratesVersion", tax.ratesVersion())
                    .add();
        }
        if (rows.size() > 0) {
            rows.execute();
        }
    }
}
