package ai.mirroros.licensing.ledger;

import ai.mirroros.licensing.money.Money;
import java.math.BigDecimal;
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
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.Query;

/**
 * The journal's SQL: inserting entries and lines, reading them back with verification, and the balance sums. Every
 * method runs on the caller's {@link Handle}; transactions are the {@link Ledger}'s business. Only INSERT and
 * SELECT: the journal is append-only.
 */
final class JournalStore {
    private static final int TIMESTAMPTZ = Types.TIMESTAMP_WITH_TIMEZONE;

    /*
     * ON CONFLICT DO NOTHING (both databases; H2 only without a conflict target) makes a repeated source id a no-op
     * without failing the statement, which on PostgreSQL would abort the whole transaction. A concurrent insert of
     * the same source waits for the other transaction and then either skips (it committed) or inserts (it rolled
     * back), so exactly one entry per source exists.
     */
    private static final String INSERT_ENTRY = """
            INSERT INTO journal_entry (source_id, kind, occurred_at, available_at, posted_at, description,
                                       line_count, awaits_release)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT DO NOTHING""";
    private static final String INSERT_LINE = """
            INSERT INTO journal_line (entry_id, line_no, account_key, owner_id, currency, amount_minor, posted_at)
            VALUES (?, ?, ?, ?, ?, ?, ?)""";
    private static final String SELECT_ENTRIES = """
            SELECT entry_id, source_id, kind, occurred_at, available_at, posted_at, description, line_count,
                   awaits_release
            FROM journal_entry""";

    /** An entry as stored: its id and posting time besides the entry itself. */
    record StoredEntry(long entryId, Instant postedAt, JournalEntry entry) {
        PostingResult posting() {
            return new PostingResult(entryId, entry.sourceId(), postedAt, true);
        }
    }

    private JournalStore() {
    }

    /**
     * Inserts entries with distinct source ids, in the given order, all stamped {@code postedAt}. Returns one result
     * per source id; sources already in the journal get the existing entry with {@code alreadyPosted}.
     */
    static Map<String, PostingResult> insert(Handle handle, List<JournalEntry> entries, Instant postedAt) {
        Map<String, Long> insertedIds = insertEntries(handle, entries, postedAt);
        insertLines(handle, entries, insertedIds, postedAt);
        Map<String, PostingResult> results = new HashMap<>();
        List<String> conflicts = new ArrayList<>();
        for (JournalEntry entry : entries) {
            Long id = insertedIds.get(entry.sourceId());
            if (id == null) {
                conflicts.add(entry.sourceId());
            } else {
                results.put(entry.sourceId(), new PostingResult(id, entry.sourceId(), postedAt, false));
            }
        }
        if (!conflicts.isEmpty()) {
            Map<String, PostingResult> existing = findPostings(handle, conflicts);
            for (String sourceId : conflicts) {
                PostingResult first = existing.get(sourceId);
                if (first == null) {
                    // Only possible when the caller's transaction runs with a snapshot older than the winner's commit
                    // (REPEATABLE READ or stricter); READ COMMITTED always sees it.
                    throw new IllegalStateException("source '" + sourceId + "' was posted concurrently but is not "
                            + "visible in this transaction; post under READ COMMITTED or retry");
                }
                results.put(sourceId, first);
            }
        }
        return results;
    }

    private static Map<String, Long> insertEntries(Handle handle, List<JournalEntry> entries, Instant postedAt) {
        PreparedBatch batch = handle.prepareBatch(INSERT_ENTRY);
        OffsetDateTime posted = utc(postedAt);
        for (JournalEntry entry : entries) {
            batch.bind(0, entry.sourceId())
                    .bind(1, entry.kind())
                    .bindBySqlType(2, utc(entry.occurredAt()), TIMESTAMPTZ)
                    .bindBySqlType(3, entry.availableAt().map(JournalStore::utc).orElse(null), TIMESTAMPTZ)
                    .bindBySqlType(4, posted, TIMESTAMPTZ)
                    .bind(5, entry.description())
                    .bind(6, entry.lines().size())
                    .bind(7, LedgerRelease.awaitsRelease(entry))
                    .add();
        }
        // Generated keys come back only for inserted rows, so they carry the source id to say which rows those are.
        Map<String, Long> ids = new HashMap<>();
        batch.executePreparedBatch("entry_id", "source_id")
                .map((rs, ctx) -> Map.entry(rs.getString("source_id"), rs.getLong("entry_id")))
                .forEach(e -> ids.put(e.getKey(), e.getValue()));
        return ids;
    }

