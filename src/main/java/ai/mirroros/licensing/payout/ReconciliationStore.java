package ai.mirroros.licensing.payout;

import ai.mirroros.licensing.money.CurrencyUnit;
import ai.mirroros.licensing.money.Money;
import ai.mirroros.licensing.payout.Reconciliation.LedgerPayout;
import ai.mirroros.licensing.payout.Reconciliation.Window;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;

/**
 * The ledger's side of a reconciliation: payout rows and the journal's {@code connect_transfers} movements. Only
 * SELECTs; every method runs on the caller's handle (and snapshot).
 */
final class ReconciliationStore {
    /** Ids per {@code IN (…)} list: well under both databases' parameter limits. */
    static final int IDS_PER_QUERY = 500;

    private static final String PAYOUT_COLUMNS = "payout_id, payee_id, currency, amount_minor, status, transfer_id, "
            + "reversed_minor, stripe_account, created_at";
    /** Lines of the platform's connect_transfers accounts, one per currency ({@code connect_transfers::USD}). */
    private static final String CONNECT_TRANSFERS_LINE = "l.account_key LIKE 'connect!_transfers::%' ESCAPE '!'";
    /** {@code payout:P:paid}, {@code payout:P:reversed:N} (and reserve/released, which should not move it). */
    private static final Pattern PAYOUT_SOURCE = Pattern.compile("payout:(.+):(paid|reserve|released|reversed:\\d+)");

    private record SourceMovement(String sourceId, Money moved) {
    }

    private ReconciliationStore() {
    }

    /** The payouts created in the window, oldest first. */
    static List<LedgerPayout> payoutsCreatedIn(Handle handle, Window window) {
        Query query = handle.createQuery("SELECT " + PAYOUT_COLUMNS + " FROM payout WHERE 1 = 1"
                + window.start().map(s -> " AND created_at >= :start").orElse("")
                + window.end().map(e -> " AND created_at < :end").orElse("")
                + " ORDER BY created_at, payout_id");
        bindWindow(query, window);
        return query.map((rs, ctx) -> payout(rs)).list();
    }

    /** The payouts with these ids (those that exist). */
    static List<LedgerPayout> payoutsById(Handle handle, Collection<String> payoutIds) {
        List<String> ids = List.copyOf(payoutIds);
        List<LedgerPayout> payouts = new ArrayList<>();
        for (int from = 0; from < ids.size(); from += IDS_PER_QUERY) {
            payouts.addAll(handle.createQuery("SELECT " + PAYOUT_COLUMNS + " FROM payout WHERE payout_id IN (<ids>)")
                    .bindList("ids", ids.subList(from, Math.min(ids.size(), from + IDS_PER_QUERY)))
                    .map((rs, ctx) -> payout(rs)).list());
        }
        return payouts;
    }

    /**
     * Per payout id, the sum of the connect_transfers lines of its journal entries, per currency, over all time:
     * a payout's reversal may come long after its window.
     */
    static Map<String, Map<CurrencyUnit, Money>> connectTransfersByPayout(Handle handle) {
        Map<String, Map<CurrencyUnit, Money>> byPayout = new HashMap<>();
        handle.createQuery("SELECT e.source_id, l.currency, SUM(l.amount_minor) AS moved FROM journal_entry e "
                        + "JOIN journal_line l ON l.entry_id = e.entry_id "
                        + "WHERE e.source_id LIKE 'payout:%' AND " + CONNECT_TRANSFERS_LINE + " "
                        + "GROUP BY e.source_id, l.currency")
                .map((rs, ctx) -> new SourceMovement(rs.getString("source_id"),
                        Money.ofMinor(rs.getLong("moved"), rs.getString("currency"))))
                .forEach(row -> payoutOf(row.sourceId()).ifPresent(payoutId -> byPayout
                        .computeIfAbsent(payoutId, id -> new LinkedHashMap<>())
                        .merge(row.moved().currency(), row.moved(), Money::plus)));
        return byPayout;
    }

    /** Per currency, the sum of every connect_transfers line of the entries that occurred in the window. */
    static Map<CurrencyUnit, Money> connectTransfersIn(Handle handle, Window window) {
        Query query = handle.createQuery("SELECT l.currency, SUM(l.amount_minor) AS moved FROM journal_line l "
                + "JOIN journal_entry e ON e.entry_id = l.entry_id WHERE " + CONNECT_TRANSFERS_LINE
                + window.start().map(s -> " AND e.occurred_at >= :start").orElse("")
                + window.end().map(e -> " AND e.occurred_at < :end").orElse("")
                + " GROUP BY l.currency");
        bindWindow(query, window);
        Map<CurrencyUnit, Money> totals = new LinkedHashMap<>();
        query.map((rs, ctx) -> Money.ofMinor(rs.getLong("moved"), rs.getString("currency")))
                .forEach(m -> totals.put(m.currency(), m));
        return totals;
    }

    /** The payout id in a journal source id such as {@code payout:P:reversed:2}; empty for other sources. */
    static Optional<String> payoutOf(String sourceId) {
        Matcher matcher = PAYOUT_SOURCE.matcher(sourceId);
        return matcher.matches() ? Optional.of(matcher.group(1)) : Optional.empty();
    }

    private static void bindWindow(Query query, Window window) {
        window.start().ifPresent(start -> query.bindBySqlType("start", utc(start), Types.TIMESTAMP_WITH_TIMEZONE));
        window.end().ifPresent(end -> query.bindBySqlType("end", utc(end), Types.TIMESTAMP_WITH_TIMEZONE));
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static LedgerPayout payout(ResultSet rs) throws SQLException {
        CurrencyUnit currency = CurrencyUnit.of(rs.getString("currency"));
        return new LedgerPayout(
                rs.getString("payout_id"),
                rs.getString("payee_id"),
                Money.ofMinor(rs.getLong("amount_minor"), currency),
                rs.getString("status"),
                Optional.ofNullable(rs.getString("transfer_id")),
                Money.ofMinor(rs.getLong("reversed_minor"), currency),
                rs.getString("stripe_account"),
                rs.getObject("created_at", OffsetDateTime.class).toInstant());
    }
}
