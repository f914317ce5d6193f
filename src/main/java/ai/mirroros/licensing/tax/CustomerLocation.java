package ai.mirroros.licensing.tax;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where the customer of a sale is, as the payment says: the charge's billing address first (what the customer
 * entered with the card), the checkout's {@code customer_country}/{@code customer_region} metadata otherwise. Never
 * guessed: a missing or malformed country is {@link Source#UNKNOWN}.
 *
 * @param country ISO 3166-1 alpha-2, upper case
 * @param region  the subdivision (a Canadian province such as {@code ON}), upper case, without the country prefix
 */
public record CustomerLocation(Optional<String> country, Optional<String> region, Source source) {
    public static final CustomerLocation UNKNOWN = new CustomerLocation(Optional.empty(), Optional.empty(),
            Source.UNKNOWN);
    private static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");
    private static final Pattern REGION = Pattern.compile("[A-Z0-9]{1,3}");

    /** Which evidence the location came from; stored with the sale. */
    public enum Source {
        BILLING_ADDRESS, METADATA, UNKNOWN;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public CustomerLocation {
        Objects.requireNonNull(country, "country");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(source, "source");
        if (country.isEmpty() != (source == Source.UNKNOWN) || (country.isEmpty() && region.isPresent())) {
            throw new IllegalArgumentException("a location has a country exactly when its source is known");
        }
    }

    /**
     * The location from the billing address when it names a valid country, else from the metadata. A region missing
     * on the chosen side is taken from the other side only when that side names the same country.
     */
    public static CustomerLocation resolve(Optional<String> billingCountry, Optional<String> billingRegion,
                                           Optional<String> metadataCountry, Optional<String> metadataRegion) {
        Optional<String> billing = country(billingCountry);
        Optional<String> metadata = country(metadataCountry);
        if (billing.isPresent()) {
            Optional<String> region = region(billing.get(), billingRegion)
                    .or(() -> billing.equals(metadata) ? region(billing.get(), metadataRegion) : Optional.empty());
            return new CustomerLocation(billing, region, Source.BILLING_ADDRESS);
        }
        if (metadata.isPresent()) {
            return new CustomerLocation(metadata, region(metadata.get(), metadataRegion), Source.METADATA);
        }
        return UNKNOWN;
    }

    private static Optional<String> country(Optional<String> value) {
        return value.map(v -> v.strip().toUpperCase(Locale.ROOT)).filter(v -> COUNTRY.matcher(v).matches());
    }

    /** {@code ON}, {@code on} and the ISO 3166-2 form {@code CA-ON} are the same province. */
    private static Optional<String> region(String country, Optional<String> value) {
        return value.map(v -> v.strip().toUpperCase(Locale.ROOT))
                .map(v -> v.startsWith(country + "-") ? v.substring(country.length() + 1) : v)
                .filter(v -> REGION.matcher(v).matches());
    }
}
