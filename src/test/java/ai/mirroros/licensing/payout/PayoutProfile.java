package ai.mirroros.licensing.payout;

import ai.mirroros.licensing.LicensingApp;
import ai.mirroros.licensing.store.DatabaseConfig;
import ai.mirroros.licensing.store.TestDatabases;
import ai.mirroros.licensing.stripe.sandbox.SandboxConfig;
import ai.mirroros.licensing.stripe.sandbox.StripeSandbox;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.statement.SqlLogger;
import org.jdbi.v3.core.statement.SqlStatements;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.transaction.DelegatingTransactionHandler;
import org.jdbi.v3.core.transaction.LocalTransactionHandler;

/**
 * Where a payout run's time goes: the runner in this JVM (next to the sandbox, so absolute times differ from
 * {@code scripts/bench payouts}), with every SQL statement and transaction timed and counted per stage, and every
 * transfer request timed. Not a JUnit test. Run: {@code scripts/bench payouts-profile [--db pg|h2] [--vaults N]
 * [--batch N] [--concurrency N]}.
 */
public final class PayoutProfile {
    private PayoutProfile() {
    }

    /** Time and count of one kind of work within one stage. */
    private static final class Tally {
        final LongAdder calls = new LongAdder();
        final LongAdder nanos = new LongAdder();

        void add(long elapsed) {
            calls.increment();
            nanos.add(elapsed);
        }
    }

    private static volatile String stage = "recover, release, read balances, payees, vaults";
    private static final Map<String, Map<String, Tally>> TALLIES = new ConcurrentHashMap<>();
    private static final Map<String, Long> STAGE_STARTED = new java.util.LinkedHashMap<>();

    private static void tally(String what, long nanos) {
        TALLIES.computeIfAbsent(stage, s -> new ConcurrentHashMap<>()).computeIfAbsent(what, w -> new Tally())
                .add(nanos);
    }

    public static void main(String[] args) throws Exception {
        TestDatabases.Kind kind = TestDatabases.Kind.POSTGRES;
        int vaults = 20_000;
        int batch = PayoutRunner.Settings.DEFAULT.batchSize();
        int concurrency = PayoutRunner.Settings.DEFAULT.concurrency();
        String session = "";
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--db" -> kind = args[i + 1].equals("h2") ? TestDatabases.Kind.H2 : TestDatabases.Kind.POSTGRES;
                case "--vaults" -> vaults = Integer.parseInt(args[i + 1]);
                case "--batch" -> batch = Integer.parseInt(args[i + 1]);
                case "--concurrency" -> concurrency = Integer.parseInt(args[i + 1]);
                case "--session-sql" -> session = args[i + 1];
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Path h2Dir = Files.createTempDirectory("payout-profile-");
        String schema = TestDatabases.newSchemaName();
        DatabaseConfig config = kind == TestDatabases.Kind.POSTGRES
                ? DatabaseConfig.of(TestDatabases.PG_URL).withSchema(schema) : DatabaseConfig.embedded(h2Dir);
        try (StripeSandbox sandbox = StripeSandbox.start(SandboxConfig.defaults().withPort(0));
             LicensingApp app = LicensingApp.open(config, Clock.systemUTC())) {
            PayoutSeed.seed(app, PayoutSeed.inProcess(sandbox), vaults, System.out);
            if (!session.isBlank()) {
                onEveryConnection(app, session);
            }
            instrument(app);
            TransferGateway stripe = StripeTransferGateway.connect("sk_test_profile", sandbox.baseUrl(),
                    Duration.ofSeconds(30));
            TransferGateway timed = new TransferGateway() {
                @Override
                public Attempt transfer(Payout payout) {
                    long t0 = System.nanoTime();
                    try {
                        return stripe.transfer(payout);
                    } finally {
                        tally("HTTP POST /v1/transfers", System.nanoTime() - t0);
                    }
                }

                @Override
                public List<FoundTransfer> findByGroup(String payoutId) throws Unavailable {
                    long t0 = System.nanoTime();
                    try {
                        return stripe.findByGroup(payoutId);
                    } finally {
                        tally("HTTP GET /v1/transfers?transfer_group", System.nanoTime() - t0);
                    }
                }
            };
            PayoutRunner.Settings settings = new PayoutRunner.Settings(batch, concurrency,
                    PayoutRunner.Settings.DEFAULT.retry(), PayoutRunner.Settings.DEFAULT.maxWait());
            long t0 = System.nanoTime();
            STAGE_STARTED.put(stage, t0);
            PayoutRunner.Report report = app.payoutRunner(timed, settings).run(false, new PayoutRunner.Progress() {
                @Override
                public void stage(String name, long total) {
                    stage = name;
                    STAGE_STARTED.put(name, System.nanoTime());
                }
            });
            long end = System.nanoTime();
            System.out.printf("%nprofile: %s, %,d vaults, batch %d, concurrency %d: paid %,d in %.1f s (%,.0f/s)%n%n",
                    kind, vaults, batch, concurrency, report.paid(), (end - t0) / 1e9, report.paid() / ((end - t0) / 1e9));
            print(end);
        } finally {
            if (kind == TestDatabases.Kind.POSTGRES) {
                TestDatabases.dropSchema(schema);
            }
            TestDatabases.deleteRecursively(h2Dir);
        }
    }

