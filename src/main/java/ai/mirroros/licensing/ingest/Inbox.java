package ai.mirroros.licensing.ingest;

import ai.mirroros.licensing.LicensingException;
import ai.mirroros.licensing.store.Database;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

/** The webhook inbox table: store, claim, complete, inspect, retry. */
public final class Inbox {
    /** Reasons are for humans; a bound keeps a runaway exception message out of the row. */
    static final int REASON_CHARS_MAX = 1_000;
    /** Listing more than this at once is a job for an export, not a terminal. */
    public static final int LIST_LIMIT_MAX = 10_000;
    /** Back in the queue, whatever kept it out (parked, waiting for a payment, backing off); the caller adds where. */
    private static final String REQUEUE =
            "UPDATE webhook_event SET status = 'pending', awaits_key = NULL, retry_at = NULL WHERE ";

    private final Database database;
    private final Clock clock;

    public Inbox(Database database, Clock clock) {
        this.database = Objects.requireNonNull(database, "database");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Counts of events by status; {@code received} is all of them. */
    public record Stats(long received, long pending, long processed, long ignored, long parked) {
    }

    /** What processing decided for one claimed event. */
    public record Completion(long seq, EventStatus status, String reason, Optional<String> awaitsKey) {
        public Completion {
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(awaitsKey, "awaitsKey");
        }
    }

    /**
     * Stores events in one transaction; returns the ids it added. An id already stored, or repeated in the list, is
     * a duplicate delivery and changes nothing.
     */
    public Set<String> store(List<IncomingEvent> events) {
        return database.jdbi().inTransaction(handle -> store(handle, events));
    }

    /** {@link #store(List)} inside the caller's transaction. */
    public Set<String> store(Handle handle, List<IncomingEvent> events) {
        Map<String, IncomingEvent> fresh = new LinkedHashMap<>();
        for (IncomingEvent event : events) {
            fresh.putIfAbsent(event.eventId(), event);
        }
        if (fresh.isEmpty()) {
            return Set.of();
        }
        handle.createQuery("SELECT event_id FROM webhook_event WHERE event_id IN (<ids>)")
                .bindList("ids", List.copyOf(fresh.keySet()))
                .mapTo(String.class)
                .forEach(fresh::remove);
        OffsetDateTime now = utc(clock.instant());
        PreparedBatch batch = handle.prepareBatch("""
                INSERT INTO webhook_event (event_id, event_type, created_at, received_at, origin, payload, status)
                VALUES (:eventId, :type, :createdAt, :receivedAt, :origin, :payload, 'pending')
                ON CONFLICT DO NOTHING""");
        for (IncomingEvent event : fresh.values()) {
            batch.bind("eventId", event.eventId())
                    .bind("type", event.type())
                    .bind("createdAt", utc(event.createdAt()))
                    .bind("receivedAt", now)
                    .bind("origin", event.origin().wireName())
                    .bind("payload", event.payload())
                    .add();
        }
        if (batch.size() == 0) {
            return new HashSet<>();
        }
        // ON CONFLICT: a concurrent delivery of the same id that committed after our check is a no-op too. Keys come
        // back only for the rows this statement inserted, so such an id is not reported as added a second time.
        Set<String> added = new HashSet<>();
        batch.executePreparedBatch("seq", "event_id")
                .map((rs, ctx) -> rs.getString("event_id"))
                .forEach(added::add);
        return added;
    }

    /**
     * Up to {@code max} processable events in arrival order, without locking them: what the processor looks at to
     * fetch from Stripe what the payloads lack before it opens its transaction. Another instance may take some of
     * them first; {@link #lock} decides.
     */
    public List<InboxEvent> peek(int max) {
        return database.jdbi().withHandle(handle -> handle.createQuery("""
                        SELECT * FROM webhook_event
                        WHERE status = 'pending' AND (retry_at IS NULL OR retry_at < :now)
                        ORDER BY seq
                        LIMIT :max""")
                .bind("now", utc(clock.instant()))
                .bind("max", max)
                .map((rs, ctx) -> read(rs))
                .list());
    }

    /**
     * Locks up to {@code max} processable events in arrival order for the caller's transaction, skipping rows
     * another transaction holds, so that instances sharing the inbox take disjoint batches. The lock is the claim:
     * it ends with the transaction, also when the process dies, so nothing waits for a lease to expire.
     */
    public List<InboxEvent> lock(Handle handle, int max, java.util.Map<Long, InboxEvent> alreadyRead) {
        List<Long> seqs = handle.createQuery("""
                        SELECT seq FROM webhook_event
                        WHERE status = 'pending' AND (retry_at IS NULL OR retry_at < :now)
                        ORDER BY seq
                        LIMIT :max""" + database.dialect().forUpdateSkipLocked())
                .bind("now", utc(clock.instant()))
                .bind("max", max)
                .mapTo(Long.class)
                .list();
        List<Long> unread = seqs.stream().filter(seq -> !alreadyRead.containsKey(seq)).toList();
        Map<Long, InboxEvent> read = new java.util.HashMap<>(alreadyRead);
        if (!unread.isEmpty()) {
            handle.createQuery("SELECT * FROM webhook_event WHERE seq IN (<seqs>)")
                    .bindList("seqs", unread)
                    .map((rs, ctx) -> read(rs))
                    .forEach(event -> read.put(event.seq(), event));
        }
        return seqs.stream().map(read::get).toList();
    }

    /** Locks one event if it is still pending and no other transaction holds it. */
    public boolean lockOne(Handle handle, long seq) {
        return handle.createQuery("SELECT seq FROM webhook_event WHERE seq = :seq AND status = 'pending'"
                        + database.dialect().forUpdateSkipLocked())
                .bind("seq", seq)
                .mapTo(Long.class)
                .findOne()
                .isPresent();
    }

    /**
     * Records what processing decided, inside the transaction that holds its postings and the rows' locks.
     */
    public void complete(Handle handle, List<Completion> completions) {
        if (completions.isEmpty()) {
            return;
        }
        OffsetDateTime now = utc(clock.instant());
        PreparedBatch batch = handle.prepareBatch("""
                UPDATE webhook_event
                SET status = :status, reason = :reason, awaits_key = :awaitsKey, attempts = attempts + 1,
                    processed_at = :now, retry_at = NULL
                WHERE seq = :seq AND status = 'pending'""");
        for (Completion completion : completions) {
            batch.bind("status", completion.status().wireName())
                    .bind("reason", bounded(completion.reason()))
                    .bind("awaitsKey", completion.awaitsKey().orElse(null))
                    .bind("now", now)
                    .bind("seq", completion.seq())
                    .add();
        }
        batch.execute();
    }

    /**
     * Records a failed attempt at an event that could not be processed even alone (a database error, a bug): it is
     * retried after {@code retryAt}, or parked with the reason once it has failed {@code attemptsMax} times, so that
     * one poisonous event never blocks the queue.
     */
    public void fail(long seq, String reason, Instant retryAt, int attemptsMax) {
        database.jdbi().useHandle(handle -> handle.createUpdate("""
                        UPDATE webhook_event
                        SET attempts = attempts + 1, reason = :reason, retry_at = :retryAt,
                            status = CASE WHEN attempts + 1 >= :attemptsMax THEN 'parked' ELSE status END
                        WHERE seq = :seq AND status = 'pending'""")
                .bind("reason", bounded(reason))
                .bind("retryAt", utc(retryAt))
                .bind("attemptsMax", attemptsMax)
                .bind("seq", seq)
                .execute());
    }

    /** Puts parked events waiting for any of {@code keys} back in the queue; returns how many. */
    public int requeueAwaiting(Handle handle, Collection<String> keys) {
        if (keys.isEmpty()) {
            return 0;
        }
        return handle.createUpdate(REQUEUE + "status = 'parked' AND awaits_key IN (<keys>)")
                .bindList("keys", List.copyOf(keys))
                .execute();
    }

    /**
     * Puts parked events back in the queue whose awaited payment is posted by now; returns how many. The posting
     * transaction wakes its waiters itself ({@link #requeueAwaiting}), but it cannot see an event that another
     * transaction is parking at that very moment, and that transaction could not see the payment either: this sweep
     * catches such an event once both have committed.
     */
    public int requeueResolved() {
        return database.jdbi().withHandle(handle -> handle.createUpdate(REQUEUE
                + "status = 'parked' AND awaits_key IN (SELECT stripe_id FROM payment_stripe_ref)").execute());
    }

    /** A parked event back in the queue, after its cause was fixed (e.g. the vault imported). */
    public InboxEvent retry(String eventId) {
        return database.jdbi().inTransaction(handle -> {
            InboxEvent event = find(handle, eventId).orElseThrow(() -> new LicensingException("unknown_event",
                    "no event '" + eventId + "' in the inbox; see licensing events list"));
            if (event.status() != EventStatus.PARKED) {
                throw new LicensingException("not_parked", "event '" + eventId + "' is " + event.status().wireName()
                        + ", only parked events can be retried");
            }
            handle.createUpdate(REQUEUE + "seq = :seq")
                    .bind("seq", event.seq())
                    .execute();
            return find(handle, eventId).orElseThrow();
        });
    }

    /** Every parked event back in the queue; returns how many. */
    public int retryAllParked() {
        return database.jdbi().withHandle(handle -> handle.createUpdate(REQUEUE + "status = 'parked'").execute());
    }

    public Optional<InboxEvent> find(String eventId) {
        return database.jdbi().withHandle(handle -> find(handle, eventId));
    }

    /** Events in arrival order, optionally of one status, at most {@code limit}. */
    public List<InboxEvent> list(Optional<EventStatus> status, int limit) {
        if (limit < 1 || limit > LIST_LIMIT_MAX) {
            throw new LicensingException("invalid_limit", "limit must be 1 to " + LIST_LIMIT_MAX + ", got " + limit);
        }
        String where = status.map(s -> "WHERE status = '" + s.wireName() + "' ").orElse("");
        return database.jdbi().withHandle(handle -> handle.createQuery(
                        "SELECT * FROM webhook_event " + where + "ORDER BY seq LIMIT :limit")
                .bind("limit", limit)
                .map((rs, ctx) -> read(rs))
                .list());
    }

    public Stats stats() {
        Map<String, Long> counts = new LinkedHashMap<>();
        database.jdbi().useHandle(handle -> handle.createQuery(
                        "SELECT status, COUNT(*) AS n FROM webhook_event GROUP BY status")
                .map((rs, ctx) -> Map.entry(rs.getString("status"), rs.getLong("n")))
                .forEach(e -> counts.put(e.getKey(), e.getValue())));
        long pending = counts.getOrDefault("pending", 0L);
        long processed = counts.getOrDefault("processed", 0L);
        long ignored = counts.getOrDefault("ignored", 0L);
        long parked = counts.getOrDefault("parked", 0L);
        return new Stats(pending + processed + ignored + parked, pending, processed, ignored, parked);
    }

    private static Optional<InboxEvent> find(Handle handle, String eventId) {
        return handle.createQuery("SELECT * FROM webhook_event WHERE event_id = :eventId")
                .bind("eventId", eventId)
                .map((rs, ctx) -> read(rs))
                .findOne();
    }

    private static InboxEvent read(ResultSet rs) throws SQLException {
        return new InboxEvent(rs.getLong("seq"), rs.getString("event_id"), rs.getString("event_type"),
                instant(rs, "created_at"), instant(rs, "received_at"),
                IncomingEvent.Origin.valueOf(rs.getString("origin").toUpperCase(java.util.Locale.ROOT)),
                rs.getString("payload"), EventStatus.fromWireName(rs.getString("status")), rs.getInt("attempts"),
                Optional.ofNullable(rs.getString("reason")), Optional.ofNullable(rs.getString("awaits_key")),
                Optional.ofNullable(rs.getObject("processed_at", OffsetDateTime.class)).map(OffsetDateTime::toInstant));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }

    private static String bounded(String reason) {
        return reason.length() <= REASON_CHARS_MAX ? reason : reason.substring(0, REASON_CHARS_MAX - 1) + "…";
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
