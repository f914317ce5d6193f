package ai.mirroros.licensing.ingest;

import ai.mirroros.licensing.LicensingApp;
import ai.mirroros.licensing.store.TestDatabases;
import ai.mirroros.licensing.stripe.StripeEventJson;
import ai.mirroros.licensing.vault.VaultRegistryFile;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The processor alone: how fast a backlog of stored {@code charge.succeeded} events (balance transactions embedded,
 * four USD vaults, three with a volume bonus) is posted, with one and with two processors sharing the inbox. No
 * HTTP, no generator, so the figure is the posting path's own. Not a JUnit test. Run: {@code scripts/bench drain}.
 */
public final class InboxDrainBenchmark {
    /** Per database: H2 posts an order of magnitude slower, so it gets a smaller backlog to keep the run short. */
    private static final Map<TestDatabases.Kind, Integer> EVENTS = Map.of(TestDatabases.Kind.POSTGRES, 30_000,
            TestDatabases.Kind.H2, 5_000);
    private static final int REPETITIONS = 3;
    private static final String[] VAULTS = {"enterprise-vault.sig", "startup-vault.sig", "individual-vault.sig",
            "agency-fork.sig"};

    private InboxDrainBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        System.out.println("| database | processors | events | events/s (median of " + REPETITIONS + ") | runs |");
        System.out.println("|---|---:|---:|---:|---|");
        for (TestDatabases.Kind kind : List.of(TestDatabases.Kind.POSTGRES, TestDatabases.Kind.H2)) {
            drain(kind, 1, 2_000); // warm-up
            for (int processors : new int[] {1, 2}) {
                double[] rates = new double[REPETITIONS];
                for (int rep = 0; rep < REPETITIONS; rep++) {
                    rates[rep] = drain(kind, processors, EVENTS.get(kind));
                }
                double[] sorted = rates.clone();
                Arrays.sort(sorted);
                System.out.printf("| %s | %d | %,d | %,.0f | %s |%n", kind, processors, EVENTS.get(kind),
                        sorted[REPETITIONS / 2], Arrays.toString(Arrays.stream(rates).mapToLong(Math::round)
                                .toArray()));
            }
        }
    }

    /** Stores {@code n} events in a fresh database, then times draining them; returns events/s. */
    private static double drain(TestDatabases.Kind kind, int processors, int n) throws Exception {
        try (TestDatabases.TestDatabase db = TestDatabases.fresh(kind)) {
            LicensingApp app = LicensingApp.over(db.database(), Clock.systemUTC());
            app.vaults().importVaults(VaultRegistryFile.load(Path.of("examples/licensed-vaults.json")).values(),
                    Instant.parse("2026-01-01T00:00:00Z"));
            Instant start = Instant.now();
            List<IncomingEvent> events = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                Instant at = start.plusMillis(i);
                var bt = new StripeEventJson.BalanceTransaction("txn_" + i, 1_000 + i, 59, "usd", Optional.empty(),
                        at, "ch_" + i);
                var charge = new StripeEventJson.Charge("ch_" + i, "pi_" + i, 1_000 + i, "usd", 0,
                        Map.of("vault_id", VAULTS[i % VAULTS.length], "product_type", "template"), at,
                        Optional.of("txn_" + i), Optional.of(bt));
                events.add(EventEnvelope.parse(StripeEventJson.event("evt_" + i, "charge.succeeded", at,
                        charge.toJson()), IncomingEvent.Origin.WEBHOOK));
            }
            for (int from = 0; from < n; from += InboxWriter.BATCH_MAX) {
                app.inbox().store(events.subList(from, Math.min(n, from + InboxWriter.BATCH_MAX)));
            }
            long t0 = System.nanoTime();
            List<Thread> threads = new ArrayList<>();
            for (int p = 0; p < processors; p++) {
                InboxProcessor processor = app.newInboxProcessor(IngestSettings.defaults());
                threads.add(Thread.ofPlatform().start(() -> processor.drain(batch -> { })));
            }
            for (Thread thread : threads) {
                thread.join();
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            Inbox.Stats stats = app.inbox().stats();
            if (stats.processed() != n) {
                throw new IllegalStateException("not everything was processed: " + stats);
            }
            return n / seconds;
        }
    }
}
