package ai.mirroros.licensing.sensitive;

import ai.mirroros.licensing.LicensingException;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A taxpayer identification number in clear: it exists only in memory, after opening. {@link #toString()} prints
 * it masked ({@code ***-**-6789}), so logging a record that holds one does not leak it; {@link #value()} and
 * {@link #formatted()} are for the tax form itself.
 *
 * @param type  SSN, EIN, ITIN or a foreign tax id
 * @param value the digits of a US TIN (no dashes), or the foreign id upper-cased without spaces
 */
public record Tin(TinType type, String value) {
    private static final Pattern NINE_DIGITS = Pattern.compile("[0-9]{9}");
    private static final Pattern FOREIGN = Pattern.compile("[A-Z0-9][A-Z0-9./-]{3,39}");

    public Tin {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(value, "value");
        if (type.us() && !NINE_DIGITS.matcher(value).matches()) {
            throw new LicensingException("invalid_tin", "an " + type.wireName().toUpperCase(java.util.Locale.ROOT)
                    + " has nine digits (dashes and spaces are ignored)");
        }
        if (type == TinType.ITIN && value.charAt(0) != '9') {
            throw new LicensingException("invalid_tin", "an ITIN starts with 9");
        }
        if (!type.us() && !FOREIGN.matcher(value).matches()) {
            throw new LicensingException("invalid_tin", "a foreign tax id has 4 to 40 letters, digits, '.', '/' "
                    + "or '-'");
        }
    }

    /** Parses what a person typed: dashes and spaces are dropped, letters upper-cased. */
    public static Tin parse(TinType type, String text) {
        String clean = (text == null ? "" : text).strip().toUpperCase(java.util.Locale.ROOT).replace(" ", "");
        return new Tin(type, type.us() ? clean.replace("-", "") : clean);
    }

    /** As printed on a form: {@code 123-45-6789} for an SSN or ITIN, {@code 12-3456789} for an EIN. */
    public String formatted() {
        return switch (type) {
            case SSN, ITIN -> value.substring(0, 3) + "-" + value.substring(3, 5) + "-" + value.substring(5);
            case EIN -> value.substring(0, 2) + "-" + value.substring(2);
            case FOREIGN -> value;
        };
    }

    /** For screens and previews: {@code ***-**-6789} (SSN, ITIN), {@code **-***6789} (EIN), {@code ****1234}. */
    public String masked() {
        String last = value.substring(value.length() - Masking.SHOWN);
        return switch (type) {
            case SSN, ITIN -> "***-**-" + last;
            case EIN -> "**-***" + last;
            case FOREIGN -> Masking.lastFour(value);
        };
    }

    @Override
    public String toString() {
        return "Tin[" + type.wireName() + " " + masked() + "]";
    }
}
