package ai.mirroros.licensing.ledger;

import ai.mirroros.licensing.money.CurrencyUnit;
import ai.mirroros.licensing.money.Money;
import ai.mirroros.licensing.store.TestDatabases;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.jdbi.v3.core.Handle;

/**
 * Posting throughput of the {@link Ledger} against the practical limit: the same rows (one entry row, five line
 * rows per payment) written with plain JDBC batch inserts and no logic, into the same tables, in the same run. Not a
 * JUnit test. Run:
 * <pre>
 * ./mvnw -q test-compile dependency:build-classpath -Dmdep.outputFile=target/test.classpath -Dmdep.includeScope=test
 * java -cp target/test-classes:target/classes:$(cat target/test.classpath) \
 *     ai.mirroros.licensing.ledger.LedgerThroughputBenchmark
 * </pre>
 * PostgreSQL comes from {@code LICENSING_TEST_PG_URL} like in the tests. Every measurement starts on a fresh schema
 * (PostgreSQL) or a fresh file database (H2); the table shows medians of {@link #REPETITIONS} runs.
 */
public final class LedgerThroughputBenchmark {
    private static final int[] BATCH_SIZES = {1, 100, 1_000};
    /** Single commits are ~10x slower; fewer entries keep the whole run within about three minutes. */
    private static final int ENTRIES_BATCH_1 = 3_000;
    private static final int ENTRIES_BATCHED = 20_000;
    private static final int WARM_UP_ENTRIES = 2_000;
    private static final int REPETITIONS = 3;
    private static final CurrencyUnit USD = CurrencyUnit.USD;
    private static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");

    private LedgerThroughputBenchmark() {
    }

    private record Row(TestDatabases.Kind kind, int batchSize, int entries, double ledgerPerSecond,
            double rawPerSecond) {
    }

    public static void main(String[] args) throws Exception {
        long started = System.nanoTime();
        List<Row> rows = new ArrayList<>();
        for (TestDatabases.Kind kind : List.of(TestDatabases.Kind.POSTGRES, TestDatabases.Kind.H2)) {
            // Warm up both paths at every batch size so the JIT has compiled them before anything is timed.
            for (int batchSize : BATCH_SIZES) {
                measureLedger(kind, payments(WARM_UP_ENTRIES, -batchSize), batchSize);
                measureRaw(kind, payments(WARM_UP_ENTRIES, -batchSize), batchSize);
            }
            for (int batchSize : BATCH_SIZES) {
                int n = batchSize == 1 ? ENTRIES_BATCH_1 : ENTRIES_BATCHED;
                double[] ledger = new double[REPETITIONS];
                double[] raw = new double[REPETITIONS];
                for (int rep = 0; rep < REPETITIONS; rep++) {
                    List<JournalEntry> entries = payments(n, rep);
                    // Alternate which goes first so that drift on a shared machine does not favour one side.
                    if (rep % 2 == 0) {
                        ledger[rep] = measureLedger(kind, entries, batchSize);
                        raw[rep] = measureRaw(kind, entries, batchSize);
                    } else {
                        raw[rep] = measureRaw(kind, entries, batchSize);
                        ledger[rep] = measureLedger(kind, entries, batchSize);
                    }
                }
                rows.add(new Row(kind, batchSize, n, median(ledger), median(raw)));
                System.err.printf("%s batch %d: ledger %s raw %s%n", kind, batchSize, Arrays.toString(ledger),
                        Arrays.toString(raw));
            }
        }
        System.out.println("| database | batch size | entries | entries/s ledger | entries/s raw | ratio |");
        System.out.println("|---|---:|---:|---:|---:|---:|");
        for (Row row : rows) {
            System.out.printf("| %s | %d | %,d | %,.0f | %,.0f | %.2f |%n", row.kind(), row.batchSize(),
                    row.entries(), row.ledgerPerSecond(), row.rawPerSecond(),
                    row.ledgerPerSecond() / row.rawPerSecond());
        }
        System.out.printf("%nmedian of %d repetitions, 5 lines per entry, fresh database per measurement; "
                + "total run %.0f s%n", REPETITIONS, (System.nanoTime() - started) / 1e9);
    }

