package ai.mirroros.licensing.ledger;

import ai.mirroros.licensing.money.Money;
import ai.mirroros.licensing.store.Database;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.jdbi.v3.core.Handle;

/**
 * The append-only double-entry ledger: posts balanced {@link JournalEntry journal entries} idempotently, derives
 * balances from them and releases pending payables when their holding period ends.
 *
 * <h2>Accounting model of a payment</h2>
 * A payment of {@code gross} with Stripe fee {@code fee} is one entry:
 * <pre>
 *   Dr STRIPE_CLEARING        gross − fee     (what lands in the Stripe balance; reconciles with Stripe)
 *   Dr PROCESSING_FEES        fee
 *   Cr VAULT_PENDING[vault]   partner share
 *   Cr REFERRER_PENDING[r]    each referrer's commission
 *   Cr PLATFORM_REVENUE       master share + fee
 * </pre>
 * with {@code availableAt} = end of the holding period. When it has passed, {@link #releaseMatured} posts
 * {@code release:<entryId>}: Dr VAULT_PENDING / Cr VAULT_AVAILABLE, and the same for each referrer. Payouts later
 * move available balances on. Nothing is ever updated or deleted; a correction is a new entry.
 *
 * <h2>Idempotency</h2>
 * {@code source_id} is unique. Posting a source that is already in the journal is a no-op that returns the first
 * posting with {@code alreadyPosted = true}, also when two transactions race (the insert uses {@code ON CONFLICT DO
 * NOTHING}, so the loser waits for the winner's commit and then finds its entry). The first posting wins: a later
 * entry with the same source id is ignored even if its lines differ. Duplicates within one batch collapse likewise.
 *
 * <h2>Balances are derived, not stored</h2>
 * Every payment credits PLATFORM_REVENUE, so a per-account balance row updated on each posting would be one hot row
 * serialising all writers. Instead a balance is {@code SUM(amount_minor)} over the account's lines, served by the
 * index {@code (account_key, posted_at, amount_minor)}; {@code balanceAsOf} adds {@code posted_at <= asOf}. Limits:
 * the cost of a balance grows with the number of lines on the account (platform accounts get one line per payment),
 * and {@link #balances} without an owner scans every line. The planned remedy is periodic balance snapshots (sum up to
 * a posted_at, appended to a snapshot table) plus the lines after the snapshot; the journal stays the truth.
 *
 * <h2>Throughput</h2>
 * A commit costs a disk flush, so {@link #postBatch} posts up to {@link #MAX_BATCH_SIZE} entries in one transaction
 * with JDBC batch inserts (group commit): one commit per payment is bounded by commit latency, batches of 100 post
 * several times as many payments per second ({@code LedgerThroughputBenchmark} measures both against plain JDBC
 * inserts of the same rows). Batches sort their source ids so that two batches sharing a source lock in the same
 * order and wait instead of deadlocking.
 *
 * <p>Time comes from the injected {@link Clock} (posting time) or an explicit argument; never from the system clock.
 */
public final class Ledger {
    /**
     * Entries per {@link #postBatch} transaction. Past a few hundred the commit is amortised and throughput stops
     * growing, while a larger batch holds its locks longer and loses more work to a failure.
     */
    public static final int MAX_BATCH_SIZE = 1_000;
    /**
     * Matured entries released per transaction: large enough to amortise the commit, small enough that one
     * transaction reads and writes a bounded number of rows (each release reads its entry's lines) and a concurrent
     * poster never waits long.
     */
    public static final int RELEASE_BATCH_SIZE = 500;

    private final Database database;
    private final Clock clock;