    /**
     * Runs {@code sql} on every pooled connection (held all at once, so each is a different one), e.g. to try
     * {@code SET jit = off} or to load {@code auto_explain}: session settings stay with a pooled connection.
     */
    private static void onEveryConnection(LicensingApp app, String sql) {
        List<Handle> handles = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < DatabaseConfig.DEFAULT_MAX_POOL_SIZE; i++) {
                Handle handle = app.database().jdbi().open();
                handles.add(handle);
                handle.createScript(sql).execute();
            }
        } finally {
            handles.forEach(Handle::close);
        }
        System.out.println("profile: on every connection: " + sql);
    }

    /** Times every statement (JDBC execution, rows fetched; not mapping) and every transaction (all of it). */
    private static void instrument(LicensingApp app) {
        app.database().jdbi().getConfig(SqlStatements.class).setSqlLogger(new SqlLogger() {
            @Override
            public void logAfterExecution(StatementContext context) {
                tally("SQL " + shorten(context.getRawSql()), Duration.between(context.getExecutionMoment(),
                        context.getCompletionMoment()).toNanos());
            }
        });
        app.database().jdbi().setTransactionHandler(new DelegatingTransactionHandler(new LocalTransactionHandler()) {
            @Override
            public <R, X extends Exception> R inTransaction(Handle handle, HandleCallback<R, X> callback) throws X {
                long t0 = System.nanoTime();
                try {
                    return super.inTransaction(handle, callback);
                } finally {
                    tally("transaction (statements + Java + commit)", System.nanoTime() - t0);
                }
            }
        });
    }

    private static String shorten(String sql) {
        String flat = sql.replaceAll("\\s+", " ").strip();
        return flat.length() <= 90 ? flat : flat.substring(0, 89) + "…";
    }

    private static void print(long end) {
        List<Map.Entry<String, Long>> stages = STAGE_STARTED.entrySet().stream().sorted(Map.Entry.comparingByValue())
                .toList();
        for (int i = 0; i < stages.size(); i++) {
            String name = stages.get(i).getKey();
            long until = i + 1 < stages.size() ? stages.get(i + 1).getValue() : end;
            System.out.printf("## %s: %.2f s%n", name, (until - stages.get(i).getValue()) / 1e9);
            System.out.printf("| %-100s | %8s | %9s | %8s |%n", "work", "calls", "total s", "mean ms");
            Map<String, Tally> tallies = new TreeMap<>(TALLIES.getOrDefault(name, Map.of()));
            tallies.entrySet().stream()
                    .sorted((a, b) -> Long.compare(b.getValue().nanos.sum(), a.getValue().nanos.sum()))
                    .forEach(e -> System.out.printf("| %-100s | %,8d | %9.2f | %8.2f |%n", e.getKey(),
                            e.getValue().calls.sum(), e.getValue().nanos.sum() / 1e9,
                            e.getValue().nanos.sum() / 1e6 / Math.max(1, e.getValue().calls.sum())));
            System.out.println();
        }
    }
}
