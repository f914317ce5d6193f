package ai.mirroros.licensing.web;

import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * The query parameters list endpoints share: {@code limit}, an opaque {@code cursor} and a {@code from}/{@code to}
 * period. Bad values are a 400 {@code invalid_parameter} naming the parameter, never a stack trace.
 */
final class ApiRequest {
    static final int DEFAULT_LIMIT = 50;
    /** The largest page: big enough for a table, small enough that one request cannot scan a vault's history. */
    static final int MAX_LIMIT = 200;
    private static final String CURSOR_SEPARATOR = "\u001f";

    private ApiRequest() {
    }

    static int limit(Context ctx) {
        String raw = ctx.queryParam("limit");
        if (raw == null || raw.isBlank()) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(raw.strip());
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ApiProblem.invalidParameter("limit", "must be a whole number from 1 to " + MAX_LIMIT + ", got '"
                + raw + "'");
    }

    /** The position a previous page ended at, as the parts {@link #cursor(String...)} was given. */
    static Optional<List<String>> cursor(Context ctx, int parts) {
        String raw = ctx.queryParam("cursor");
        if (raw == null || raw.isBlank()) {
            return Optional.empty();
        }
        try {
            String decoded = new String(Base64.getUrlDecoder().decode(raw.strip()), StandardCharsets.UTF_8);
            List<String> values = List.of(decoded.split(CURSOR_SEPARATOR, -1));
            if (values.size() == parts) {
                return Optional.of(values);
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw ApiProblem.invalidParameter("cursor", "not a cursor this endpoint returned; pass nextCursor "
                + "from the previous page unchanged");
    }

    /** An opaque cursor holding {@code parts}; the same endpoint reads it back with {@link #cursor(Context, int)}. */
    static String cursor(String... parts) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString(String.join(CURSOR_SEPARATOR, parts).getBytes(StandardCharsets.UTF_8));
    }

    /** A half-open period {@code [from, to)}: each bound a date (start of that day, UTC) or an instant. */
    record Period(Instant from, Instant to) {
    }

    static Period period(Context ctx, Instant defaultFrom, Instant defaultTo) {
        Instant from = instant(ctx, "from").orElse(defaultFrom);
        Instant to = instant(ctx, "to").orElse(defaultTo);
        if (!from.isBefore(to)) {
            throw ApiProblem.invalidParameter("from", "the period must end after it starts (from " + from
                    + ", to " + to + ")");
        }
        return new Period(from, to);
    }

    private static Optional<Instant> instant(Context ctx, String name) {
        String raw = ctx.queryParam(name);
        if (raw == null || raw.isBlank()) {
            return Optional.empty();
        }
        String value = raw.strip();
        try {
            return Optional.of(value.length() == 10 ? LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant()
                    : Instant.parse(value));
        } catch (DateTimeParseException e) {
            throw ApiProblem.invalidParameter(name, "must be a date like 2026-06-01 or an instant like "
                    + "2026-06-01T00:00:00Z, got '" + raw + "'");
        }
    }
}
