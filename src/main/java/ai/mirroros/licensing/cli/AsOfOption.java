package ai.mirroros.licensing.cli;

import ai.mirroros.licensing.LicensingException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import picocli.CommandLine.Option;

/** {@code --as-of}: runs a time-dependent command as if it were that moment (default: now). */
public final class AsOfOption {
    @Option(names = "--as-of", paramLabel = "TIME",
            description = "Act as of this time: an ISO instant (2026-11-24T12:00:00Z) or a date (2026-11-24 = its "
                    + "end, UTC). Default: now.")
    String asOf;

    public Clock clock() {
        return asOf == null ? Clock.systemUTC() : Clock.fixed(parse(asOf), ZoneOffset.UTC);
    }

    /** A moment given as an instant, or a date meaning its end (UTC): "as of the 24th" includes the 24th. */
    static Instant parse(String text) {
        try {
            if (text.length() == 10) {
                return LocalDate.parse(text).plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC).minusNanos(1_000);
            }
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw invalid(text);
        }
    }

    /** A moment given as an instant, or a date meaning its start (UTC): "effective from the 24th". */
    static Instant parseStart(String text) {
        try {
            if (text.length() == 10) {
                return LocalDate.parse(text).atStartOfDay().toInstant(ZoneOffset.UTC);
            }
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw invalid(text);
        }
    }

    private static LicensingException invalid(String text) {
        return new LicensingException("invalid_time", "'" + text
                + "' is not a date (2026-11-24) or an ISO instant (2026-11-24T12:00:00Z)");
    }
}
