package ai.mirroros.licensing.tax;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * What a marketplace sale recorded for VAT/GST when it was posted: the jurisdiction, the rate applied and the
 * amounts. Only {@link Treatment#TAXED} sales have a rate, a taxable amount and a tax; the others record why not.
 *
 * @param jurisdiction the report's key: {@code DE}, {@code CA-ON}, {@code US}, {@code CA-unknown} or
 *                     {@code unknown}
 * @param ratesVersion the rate table's version the rate came from
 */
public record SaleTax(String sourceId, CustomerLocation location, String jurisdiction, Treatment treatment,
                      Optional<TaxScheme> scheme, int rateBp, IncludedTax.Parts parts, String ratesVersion) {
    public static final String UNKNOWN = "unknown";

    /** How a sale was treated. */
    public enum Treatment {
        /** In a jurisdiction of the table, with the rate in force on the sale's day. */
        TAXED,
        /** In a country without a VAT/GST table here (the US, for example): nothing is due under this report. */
        OUT_OF_SCOPE,
        /** The country (or, for Canada, the province) is unknown: reported as such, never guessed. */
        UNKNOWN_LOCATION,
        /** The jurisdiction is in the table but it has no rate on the sale's day (before its coverage). */
        NO_RATE;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public SaleTax {
        Objects.requireNonNull(sourceId, "sourceId");
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(jurisdiction, "jurisdiction");
        Objects.requireNonNull(treatment, "treatment");
        Objects.requireNonNull(scheme, "scheme");
        Objects.requireNonNull(parts, "parts");
        Objects.requireNonNull(ratesVersion, "ratesVersion");
        if (treatment != Treatment.TAXED && (rateBp != 0 || parts.taxableMinor() != 0 || parts.taxMinor() != 0
                || scheme.isPresent())) {
            throw new IllegalArgumentException("only a taxed sale has a rate and amounts: " + sourceId);
        }
    }
}
