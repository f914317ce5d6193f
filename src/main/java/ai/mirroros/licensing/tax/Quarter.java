package ai.mirroros.licensing.tax;

import ai.mirroros.licensing.LicensingException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A calendar quarter in UTC, written {@code 2026-Q3}. */
public record Quarter(int year, int number) {
    private static final Pattern TEXT = Pattern.compile("(\\d{4})-Q([1-4])");

    public Quarter {
        if (year < 1970 || year > 9999 || number < 1 || number > 4) {
            throw new LicensingException("invalid_quarter", "quarter " + year + "-Q" + number + " is out of range");
        }
    }

    public static Quarter parse(String text) {
        Matcher m = TEXT.matcher(text == null ? "" : text.strip().toUpperCase(java.util.Locale.ROOT));
        if (!m.matches()) {
            throw new LicensingException("invalid_quarter", "quarter '" + text + "' is not like 2026-Q3 (year, -Q, 1 to 4)");
        }
        return new Quarter(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
    }

    /** The quarter containing {@code at} (UTC). */
    public static Quarter of(Instant at) {
        LocalDate day = LocalDate.ofInstant(at, ZoneOffset.UTC);
        return new Quarter(day.getYear(), (day.getMonthValue() - 1) / 3 + 1);
    }

    public LocalDate firstDay() {
        return LocalDate.of(year, (number - 1) * 3 + 1, 1);
    }

    public Instant start() {
        return firstDay().atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /** The start of the next quarter (exclusive end). */
    public Instant end() {
        return firstDay().plusMonths(3).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    @Override
    public String toString() {
        return year + "-Q" + number;
    }
}