    private static void insertLines(Handle handle, List<JournalEntry> entries, Map<String, Long> insertedIds,
            Instant postedAt) {
        if (insertedIds.isEmpty()) {
            return;
        }
        PreparedBatch batch = handle.prepareBatch(INSERT_LINE);
        OffsetDateTime posted = utc(postedAt);
        for (JournalEntry entry : entries) {
            Long id = insertedIds.get(entry.sourceId());
            if (id == null) {
                continue;
            }
            int lineNo = 0;
            for (JournalLine line : entry.lines()) {
                AccountRef account = line.account();
                batch.bind(0, id.longValue())
                        .bind(1, ++lineNo)
                        .bind(2, account.key())
                        .bind(3, account.owner())
                        .bind(4, account.currency().code())
                        .bind(5, line.amount().amountMinor())
                        .bindBySqlType(6, posted, TIMESTAMPTZ)
                        .add();
            }
        }
        batch.execute();
    }

    /** The first postings of the given sources that exist, by source id. */
    static Map<String, PostingResult> findPostings(Handle handle, Collection<String> sourceIds) {
        Map<String, PostingResult> found = new HashMap<>();
        if (sourceIds.isEmpty()) {
            return found;
        }
        handle.createQuery("SELECT entry_id, source_id, posted_at FROM journal_entry WHERE source_id IN (<ids>)")
                .bindList("ids", List.copyOf(sourceIds))
                .map((rs, ctx) -> new PostingResult(rs.getLong("entry_id"), rs.getString("source_id"),
                        instant(rs, "posted_at"), true))
                .forEach(posting -> found.put(posting.sourceId(), posting));
        return found;
    }

    static Optional<Long> entryIdForSource(Handle handle, String sourceId) {
        return handle.createQuery("SELECT entry_id FROM journal_entry WHERE source_id = ?")
                .bind(0, sourceId)
                .mapTo(Long.class)
                .findOne();
    }

    /**
     * Reads entries with their lines and checks each as it was checked before writing: balanced, lines matching
     * their accounts, none missing. Unknown ids are absent from the map; a bad entry throws
     * {@link LedgerCorruptionException}.
     */
    static Map<Long, StoredEntry> read(Handle handle, Collection<Long> entryIds) {
        Map<Long, StoredEntry> result = new LinkedHashMap<>();
        if (entryIds.isEmpty()) {
            return result;
        }
        Map<Long, List<JournalLine>> linesByEntry = readLines(handle, entryIds);
        handle.createQuery(SELECT_ENTRIES + " WHERE entry_id IN (<ids>) ORDER BY entry_id")
                .bindList("ids", List.copyOf(entryIds))
                .map((rs, ctx) -> toStoredEntry(rs, linesByEntry))
                .forEach(stored -> result.put(stored.entryId(), stored));
        return result;
    }

    private record LineRow(long entryId, int lineNo, JournalLine line) {
    }

    private static Map<Long, List<JournalLine>> readLines(Handle handle, Collection<Long> entryIds) {
        List<LineRow> rows = handle.createQuery("""
                        SELECT entry_id, line_no, account_key, owner_id, currency, amount_minor
                        FROM journal_line WHERE entry_id IN (<ids>) ORDER BY entry_id, line_no""")
                .bindList("ids", List.copyOf(entryIds))
                .map((rs, ctx) -> new LineRow(rs.getLong("entry_id"), rs.getInt("line_no"),
                        toLine(rs.getLong("entry_id"), rs)))
                .list();
        Map<Long, List<JournalLine>> lines = new HashMap<>();
        for (LineRow row : rows) {
            List<JournalLine> entryLines = lines.computeIfAbsent(row.entryId(), id -> new ArrayList<>());
            if (row.lineNo() != entryLines.size() + 1) {
                throw new LedgerCorruptionException("journal entry " + row.entryId() + " is missing line "
                        + (entryLines.size() + 1));
            }
            entryLines.add(row.line());
        }
        return lines;
    }

    private static JournalLine toLine(long entryId, ResultSet rs) throws SQLException {
        String key = rs.getString("account_key");
        try {
            AccountRef account = AccountRef.parseKey(key);
            if (!account.owner().equals(rs.getString("owner_id"))
                    || !account.currency().code().equals(rs.getString("currency"))) {
                throw new IllegalArgumentException("owner_id/currency columns disagree with account key " + key);
            }
            return new JournalLine(account, Money.ofMinor(rs.getLong("amount_minor"), account.currency()));
        } catch (RuntimeException e) {
            throw new LedgerCorruptionException("journal entry " + entryId + " has an invalid line on '" + key
                    + "': " + e.getMessage(), e);
        }
    }

