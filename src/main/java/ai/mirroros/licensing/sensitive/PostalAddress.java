package ai.mirroros.licensing.sensitive;

import ai.mirroros.licensing.LicensingException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A payee's postal address for tax forms, in clear only in memory. {@link #toString()} and {@link #masked()} hide
 * the street lines (the part that locates a person); city, region, postal code and country stay visible.
 *
 * @param region     state, province or county; empty where the country has none
 * @param postalCode ZIP or postal code; empty where the country has none
 * @param country    ISO 3166-1 alpha-2, upper case
 */
public record PostalAddress(String line1, Optional<String> line2, String city, String region, String postalCode,
                            String country) {
    /** Long enough for any real address line, short enough that the sealed form fits its column. */
    public static final int MAX_FIELD_LENGTH = 100;
    private static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");

    public PostalAddress {
        line1 = required("address line 1", line1);
        line2 = Objects.requireNonNull(line2, "line2").map(String::strip).filter(s -> !s.isEmpty());
        line2.ifPresent(l -> limit("address line 2", l));
        city = required("city", city);
        region = limit("region", region == null ? "" : region.strip());
        postalCode = limit("postal code", postalCode == null ? "" : postalCode.strip());
        country = country == null ? "" : country.strip().toUpperCase(Locale.ROOT);
        if (!COUNTRY.matcher(country).matches()) {
            throw new LicensingException("invalid_address", "country '" + country + "' must be an ISO 3166-1 "
                    + "two-letter code such as US or DE");
        }
    }

    /** The lines as printed on a form: street lines, then "City, REGION POSTAL", then the country. */
    public List<String> lines() {
        List<String> lines = new ArrayList<>();
        lines.add(line1);
        line2.ifPresent(lines::add);
        lines.add(cityLine());
        lines.add(country);
        return List.copyOf(lines);
    }

    /** {@code ***, Springfield, IL 62704, US}: the street hidden. */
    public String masked() {
        return "***, " + cityLine() + ", " + country;
    }

    @Override
    public String toString() {
        return "PostalAddress[" + masked() + "]";
    }

    private String cityLine() {
        String tail = (region + " " + postalCode).strip();
        return tail.isEmpty() ? city : city + ", " + tail;
    }

    private static String required(String field, String value) {
        String clean = value == null ? "" : value.strip();
        if (clean.isEmpty()) {
            throw new LicensingException("invalid_address", field + " is required");
        }
        return limit(field, clean);
    }

    private static String limit(String field, String value) {
        if (value.length() > MAX_FIELD_LENGTH) {
            throw new LicensingException("invalid_address", field + " has " + value.length() + " characters; at "
                    + "most " + MAX_FIELD_LENGTH + " are allowed");
        }
        return value;
    }
}
