package ai.mirroros.licensing.tax;

import ai.mirroros.licensing.LicensingException;
import java.time.LocalDate;
import java.util.Objects;

/**
 * One line of the rate table: {@code rateBp} basis points (1900 = 19.00 %) in {@code jurisdiction} from
 * {@code effectiveFrom} (a UTC date) until the jurisdiction's next line.
 *
 * @param jurisdiction an ISO 3166-1 alpha-2 country ({@code DE}), or country and province for Canada
 *                     ({@code CA-ON})
 */
public record TaxRate(String jurisdiction, TaxScheme scheme, int rateBp, LocalDate effectiveFrom) {
    /** No real VAT/GST rate comes near 100 %; a larger number is a typo in the table (percent instead of bp). */
    public static final int RATE_BP_MAX = 10_000;

    public TaxRate {
        Objects.requireNonNull(jurisdiction, "jurisdiction");
        Objects.requireNonNull(scheme, "scheme");
        Objects.requireNonNull(effectiveFrom, "effectiveFrom");
        if (rateBp < 0 || rateBp > RATE_BP_MAX) {
            throw new LicensingException("invalid_tax_rate", "rate for " + jurisdiction + " must be 0.."
                    + RATE_BP_MAX + " basis points, got " + rateBp);
        }
    }
}
