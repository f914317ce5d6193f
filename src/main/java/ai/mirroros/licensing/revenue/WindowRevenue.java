package ai.mirroros.licensing.revenue;

import ai.mirroros.licensing.money.CurrencyUnit;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;

/**
 * A vault's stored revenue over the sliding volume-bonus window {@code [at − window, at)}, for every payment of one
 * batch. Asked naively, that is one SUM over the whole window per payment — for a busy vault, tens of thousands of
 * rows, per payment. Instead, per vault and batch: one SUM for the window of the batch's earliest payment, and one
 * read of the (few) rows that enter or leave the window between the earliest and the latest payment; every payment's
 * sum is then exact arithmetic on those.
 */
final class WindowRevenue {
    /**
     * A batch whose payments of one vault span more than this (a backfill of old events) would read too many rows
     * that enter and leave the window; its payments get one SUM each instead.
     */
    static final Duration INCREMENTAL_SPAN_MAX = Duration.ofHours(1);

    private final Handle handle;
    private final Map<String, Instant[]> spans = new HashMap<>();
    private final Map<String, Window> windows = new HashMap<>();

    WindowRevenue(Handle handle, List<PaymentEvent> batch) {
        this.handle = handle;
        for (PaymentEvent payment : batch) {
            spans.merge(payment.vaultId(), new Instant[] {payment.occurredAt(), payment.occurredAt()},
                    (a, b) -> new Instant[] {min(a[0], b[0]), max(a[1], b[1])});
        }
    }

    /** For a single payment outside a batch. */
    static WindowRevenue single(Handle handle) {
        return new WindowRevenue(handle, List.of());
    }

    long sumMinor(String vaultId, CurrencyUnit currency, Duration window, Instant at) {
        Instant[] span = spans.get(vaultId);
        if (span == null || Duration.between(span[0], span[1]).compareTo(INCREMENTAL_SPAN_MAX) > 0
                || at.isBefore(span[0]) || at.isAfter(span[1])) {
            return sum(vaultId, currency, at.minus(window), at);
        }
        return windows.computeIfAbsent(vaultId + "\n" + currency.code() + "\n" + window,
                key -> load(vaultId, currency, window, span[0], span[1])).sumAt(at);
    }

    private Window load(String vaultId, CurrencyUnit currency, Duration window, Instant first, Instant last) {
        long base = sum(vaultId, currency, first.minus(window), first);
        List<Row> leaving = new ArrayList<>();
        List<Row> entering = new ArrayList<>();
        handle.createQuery("""
                        SELECT occurred_at, gross_minor FROM payment
                        WHERE vault_id = :vaultId AND currency = :currency
                          AND ((occurred_at >= :leaveFrom AND occurred_at < :leaveTo)
                            OR (occurred_at >= :enterFrom AND occurred_at < :enterTo))""")
                .bind("vaultId", vaultId)
                .bind("currency", currency.code())
                .bind("leaveFrom", utc(first.minus(window)))
                .bind("leaveTo", utc(last.minus(window)))
                .bind("enterFrom", utc(first))
                .bind("enterTo", utc(last))
                .map((rs, ctx) -> new Row(rs.getObject("occurred_at", OffsetDateTime.class).toInstant(),
                        rs.getLong("gross_minor")))
                .forEach(row -> (row.at().isBefore(first) ? leaving : entering).add(row));
        return new Window(window, first, base, leaving, entering);
    }

    private long sum(String vaultId, CurrencyUnit currency, Instant from, Instant to) {
        return handle.createQuery("""
                        SELECT COALESCE(SUM(gross_minor), 0) FROM payment
                        WHERE vault_id = :vaultId AND currency = :currency
                          AND occurred_at >= :from AND occurred_at < :to""")
                .bind("vaultId", vaultId)
                .bind("currency", currency.code())
                .bind("from", utc(from))
                .bind("to", utc(to))
                .mapTo(Long.class)
                .one();
    }

    private record Row(Instant at, long grossMinor) {
    }

    /** The window of the earliest payment, and the rows that move it to any later moment of the batch. */
    private record Window(Duration length, Instant first, long base, List<Row> leaving, List<Row> entering) {
        long sumAt(Instant at) {
            long sum = base;
            Instant leftBefore = at.minus(length);
            for (Row row : leaving) {
                if (row.at().isBefore(leftBefore)) {
                    sum = Math.subtractExact(sum, row.grossMinor());
                }
            }
            for (Row row : entering) {
                if (row.at().isBefore(at)) {
                    sum = Math.addExact(sum, row.grossMinor());
                }
            }
            return sum;
        }
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
