package ai.mirroros.licensing.reports;

import ai.mirroros.licensing.LicensingException;
import ai.mirroros.licensing.tax.Quarter;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.regex.Pattern;

/**
 * A reporting period: the half-open UTC interval {@code [from, to)} of entries' economic time, named like
 * {@code 2026-Q3} or {@code 2026}. UTC on purpose: a quarter must mean the same entries wherever the report runs.
 */
public record ReportPeriod(String label, Instant from, Instant to) {
    /** Years outside this range are typos, not reporting periods. */
    static final int YEAR_MIN = 2000;
    static final int YEAR_MAX = 2999;
    private static final Pattern YEAR = Pattern.compile("\\d{4}");

    public ReportPeriod {
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("period " + label + " is empty");
        }
    }

    /** A quarter such as {@code 2026-Q3}: 1 July 2026 00:00 UTC (inclusive) to 1 October 2026 00:00 UTC. */
    public static ReportPeriod quarter(String text) {
        return quarter(Quarter.parse(text));
    }

    /** The period of a quarter; its text form is {@link Quarter}'s, the one quarter rule the VAT report shares. */
    public static ReportPeriod quarter(Quarter quarter) {
        checkYear(quarter.year());
        return new ReportPeriod(quarter.toString(), quarter.start(), quarter.end());
    }

    /** A calendar year: 1 January 00:00 UTC (inclusive) to 1 January of the next year. */
    public static ReportPeriod year(int year) {
        checkYear(year);
        LocalDate start = LocalDate.of(year, 1, 1);
        return new ReportPeriod(Integer.toString(year), start(start), start(start.plusYears(1)));
    }

    /** A year given as text, for the API and CLI. */
    public static ReportPeriod year(String text) {
        if (text == null || !YEAR.matcher(text.strip()).matches()) {
            throw new LicensingException("invalid_year", "year '" + text + "' is not a four-digit year such as 2026");
        }
        return year(Integer.parseInt(text.strip()));
    }

    /** The calendar year the period starts in. */
    public int startYear() {
        return from.atZone(ZoneOffset.UTC).getYear();
    }

    private static int checkYear(int year) {
        if (year < YEAR_MIN || year > YEAR_MAX) {
            throw new LicensingException("invalid_year", "year " + year + " is outside " + YEAR_MIN + ".." + YEAR_MAX);
        }
        return year;
    }

    private static Instant start(LocalDate date) {
        return date.atStartOfDay().toInstant(ZoneOffset.UTC);
    }
}