    private static StoredEntry toStoredEntry(ResultSet rs, Map<Long, List<JournalLine>> linesByEntry)
            throws SQLException {
        long entryId = rs.getLong("entry_id");
        String sourceId = rs.getString("source_id");
        List<JournalLine> lines = linesByEntry.getOrDefault(entryId, List.of());
        String where = "journal entry " + entryId + " ('" + sourceId + "')";
        if (lines.size() != rs.getInt("line_count")) {
            throw new LedgerCorruptionException(where + " has " + lines.size() + " lines but was written with "
                    + rs.getInt("line_count"));
        }
        JournalEntry entry;
        try {
            entry = new JournalEntry(sourceId, rs.getString("kind"), instant(rs, "occurred_at"),
                    Optional.ofNullable(rs.getObject("available_at", OffsetDateTime.class))
                            .map(OffsetDateTime::toInstant),
                    rs.getString("description"), lines);
        } catch (JournalEntryException e) {
            throw new LedgerCorruptionException(where + " is corrupt: " + e.getMessage(), e);
        }
        if (LedgerRelease.awaitsRelease(entry) != rs.getBoolean("awaits_release")) {
            throw new LedgerCorruptionException(where + " has awaits_release=" + rs.getBoolean("awaits_release")
                    + " but its lines say otherwise");
        }
        return new StoredEntry(entryId, instant(rs, "posted_at"), entry);
    }

    /**
     * Up to {@code limit} entries whose holding period ended at or before {@code now} and that have no release entry
     * yet, oldest maturity first.
     */
    static List<Long> maturedUnreleased(Handle handle, Instant now, int limit) {
        return handle.createQuery("""
                        SELECT e.entry_id FROM journal_entry e
                        WHERE e.awaits_release = TRUE AND e.available_at <= ?
                          AND NOT EXISTS (SELECT 1 FROM journal_entry r
                                          WHERE r.source_id = CONCAT('%s', e.entry_id))
                        ORDER BY e.available_at, e.entry_id
                        LIMIT %d""".formatted(LedgerRelease.SOURCE_PREFIX, limit))
                .bindBySqlType(0, utc(now), TIMESTAMPTZ)
                .mapTo(Long.class)
                .list();
    }

    /** The signed (debit-positive) sum of the account's lines posted at or before {@code asOf}, if given. */
    static Money balance(Handle handle, AccountRef account, Optional<Instant> asOf) {
        Query query = handle.createQuery("SELECT COALESCE(SUM(amount_minor), 0) FROM journal_line WHERE account_key = ?"
                + (asOf.isPresent() ? " AND posted_at <= ?" : ""))
                .bind(0, account.key());
        asOf.ifPresent(at -> query.bindBySqlType(1, utc(at), TIMESTAMPTZ));
        BigDecimal sum = query.mapTo(BigDecimal.class).one();
        return Money.ofMinor(exactMinor(sum, account.key()), account.currency());
    }

    /**
     * Every account that has lines, optionally only one owner's, optionally as of a posting time. Accounts back at
     * zero are listed too: "refunded to 0.00" is an answer a partner wants to see, not an empty screen.
     */
    static List<AccountBalance> balances(Handle handle, Optional<String> owner, Optional<Instant> asOf) {
        StringBuilder sql = new StringBuilder("SELECT account_key, SUM(amount_minor) AS balance_minor "
                + "FROM journal_line WHERE 1 = 1");
        owner.ifPresent(o -> sql.append(" AND owner_id = :owner"));
        asOf.ifPresent(at -> sql.append(" AND posted_at <= :asOf"));
        sql.append(" GROUP BY account_key ORDER BY account_key");
        Query query = handle.createQuery(sql.toString());
        owner.ifPresent(o -> query.bind("owner", o));
        asOf.ifPresent(at -> query.bindBySqlType("asOf", utc(at), TIMESTAMPTZ));
        return query.map((rs, ctx) -> {
            String key = rs.getString("account_key");
            AccountRef account = AccountRef.parseKey(key);
            return new AccountBalance(account,
                    Money.ofMinor(exactMinor(rs.getBigDecimal("balance_minor"), key), account.currency()));
        }).list();
    }

    private static long exactMinor(BigDecimal sum, String accountKey) {
        try {
            return sum.longValueExact();
        } catch (ArithmeticException e) {
            throw new LedgerCorruptionException("balance of " + accountKey + " (" + sum + " minor units) does not fit "
                    + "in a long", e);
        }
    }

    static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }
}