    /** Payments of 100.00 less a 3.20 fee, spread over 50 vaults and 20 referrers, with Stripe-like event ids. */
    private static List<JournalEntry> payments(int count, long seed) {
        Random random = new Random(seed);
        List<JournalEntry> entries = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            long gross = 1_000 + random.nextInt(100_000);
            long fee = gross * 29 / 1_000 + 30;
            long vault = gross * 85 / 100;
            long referrer = gross * 5 / 100;
            Instant occurred = T0.plusSeconds(i);
            entries.add(JournalEntry.builder(eventId(random), JournalEntry.KIND_PAYMENT, occurred)
                    .availableAt(occurred.plus(Duration.ofDays(7)))
                    .description("charge.succeeded")
                    .debit(AccountRef.stripeClearing(USD), Money.ofMinor(gross - fee, USD))
                    .debit(AccountRef.processingFees(USD), Money.ofMinor(fee, USD))
                    .credit(AccountRef.vaultPending("vault-" + random.nextInt(50) + ".sig", USD),
                            Money.ofMinor(vault, USD))
                    .credit(AccountRef.referrerPending("ref-" + random.nextInt(20), USD), Money.ofMinor(referrer, USD))
                    .credit(AccountRef.platformRevenue(USD), Money.ofMinor(gross - vault - referrer, USD))
                    .build());
        }
        return entries;
    }

    private static String eventId(Random random) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder id = new StringBuilder("evt_");
        for (int i = 0; i < 24; i++) {
            id.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return id.toString();
    }

    private static double measureLedger(TestDatabases.Kind kind, List<JournalEntry> entries, int batchSize) {
        try (TestDatabases.TestDatabase db = TestDatabases.fresh(kind)) {
            Ledger ledger = new Ledger(db.database(), Clock.systemUTC());
            long start = System.nanoTime();
            for (int from = 0; from < entries.size(); from += batchSize) {
                List<JournalEntry> batch = entries.subList(from, Math.min(entries.size(), from + batchSize));
                if (batchSize == 1) {
                    ledger.post(batch.getFirst());
                } else {
                    ledger.postBatch(batch);
                }
            }
            return entries.size() / ((System.nanoTime() - start) / 1e9);
        }
    }

    /** The same rows with plain JDBC: explicit ids, no generated keys, no conflict handling, no checks. */
    private static double measureRaw(TestDatabases.Kind kind, List<JournalEntry> entries, int batchSize)
            throws SQLException {
        try (TestDatabases.TestDatabase db = TestDatabases.fresh(kind);
                Handle handle = db.database().jdbi().open()) {
            Connection connection = handle.getConnection();
            connection.setAutoCommit(false);
            try (PreparedStatement entry = connection.prepareStatement("""
                    INSERT INTO journal_entry (entry_id, source_id, kind, occurred_at, available_at, posted_at,
                                               description, line_count, awaits_release)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""");
                    PreparedStatement line = connection.prepareStatement("""
                    INSERT INTO journal_line (entry_id, line_no, account_key, owner_id, currency, amount_minor,
                                              posted_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?)""")) {
                long start = System.nanoTime();
                long id = 0;
                for (int from = 0; from < entries.size(); from += batchSize) {
                    OffsetDateTime posted = Instant.now().atOffset(ZoneOffset.UTC);
                    int to = Math.min(entries.size(), from + batchSize);
                    for (JournalEntry e : entries.subList(from, to)) {
                        id++;
                        addEntry(entry, id, e, posted);
                        addLines(line, id, e, posted);
                    }
                    entry.executeBatch();
                    line.executeBatch();
                    connection.commit();
                }
                return entries.size() / ((System.nanoTime() - start) / 1e9);
            } finally {
                connection.setAutoCommit(true);
            }
        }
    }

    private static void addEntry(PreparedStatement ps, long id, JournalEntry e, OffsetDateTime posted)
            throws SQLException {
        ps.setLong(1, id);
        ps.setString(2, e.sourceId());
        ps.setString(3, e.kind());
        ps.setObject(4, e.occurredAt().atOffset(ZoneOffset.UTC), Types.TIMESTAMP_WITH_TIMEZONE);
        ps.setObject(5, e.availableAt().orElseThrow().atOffset(ZoneOffset.UTC), Types.TIMESTAMP_WITH_TIMEZONE);
        ps.setObject(6, posted, Types.TIMESTAMP_WITH_TIMEZONE);
        ps.setString(7, e.description());
        ps.setInt(8, e.lines().size());
        ps.setBoolean(9, true);
        ps.addBatch();
    }

    private static void addLines(PreparedStatement ps, long id, JournalEntry e, OffsetDateTime posted)
            throws SQLException {
        int lineNo = 0;
        for (JournalLine l : e.lines()) {
            ps.setLong(1, id);
            ps.setInt(2, ++lineNo);
            ps.setString(3, l.account().key());
            ps.setString(4, l.account().owner());
            ps.setString(5, l.account().currency().code());
            ps.setLong(6, l.amount().amountMinor());
            ps.setObject(7, posted, Types.TIMESTAMP_WITH_TIMEZONE);
            ps.addBatch();
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
