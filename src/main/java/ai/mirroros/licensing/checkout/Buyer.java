package ai.mirroros.licensing.checkout;

import ai.mirroros.licensing.LicensingException;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Who pays, as far as the checkout knows.
 *
 * @param customerId   the Stripe customer ({@code cus_…}) the payment is made by, when known
 * @param country      the customer's country, ISO 3166-1 alpha-2 (upper-cased), sent as {@code customer_country}
 * @param referralCode the referral code the customer arrived with, sent as {@code referral_code}
 * @param region       the customer's state or province (e.g. {@code ON}, upper-cased), sent as
 *                     {@code customer_region}: Canada's HST depends on it (docs/TAX.md)
 */
public record Buyer(Optional<String> customerId, Optional<String> country, Optional<String> referralCode,
                    Optional<String> region) {
    public static final Buyer ANONYMOUS = new Buyer(Optional.empty(), Optional.empty(), Optional.empty());
    private static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");
    private static final Pattern REGION = Pattern.compile("[A-Z0-9]{1,3}");
    /** Stripe ids and our referral codes: no spaces, and far below Stripe's 500-character metadata values. */
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_\\-]{1,100}");

    public Buyer {
        customerId = blankless(customerId);
        country = blankless(country).map(c -> c.toUpperCase(Locale.ROOT));
        referralCode = blankless(referralCode);
        customerId.ifPresent(id -> require("customer", id, TOKEN, "a Stripe customer id such as cus_123"));
        country.ifPresent(c -> require("country", c, COUNTRY, "an ISO 3166-1 alpha-2 code such as DE"));
        referralCode.ifPresent(code -> require("referral code", code, TOKEN, "letters, digits, - and _"));
        region = blankless(region).map(r -> r.toUpperCase(Locale.ROOT));
        region.ifPresent(r -> require("region", r, REGION, "a state or province code such as ON"));
    }

    /** A buyer without a known region. */
    public Buyer(Optional<String> customerId, Optional<String> country, Optional<String> referralCode) {
        this(customerId, country, referralCode, Optional.empty());
    }

    private static Optional<String> blankless(Optional<String> value) {
        return Objects.requireNonNull(value, "value").map(String::strip).filter(v -> !v.isEmpty());
    }

    private static void require(String field, String value, Pattern pattern, String expected) {
        if (!pattern.matcher(value).matches()) {
            throw new LicensingException("invalid_buyer", field + " '" + value + "' is not " + expected);
        }
    }
}