    public Ledger(Database database, Clock clock) {
        this.database = Objects.requireNonNull(database, "database");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** What one {@link #releaseMatured} run did. */
    public record ReleaseResult(int entriesReleased, int batchesCommitted) {
    }

    /** Posts one entry in its own transaction; a no-op returning the first posting if its source is known. */
    public PostingResult post(JournalEntry entry) {
        return postBatch(List.of(entry)).getFirst();
    }

    /** Posts one entry inside the caller's transaction, which commits it together with the caller's own rows. */
    public PostingResult post(Handle handle, JournalEntry entry) {
        return postBatch(handle, List.of(entry)).getFirst();
    }

    /**
     * Posts up to {@link #MAX_BATCH_SIZE} entries in one transaction. Returns one result per entry, in order; a
     * source id already in the journal, or repeated in the batch, yields the first posting with {@code
     * alreadyPosted}.
     */
    public List<PostingResult> postBatch(List<JournalEntry> entries) {
        requirePostable(entries);
        if (entries.isEmpty()) {
            return List.of();
        }
        return database.jdbi().inTransaction(handle -> insert(handle, entries));
    }

    /**
     * Like {@link #postBatch(List)}, inside the caller's transaction (READ COMMITTED, the default of both databases):
     * nothing is committed here, and a rollback by the caller takes the postings with it.
     */
    public List<PostingResult> postBatch(Handle handle, List<JournalEntry> entries) {
        Objects.requireNonNull(handle, "handle");
        if (!handle.isInTransaction()) {
            throw new IllegalStateException("postBatch(handle, …) needs an open transaction so that an entry and its "
                    + "lines commit together; use handle.inTransaction(…) or postBatch(entries)");
        }
        requirePostable(entries);
        return entries.isEmpty() ? List.of() : insert(handle, entries);
    }

    /** The account's balance over all postings, debit positive (see {@link AccountBalance#normalBalance()}). */
    public Money balance(AccountRef account) {
        Objects.requireNonNull(account, "account");
        return database.jdbi().withHandle(handle -> JournalStore.balance(handle, account, Optional.empty()));
    }

    /** The account's balance over the entries posted at or before {@code asOf}, debit positive. */
    public Money balanceAsOf(AccountRef account, Instant asOf) {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(asOf, "asOf");
        return database.jdbi().withHandle(handle -> JournalStore.balance(handle, account, Optional.of(asOf)));
    }

    /**
     * Every account with a non-zero balance, ordered by key: all of them, or only those of one vault or referrer
     * ({@code owner}), over all postings or those posted at or before {@code asOf}.
     */
    public List<AccountBalance> balances(Optional<String> owner, Optional<Instant> asOf) {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(asOf, "asOf");
        return database.jdbi().withHandle(handle -> JournalStore.balances(handle, owner, asOf));
    }

    /**
     * Releases every entry whose holding period ended at or before {@code now} and that has not been released yet,
     * {@link #RELEASE_BATCH_SIZE} per transaction. Idempotent: the release of entry 42 is posted under source id
     * {@code release:42}, so a second run, or a concurrent one, releases nothing twice.
     */
    public ReleaseResult releaseMatured(Instant now) {
        Objects.requireNonNull(now, "now");
        int released = 0;
        int batches = 0;
        List<Long> previous = List.of();
        while (true) {
            ReleaseBatch batch = database.jdbi().inTransaction(handle -> releaseBatch(handle, now));
            if (batch.candidates().isEmpty()) {
                return new ReleaseResult(released, batches);
            }
            if (batch.candidates().equals(previous)) {
                // Each batch either posts its releases or finds them posted; seeing the same ones again means the
                // release entries are not where the scan looks, and looping would never end.
                throw new LedgerCorruptionException("entries " + previous + " stay unreleased after their release "
                        + "was posted");
            }
            previous = batch.candidates();
            released += batch.newlyReleased();
            batches++;
        }
    }

    /** The entry stored under {@code entryId}, verified to balance; throws {@link LedgerException} if unknown. */
    public JournalEntry readEntry(long entryId) {
        return database.jdbi().withHandle(handle -> JournalStore.read(handle, List.of(entryId))).values().stream()
                .findFirst()
                .map(JournalStore.StoredEntry::entry)
                .orElseThrow(() -> new LedgerException("unknown_journal_entry", "no journal entry " + entryId));
    }

    /** The entry posted under {@code sourceId}, verified to balance, if any. */
    public Optional<JournalEntry> findBySource(String sourceId) {
        Objects.requireNonNull(sourceId, "sourceId");
        return database.jdbi().withHandle(handle -> JournalStore.entryIdForSource(handle, sourceId)
                .map(id -> JournalStore.read(handle, List.of(id)).get(id))
                .map(JournalStore.StoredEntry::entry));
    }

    /** The posting of {@code sourceId} (entry id, posting time), if it is in the journal. */
    public Optional<PostingResult> findPosting(String sourceId) {
        Objects.requireNonNull(sourceId, "sourceId");
        return database.jdbi().withHandle(handle ->
                Optional.ofNullable(JournalStore.findPostings(handle, List.of(sourceId)).get(sourceId)));
    }

    /** {@link #findPosting(String)} inside the caller's transaction. */
    public Optional<PostingResult> findPosting(Handle handle, String sourceId) {
        Objects.requireNonNull(sourceId, "sourceId");
        return Optional.ofNullable(JournalStore.findPostings(handle, List.of(sourceId)).get(sourceId));
    }

    /**
     * When the pending balances of entry {@code entryId} move to available: its {@code availableAt} while its
     * release has not been posted, empty once it has (or when the entry left nothing pending). A correction of that
     * entry (a refund clawback, say) must hit the pending accounts with the same date in the first case and the
     * available accounts in the second, so that the release never moves money that is no longer there.
     */
    public Optional<Instant> pendingUntil(Handle handle, long entryId) {
        return handle.createQuery("""
                        SELECT e.available_at FROM journal_entry e
                        WHERE e.entry_id = :entryId AND e.awaits_release = TRUE
                          AND NOT EXISTS (SELECT 1 FROM journal_entry r WHERE r.source_id = :releaseSource)""")
                .bind("entryId", entryId)
                .bind("releaseSource", LedgerRelease.sourceIdFor(entryId))
                .mapTo(java.time.OffsetDateTime.class)
                .findOne()
                .map(java.time.OffsetDateTime::toInstant);
    }

    private static void requirePostable(List<JournalEntry> entries) {
        Objects.requireNonNull(entries, "entries");
        if (entries.size() > MAX_BATCH_SIZE) {
            throw new IllegalArgumentException("batch of " + entries.size() + " entries; post at most "
                    + MAX_BATCH_SIZE + " per batch");
        }
        for (JournalEntry entry : entries) {
            Objects.requireNonNull(entry, "entry");
            if (LedgerRelease.isReservedSourceId(entry.sourceId())) {
                throw new LedgerException("reserved_source_id", "source id '" + entry.sourceId() + "' starts with '"
                        + LedgerRelease.SOURCE_PREFIX + "', which is reserved for holding-period releases");
            }
            LedgerRelease.requireReleasable(entry);
        }
    }

    /** Inserts validated entries: distinct sources in sorted order (a fixed lock order), results in input order. */
    private List<PostingResult> insert(Handle handle, List<JournalEntry> entries) {
        Map<String, JournalEntry> distinct = new TreeMap<>();
        for (JournalEntry entry : entries) {
            distinct.putIfAbsent(entry.sourceId(), entry);
        }
        Instant postedAt = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Map<String, PostingResult> bySource =
                JournalStore.insert(handle, List.copyOf(distinct.values()), postedAt);
        List<PostingResult> results = new ArrayList<>(entries.size());
        Set<String> seen = new HashSet<>();
        for (JournalEntry entry : entries) {
            PostingResult result = bySource.get(entry.sourceId());
            results.add(seen.add(entry.sourceId()) ? result : result.asAlreadyPosted());
        }
        return results;
    }

    private record ReleaseBatch(List<Long> candidates, int newlyReleased) {
    }

    private ReleaseBatch releaseBatch(Handle handle, Instant now) {
        List<Long> candidates = JournalStore.maturedUnreleased(handle, now, RELEASE_BATCH_SIZE);
        if (candidates.isEmpty()) {
            return new ReleaseBatch(candidates, 0);
        }
        Map<Long, JournalStore.StoredEntry> stored = JournalStore.read(handle, candidates);
        List<JournalEntry> releases = new ArrayList<>(candidates.size());
        for (long entryId : candidates) {
            JournalStore.StoredEntry matured = stored.get(entryId);
            releases.add(LedgerRelease.releaseFor(entryId, matured.entry()).orElseThrow(() ->
                    new LedgerCorruptionException("journal entry " + entryId + " awaits release but has nothing "
                            + "pending")));
        }
        int newlyReleased = (int) insert(handle, releases).stream().filter(r -> !r.alreadyPosted()).count();
        return new ReleaseBatch(candidates, newlyReleased);
    }
}
