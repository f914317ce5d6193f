package ai.mirroros.licensing.ledger;

import ai.mirroros.licensing.LicensingException;
import ai.mirroros.licensing.ledger.ChainVerifier.VerificationResult;
import ai.mirroros.licensing.store.Database;
import ai.mirroros.licensing.store.Dialect;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.argument.Argument;
import org.jdbi.v3.core.result.ResultIterator;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * The tamper-evident activity log: every revenue event, split, tier change and payout result, appended as a hash
 * chain ({@link ChainHasher}) to {@code activity_log}, verifiable in the database ({@link #verify()}) and from an
 * export file alone ({@link #verifyExport(InputStream)}). Appends are batch-first and join the caller's transaction,
 * so the ledger posting of an event and its activity entries commit together.
 */
public final class ActivityLog {
    /** Bounds how long one append holds the chain lock and how much one batch keeps in memory. */
    public static final int MAX_BATCH_RECORDS = 1_000;
    /** Upper bound for {@link #recent}: a screenful for the dashboard, never a dump (use the export for that). */
    public static final int MAX_RECENT_LIMIT = 500;
    /** Rows per round trip while streaming verify and export: large enough to amortise, small enough to bound memory. */
    static final int FETCH_SIZE = 1_000;
    /** Where the CLI writes the export, relative to the data directory (the seed's file name). */
    public static final Path EXPORT_FILE = Path.of("vault", "logs", "license-activity.json");

    private static final String COLUMNS =
            "seq, occurred_at, recorded_at, type, vault_id, source_id, payload, prev_hash, hash";

    private final Jdbi jdbi;
    private final Dialect dialect;
    private final Clock clock;
    /** Transactions whose appends wait for their end: see {@link #deferAppends}. Keyed by identity; short-lived. */
    private final Map<Handle, List<ActivityRecord>> deferred =
            java.util.Collections.synchronizedMap(new java.util.IdentityHashMap<>());

    public ActivityLog(Database database, Clock clock) {
        this.jdbi = Objects.requireNonNull(database, "database").jdbi();
        this.dialect = database.dialect();
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** {@code dataDir}/vault/logs/license-activity.json. */
    public static Path exportFile(Path dataDir) {
        return dataDir.resolve(EXPORT_FILE);
    }

    /** Appends {@code records} in order in a transaction of its own; see {@link #append(Handle, List)}. */
    public List<ActivityEntry> append(List<ActivityRecord> records) {
        requireBatch(records);
        if (records.isEmpty()) {
            return List.of();
        }
        return jdbi.inTransaction(handle -> append(handle, records));
    }

    /**
     * Appends {@code records} in order inside the caller's open transaction and returns the entries with their seq
     * and hashes. Locks the chain head until that transaction ends, so keep the rest of it short; under PostgreSQL
     * REPEATABLE READ or SERIALIZABLE a concurrent append makes this fail with a serialization error to retry.
     *
     * @throws IllegalStateException when {@code handle} is not in a transaction: the head lock would be released at
     *     once and the entries could commit without the event they describe
     */
    public List<ActivityEntry> append(Handle handle, List<ActivityRecord> records) {
        Objects.requireNonNull(handle, "handle");
        requireBatch(records);
        if (!handle.isInTransaction()) {
            throw new IllegalStateException("ActivityLog.append(handle, …) must run inside the caller's transaction");
        }
        if (records.isEmpty()) {
            return List.of();
        }
        List<ActivityRecord> waiting = deferred.get(handle);
        if (waiting != null) {
            waiting.addAll(records);
            return List.of();
        }
        return appendNow(handle, records);
    }

    /**
     * Makes appends on {@code handle} wait until {@link #appendDeferred}, which the caller runs as the last statement
     * before committing (and {@link #discardDeferred} in a {@code finally}). Why: the chain head is the one row every
     * appender locks. Taken mid-transaction, it deadlocks two transactions that each wait for the other's journal
     * insert while holding or wanting the head; taken last, it gives all of them one lock order. Deferred appends
     * return no entries.
     */
    public void deferAppends(Handle handle) {
        deferred.put(Objects.requireNonNull(handle, "handle"), new ArrayList<>());
    }

    /** Appends what {@link #deferAppends} held back, in order, and stops deferring on {@code handle}. */
    public void appendDeferred(Handle handle) {
        List<ActivityRecord> waiting = deferred.remove(handle);
        if (waiting == null || waiting.isEmpty()) {
            return;
        }
        // In chunks: one append takes a bounded batch; the head stays locked by this transaction between them.
        for (int from = 0; from < waiting.size(); from += MAX_BATCH_RECORDS) {
            appendNow(handle, waiting.subList(from, Math.min(waiting.size(), from + MAX_BATCH_RECORDS)));
        }
    }

    /** Forgets appends held back on {@code handle} (its transaction rolled back, or they were appended). */
    public void discardDeferred(Handle handle) {
        deferred.remove(handle);
    }

    private List<ActivityEntry> appendNow(Handle handle, List<ActivityRecord> records) {
        ChainHead head = readHead(handle, true).orElseThrow(() -> new IllegalStateException(
                "activity_chain_head row 1 is missing: the database was not migrated or the head row was deleted"));
        List<ActivityEntry> entries = chain(head, records, clock.instant().truncatedTo(ChronoUnit.MICROS));
        insert(handle, entries);
        ActivityEntry last = entries.getLast();
        int updated = handle.createUpdate("UPDATE activity_chain_head SET last_seq = :lastSeq, last_hash = :lastHash"
                        + " WHERE id = 1 AND last_seq = :previousSeq")
                .bind("lastSeq", last.seq())
                .bind("lastHash", last.hash())
                .bind("previousSeq", head.lastSeq())
                .execute();
        if (updated != 1) {
            throw new IllegalStateException("chain head moved while locked (expected last_seq " + head.lastSeq() + ")");
        }
        return entries;
    }

    /** The computing half of an append: seqs and hashes for {@code records} after {@code head}. */
    static List<ActivityEntry> chain(ChainHead head, List<ActivityRecord> records, Instant recordedAt) {
        ChainHasher hasher = new ChainHasher();
        List<ActivityEntry> entries = new ArrayList<>(records.size());
        long seq = head.lastSeq();
        String prevHash = head.lastHash();
        for (ActivityRecord record : records) {
            seq++;
            String hash = hasher.hash(seq, record.occurredAt(), recordedAt, record.type(), record.vaultId(),
                    record.sourceId(), record.payload().text(), prevHash);
            entries.add(new ActivityEntry(seq, record.occurredAt(), recordedAt, record.type(), record.vaultId(),
                    record.sourceId(), record.payload().text(), prevHash, hash));
            prevHash = hash;
        }
        return List.copyOf(entries);
    }

    /** The recorded end of the chain. */
    public ChainHead head() {
        return jdbi.withHandle(handle -> readHead(handle, false)).orElseThrow(() -> new IllegalStateException(
                "activity_chain_head row 1 is missing"));
    }

    /**
     * Streams the whole chain in seq order through {@link ChainVerifier} and checks it against the head row.
     * Concurrent appends are fine: only entries up to the head read first are verified, and entries beyond the head
     * count as tampering only if they are still beyond it with the head locked, when no append can be in flight.
     */
    public VerificationResult verify() {
        return jdbi.inTransaction(handle -> {
            Optional<ChainHead> head = readHead(handle, false);
            if (head.isEmpty()) {
                return VerificationResult.failed(0, ChainProblem.HEAD_MISMATCH,
                        "the chain head row (activity_chain_head id 1) is missing: it was deleted");
            }
            ChainVerifier verifier = new ChainVerifier();
            try (ResultIterator<ActivityEntry> rows = handle.createQuery(
                            "SELECT " + COLUMNS + " FROM activity_log WHERE seq <= :lastSeq ORDER BY seq")
                    .bind("lastSeq", head.get().lastSeq())
                    .setFetchSize(FETCH_SIZE)
                    .map(ActivityLog::mapEntry)
                    .iterator()) {
                while (rows.hasNext() && verifier.accept(rows.next())) {
                    // accept does the work
                }
            }
            VerificationResult result = verifier.finish(head);
            if (!result.ok()) {
                return result;
            }
            // Max first, head second: a legitimate entry commits together with a head covering it.
            if (maxSeq(handle) <= readHead(handle, false).orElse(head.get()).lastSeq()) {
                return result;
            }
            // Entries beyond the head: tampering, or an append caught mid-commit. Plain reads cannot always tell them
            // apart (CI once saw an append's entries before its head, with READ COMMITTED reads), so confirm under
            // the head lock: holding it, no append is in flight, and the head covers every legitimate entry. Only this rare path makes appenders wait, and only until this transaction ends.
            ChainHead lockedHead = readHead(handle, true).orElse(head.get());
            long maxSeq = maxSeq(handle);
            return maxSeq > lockedHead.lastSeq()
                    ? ChainVerifier.beyondHead(result.entriesChecked(), lockedHead, maxSeq)
                    : result;
        });
    }

    private static long maxSeq(Handle handle) {
        return handle.createQuery("SELECT COALESCE(MAX(seq), 0) FROM activity_log").mapTo(Long.class).one();
    }

    /**
     * Writes the whole chain to {@code out} as a JSON array in seq order, one entry per line, streaming. Does not
     * close {@code out}.
     */
    public void exportJson(OutputStream out) {
        Objects.requireNonNull(out, "out");
        jdbi.useTransaction(handle -> {
            try (ResultIterator<ActivityEntry> rows = handle.createQuery(
                            "SELECT " + COLUMNS + " FROM activity_log ORDER BY seq")
                    .setFetchSize(FETCH_SIZE)
                    .map(ActivityLog::mapEntry)
                    .iterator()) {
                ActivityExport.write(rows, out);
            }
        });
    }

    /** Verifies an export with the same rules as {@link #verify()}; cannot see a deleted tail (no head in the file). */
    public static VerificationResult verifyExport(InputStream in) {
        return ActivityExport.verify(in, Optional.empty());
    }

    /**
     * Verifies an export and that it ends at {@code head}, a head published elsewhere: this also catches entries cut
     * off the end of the file.
     */
    public static VerificationResult verifyExport(InputStream in, ChainHead head) {
        return ActivityExport.verify(in, Optional.of(head));
    }

    /**
     * The newest {@code limit} entries, newest first, of one vault or of all.
     *
     * @throws LicensingException when {@code limit} is not between 1 and {@link #MAX_RECENT_LIMIT}
     */
    public List<ActivityEntry> recent(Optional<String> vaultId, int limit) {
        Objects.requireNonNull(vaultId, "vaultId");
        requireLimit(limit);
        return jdbi.withHandle(handle -> {
            Query query = handle.createQuery("SELECT " + COLUMNS + " FROM activity_log"
                    + (vaultId.isPresent() ? " WHERE vault_id = :vaultId" : "") + " ORDER BY seq DESC LIMIT :limit");
            vaultId.ifPresent(id -> query.bind("vaultId", id));
            return query.bind("limit", limit).map(ActivityLog::mapEntry).list();
        });
    }

    private static void requireLimit(int limit) {
        if (limit < 1 || limit > MAX_RECENT_LIMIT) {
            throw new LicensingException("invalid_limit",
                    "limit must be between 1 and " + MAX_RECENT_LIMIT + ", got " + limit);
        }
    }

    /**
     * Up to {@code limit} entries of one vault, newest first, with a seq below {@code beforeSeq} when given: keyset
     * paging over the (vault_id, seq) index, so a deep page costs what the first one does.
     *
     * @throws LicensingException when {@code limit} is not between 1 and {@link #MAX_RECENT_LIMIT}
     */
    public List<ActivityEntry> page(String vaultId, Optional<Long> beforeSeq, int limit) {
        Objects.requireNonNull(vaultId, "vaultId");
        Objects.requireNonNull(beforeSeq, "beforeSeq");
        requireLimit(limit);
        return jdbi.withHandle(handle -> {
            Query query = handle.createQuery("SELECT " + COLUMNS + " FROM activity_log WHERE vault_id = :vaultId"
                    + (beforeSeq.isPresent() ? " AND seq < :beforeSeq" : "") + " ORDER BY seq DESC LIMIT :limit");
            beforeSeq.ifPresent(seq -> query.bind("beforeSeq", seq));
            return query.bind("vaultId", vaultId).bind("limit", limit).map(ActivityLog::mapEntry).list();
        });
    }

    private Optional<ChainHead> readHead(Handle handle, boolean lock) {
        return handle.createQuery("SELECT last_seq, last_hash FROM activity_chain_head WHERE id = 1"
                        + (lock ? dialect.forUpdate() : ""))
                .map((rs, ctx) -> new ChainHead(rs.getLong("last_seq"), rs.getString("last_hash")))
                .findOne();
    }

    private static void insert(Handle handle, List<ActivityEntry> entries) {
        PreparedBatch batch = handle.prepareBatch("INSERT INTO activity_log (" + COLUMNS + ") VALUES (:seq,"
                + " :occurredAt, :recordedAt, :type, :vaultId, :sourceId, :payload, :prevHash, :hash)");
        for (ActivityEntry entry : entries) {
            batch.bind("seq", entry.seq())
                    .bind("occurredAt", timestamp(entry.occurredAt()))
                    .bind("recordedAt", timestamp(entry.recordedAt()))
                    .bind("type", entry.type())
                    .bind("vaultId", entry.vaultId().orElse(null))
                    .bind("sourceId", entry.sourceId().orElse(null))
                    .bind("payload", entry.payloadJson())
                    .bind("prevHash", entry.prevHash())
                    .bind("hash", entry.hash())
                    .add();
        }
        int[] counts = batch.execute();
        if (counts.length != entries.size()) {
            throw new IllegalStateException("inserted " + counts.length + " of " + entries.size() + " entries");
        }
    }

    /**
     * Binds as {@link OffsetDateTime} in UTC, which both drivers map to TIMESTAMP WITH TIME ZONE exactly; JDBI's
     * default {@code java.sql.Timestamp} goes through the JVM time zone and the Julian calendar before 1582.
     */
    private static Argument timestamp(Instant instant) {
        OffsetDateTime value = instant.atOffset(ZoneOffset.UTC);
        return (position, statement, ctx) -> statement.setObject(position, value);
    }

    private static ActivityEntry mapEntry(ResultSet rs, StatementContext ctx) throws SQLException {
        return new ActivityEntry(
                rs.getLong("seq"),
                rs.getObject("occurred_at", OffsetDateTime.class).toInstant(),
                rs.getObject("recorded_at", OffsetDateTime.class).toInstant(),
                rs.getString("type"),
                Optional.ofNullable(rs.getString("vault_id")),
                Optional.ofNullable(rs.getString("source_id")),
                rs.getString("payload"),
                rs.getString("prev_hash"),
                rs.getString("hash"));
    }

    private static void requireBatch(List<ActivityRecord> records) {
        Objects.requireNonNull(records, "records");
        if (records.size() > MAX_BATCH_RECORDS) {
            throw new IllegalArgumentException("a batch holds at most " + MAX_BATCH_RECORDS + " records, got "
                    + records.size() + "; split it");
        }
    }
}
