package ai.mirroros.licensing.tier;

import ai.mirroros.licensing.money.CurrencyUnit;
import ai.mirroros.licensing.money.Money;
import ai.mirroros.licensing.store.Dialect;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jdbi.v3.core.Handle;

/**
 * Each vault's gross revenue per calendar month (UTC), table {@code vault_month_revenue}. Payment posting adds every
 * batch to it with one upsert per vault and month, so reading a month is one row, never a sum over its payments.
 */
public final class MonthRevenue {
    private static final String UPSERT_KEYS = "vault_id, month_start, currency";

    private MonthRevenue() {
    }

    /** A vault's month in one currency. */
    public record Key(String vaultId, YearMonth month, CurrencyUnit currency) {
    }

    /** The calendar month (UTC) a moment falls in. */
    public static YearMonth monthOf(Instant at) {
        return YearMonth.from(at.atOffset(ZoneOffset.UTC));
    }

    /** The first moment of a month (UTC). */
    public static Instant start(YearMonth month) {
        return month.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
    }

    /** The stored revenue of the given vaults in the given months, in one query; absent keys had no revenue. */
    public static Map<Key, Long> load(Handle handle, Collection<String> vaultIds, Collection<YearMonth> months) {
        Map<Key, Long> found = new HashMap<>();
        if (vaultIds.isEmpty() || months.isEmpty()) {
            return found;
        }
        handle.createQuery("""
                        SELECT vault_id, month_start, currency, gross_minor FROM vault_month_revenue
                        WHERE vault_id IN (<vaultIds>) AND month_start IN (<months>)""")
                .bindList("vaultIds", List.copyOf(vaultIds))
                .bindList("months", months.stream().map(m -> m.atDay(1)).distinct().toList())
                .map((rs, ctx) -> Map.entry(new Key(rs.getString("vault_id"),
                        YearMonth.from(rs.getObject("month_start", LocalDate.class)),
                        CurrencyUnit.of(rs.getString("currency"))), rs.getLong("gross_minor")))
                .forEach(e -> found.put(e.getKey(), e.getValue()));
        return found;
    }

    /** One vault's revenue in one month. */
    public static Money of(Handle handle, String vaultId, YearMonth month, CurrencyUnit currency) {
        return Money.ofMinor(load(handle, List.of(vaultId), List.of(month))
                .getOrDefault(new Key(vaultId, month, currency), 0L), currency);
    }

    /** A vault's months from {@code from} to {@code to} inclusive, oldest first, months without revenue as zero. */
    public static Map<YearMonth, Money> series(Handle handle, String vaultId, CurrencyUnit currency, YearMonth from,
                                               YearMonth to) {
        Map<YearMonth, Money> series = new TreeMap<>();
        for (YearMonth m = from; !m.isAfter(to); m = m.plusMonths(1)) {
            series.put(m, Money.zero(currency));
        }
        handle.createQuery("""
                        SELECT month_start, gross_minor FROM vault_month_revenue
                        WHERE vault_id = :vaultId AND currency = :currency AND month_start >= :from AND month_start <= :to""")
                .bind("vaultId", vaultId)
                .bind("currency", currency.code())
                .bind("from", from.atDay(1))
                .bind("to", to.atDay(1))
                .map((rs, ctx) -> Map.entry(YearMonth.from(rs.getObject("month_start", LocalDate.class)),
                        rs.getLong("gross_minor")))
                .forEach(e -> series.put(e.getKey(), Money.ofMinor(e.getValue(), currency)));
        return series;
    }

    /** A posted payment's contribution. */
    public record Posted(String vaultId, Instant occurredAt, Money gross) {
    }

    /**
     * Adds posted payments, aggregated to one upsert per vault, month and currency, written in key order so that two
     * batches touching the same vaults lock their rows in the same order.
     */
    public static void add(Handle handle, Dialect dialect, Collection<Posted> payments) {
        Map<String, long[]> sums = new TreeMap<>();
        Map<String, Key> keys = new HashMap<>();
        for (Posted p : payments) {
            Key key = new Key(p.vaultId(), monthOf(p.occurredAt()), p.gross().currency());
            String sortKey = key.vaultId() + "\n" + key.month() + "\n" + key.currency().code();
            keys.putIfAbsent(sortKey, key);
            long[] sum = sums.computeIfAbsent(sortKey, k -> new long[2]);
            sum[0] = Math.addExact(sum[0], p.gross().amountMinor());
            sum[1]++;
        }
        if (sums.isEmpty()) {
            return;
        }
        List<Map<String, Object>> rows = new ArrayList<>(sums.size());
        sums.forEach((sortKey, sum) -> {
            Key key = keys.get(sortKey);
            rows.add(Map.of("vault_id", key.vaultId(), "month_start", key.month().atDay(1),
                    "currency", key.currency().code(), "gross_minor", sum[0], "payments", sum[1]));
        });
        dialect.addToCounters(handle, "vault_month_revenue", List.of(UPSERT_KEYS.split(", ")),
                List.of("gross_minor", "payments"), rows);
    }
}
