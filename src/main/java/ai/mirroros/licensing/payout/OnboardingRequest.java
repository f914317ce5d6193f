package ai.mirroros.licensing.payout;

import ai.mirroros.licensing.LicensingException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What an operator asks for when onboarding a vault as a payee: the Express account's country, contact and business
 * type, and where Stripe sends the partner back to when the onboarding link is finished or has expired.
 *
 * @param country ISO 3166-1 alpha-2, upper case; also decides which tax form a registry's "submitted" stands for
 * @param businessType empty lets the partner choose it during Stripe's onboarding
 * @param operator who asked, for the activity log
 */
public record OnboardingRequest(String vaultId, String country, Optional<String> email,
                                Optional<BusinessType> businessType, URI returnUrl, URI refreshUrl,
                                String operator) {
    /** The column's width (RFC 5321's limit on a path). */
    static final int EMAIL_LENGTH_MAX = 320;
    private static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");
    /** Deliberately loose: Stripe validates the address; this only catches a flag given the wrong value. */
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+");
    private static final String INVALID = "invalid_onboarding";

    /** Stripe's {@code business_type}, the two a partner can be. */
    public enum BusinessType {
        INDIVIDUAL, COMPANY;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static BusinessType parse(String text) {
            for (BusinessType type : values()) {
                if (type.wireName().equals(text.strip().toLowerCase(Locale.ROOT))) {
                    return type;
                }
            }
            throw new LicensingException(INVALID, "--business-type must be individual or company, got '" + text + "'");
        }
    }

    public OnboardingRequest {
        Objects.requireNonNull(vaultId, "vaultId");
        Objects.requireNonNull(country, "country");
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(businessType, "businessType");
        Objects.requireNonNull(returnUrl, "returnUrl");
        Objects.requireNonNull(refreshUrl, "refreshUrl");
        Objects.requireNonNull(operator, "operator");
        country = country.strip().toUpperCase(Locale.ROOT);
        if (!COUNTRY.matcher(country).matches()) {
            throw new LicensingException(INVALID, "--country must be a two-letter ISO country code such as US or DE, "
                    + "got '" + country + "'");
        }
        email = email.map(String::strip).filter(e -> !e.isEmpty());
        email.ifPresent(address -> {
            if (address.length() > EMAIL_LENGTH_MAX || !EMAIL.matcher(address).matches()) {
                throw new LicensingException(INVALID, "--email '" + address + "' is not an email address");
            }
        });
        if (operator.isBlank()) {
            throw new LicensingException(INVALID, "--by must name who is onboarding the vault");
        }
    }

    /** Parses a return or refresh URL given as a flag: absolute http(s), as Stripe requires. */
    public static URI url(String flag, String text) {
        try {
            URI uri = new URI(text.strip());
            if (uri.isAbsolute() && uri.getHost() != null
                    && ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // reported below, with the flag's name
        }
        throw new LicensingException(INVALID, flag + " must be an absolute http(s) URL, got '" + text + "'");
    }
}
