package ai.mirroros.licensing.live;

import ai.mirroros.licensing.ledger.ActivityLog;
import ai.mirroros.licensing.store.Database;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;

/**
 * Reads the end of the activity log for a {@link LiveFeed}: a range of seqs by primary key, with only the payloads of
 * payment entries (for their referrers), plus one lookup of the splits of the payments that refunds and disputes in
 * the range adjust. Relies on seqs being gapless and committed in order, which the chain head lock guarantees (see
 * {@code ledger/package-info}): an entry with seq n+1 is never visible before the one with seq n, so reading
 * "{@code seq > last seen}" misses nothing.
 */
public final class ActivityTail implements LiveSource {
    /** The types whose payloads are read: payments and their adjustments, for the referrers. */
    private static final List<String> PAYLOAD_TYPES = LiveEvents.types().stream().filter(LiveEvents::readsPayload)
            .sorted().toList();

    private final Database database;
    private final ActivityLog activityLog;
    private final ObjectMapper json;

    public ActivityTail(Database database, ActivityLog activityLog, ObjectMapper json) {
        this.database = Objects.requireNonNull(database, "database");
        this.activityLog = Objects.requireNonNull(activityLog, "activityLog");
        this.json = Objects.requireNonNull(json, "json");
    }

    @Override
    public long head() {
        return activityLog.head().lastSeq();
    }

    @Override
    public Batch read(long after, long upTo, int limit) {
        if (limit < 1 || limit > ActivityLog.MAX_BATCH_RECORDS) {
            throw new IllegalArgumentException("limit " + limit + " outside 1.." + ActivityLog.MAX_BATCH_RECORDS);
        }
        return database.jdbi().withHandle(h -> {
            List<LiveEvents.Row> rows = rows(h, after, upTo, limit);
            Set<String> adjusted = new LinkedHashSet<>();
            rows.forEach(row -> LiveEvents.adjustedPayment(row, json).ifPresent(adjusted::add));
            Map<String, List<String>> referrers = referrersOfPayments(h, adjusted);
            List<LiveEvent> events = rows.stream()
                    .flatMap(row -> LiveEvents.of(row, id -> referrers.getOrDefault(id, List.of()), json).stream())
                    .toList();
            return new Batch(events, rows.size(), rows.isEmpty() ? after : rows.getLast().seq());
        });
    }

    private static List<LiveEvents.Row> rows(Handle h, long after, long upTo, int limit) {
        // The primary key bounds the scan; payloads of non-payment entries are not even fetched.
        return h.createQuery("""
                        SELECT seq, occurred_at, type, vault_id, source_id,
                               CASE WHEN type IN (<payloadTypes>) THEN payload END AS payload
                        FROM activity_log WHERE seq > :after AND seq <= :upTo ORDER BY seq LIMIT :limit""")
                .bindList("payloadTypes", PAYLOAD_TYPES)
                .bind("after", after).bind("upTo", upTo).bind("limit", limit)
                .map((rs, ctx) -> new LiveEvents.Row(rs.getLong("seq"),
                        rs.getObject("occurred_at", OffsetDateTime.class).toInstant(), rs.getString("type"),
                        Optional.ofNullable(rs.getString("vault_id")), Optional.ofNullable(rs.getString("source_id")),
                        Optional.ofNullable(rs.getString("payload"))))
                .list();
    }

    /** The referrers on the stored split of each payment, for the refunds and disputes of one batch (≤ its size). */
    private Map<String, List<String>> referrersOfPayments(Handle h, Set<String> paymentIds) {
        Map<String, List<String>> referrers = new HashMap<>();
        if (paymentIds.isEmpty()) {
            return referrers;
        }
        h.createQuery("SELECT source_id, split_json FROM payment WHERE source_id IN (<ids>)")
                .bindList("ids", List.copyOf(paymentIds))
                .map((rs, ctx) -> Map.entry(rs.getString("source_id"), rs.getString("split_json")))
                .forEach(row -> {
                    try {
                        referrers.put(row.getKey(), LiveEvents.referrers(json.readTree(row.getValue())));
                    } catch (JsonProcessingException e) {
                        // A split this code base wrote is JSON; if not, its referrers just miss this event.
                    }
                });
        return referrers;
    }
}
