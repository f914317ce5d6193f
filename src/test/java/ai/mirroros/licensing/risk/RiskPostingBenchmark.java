package ai.mirroros.licensing.risk;

import ai.mirroros.licensing.LicensingApp;
import ai.mirroros.licensing.money.Money;
import ai.mirroros.licensing.platform.PlatformTerms;
import ai.mirroros.licensing.revenue.PaymentEvent;
import ai.mirroros.licensing.revenue.PaymentOrigin;
import ai.mirroros.licensing.revenue.PaymentPosting;
import ai.mirroros.licensing.revenue.PostingObserver;
import ai.mirroros.licensing.store.TestDatabases;
import ai.mirroros.licensing.tier.TierPolicy;
import ai.mirroros.licensing.vault.VaultRegistryFile;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * What risk scoring costs the posting path: the same payments posted in batches of 500 through
 * {@link PaymentPosting} with and without the {@link RiskScoring} observer, each run in a fresh database, the two
 * variants alternating so that machine noise hits both. Not a JUnit test. Run: {@code scripts/bench risk}.
 */
public final class RiskPostingBenchmark {
    private static final Map<TestDatabases.Kind, Integer> PAYMENTS = Map.of(TestDatabases.Kind.POSTGRES, 10_000,
            TestDatabases.Kind.H2, 5_000);
    private static final int BATCH = 500;
    private static final int REPETITIONS = 3;
    private static final String[] VAULTS = {"enterprise-vault.sig", "startup-vault.sig", "individual-vault.sig",
            "agency-fork.sig"};
    private static final String[] PRICES = {"49.00", "99.00", "149.00", "2500.00"};

    private RiskPostingBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        System.out.println("| database | payments | without scoring, payments/s | with scoring, payments/s | ratio |");
        System.out.println("|---|---:|---:|---:|---:|");
        for (TestDatabases.Kind kind : List.of(TestDatabases.Kind.POSTGRES, TestDatabases.Kind.H2)) {
            run(kind, false, 1_000);
            run(kind, true, 1_000); // warm-up
            int n = PAYMENTS.get(kind);
            double[] plain = new double[REPETITIONS];
            double[] scored = new double[REPETITIONS];
            for (int rep = 0; rep < REPETITIONS; rep++) {
                plain[rep] = run(kind, false, n);
                scored[rep] = run(kind, true, n);
            }
            Arrays.sort(plain);
            Arrays.sort(scored);
            double p = plain[REPETITIONS / 2];
            double s = scored[REPETITIONS / 2];
            System.out.printf("| %s | %,d | %,.0f | %,.0f | %.2f |%n", kind, n, p, s, s / p);
        }
    }

    /** Posts {@code n} payments into a fresh database; returns payments/s. */
    private static double run(TestDatabases.Kind kind, boolean scoring, int n) throws Exception {
        try (TestDatabases.TestDatabase db = TestDatabases.fresh(kind)) {
            Clock clock = Clock.systemUTC();
            LicensingApp app = LicensingApp.over(db.database(), clock);
            app.vaults().importVaults(VaultRegistryFile.load(Path.of("examples/licensed-vaults.json")).values(),
                    Instant.parse("2026-01-01T00:00:00Z"));
            PostingObserver observer = scoring ? new RiskScoring(app.vaults(), app.activityLog(), app.json(), clock,
                    RiskSettings.defaults()) : PostingObserver.NONE;
            PaymentPosting posting = new PaymentPosting(db.database(), app.vaults(), app.ledger(), app.activityLog(),
                    app.json(), new TierPolicy(PlatformTerms.defaults()), PlatformTerms.defaults(), observer);
            List<PaymentEvent> payments = payments(n);
            long start = System.nanoTime();
            for (int from = 0; from < n; from += BATCH) {
                posting.postBatch(payments.subList(from, Math.min(n, from + BATCH)));
            }
            return n / ((System.nanoTime() - start) / 1e9);
        }
    }

    /** A week of payments, a few a minute: every one with a card, a customer and an IP, some repeating. */
    private static List<PaymentEvent> payments(int n) {
        Random random = new Random(7);
        Instant start = Instant.parse("2026-03-01T00:00:00Z");
        long stepMs = Duration.ofDays(7).toMillis() / n;
        List<PaymentEvent> payments = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String id = "pi_bench_" + i;
            Map<String, String> metadata = Map.of("customer_ip", "198.51.100." + random.nextInt(250));
            PaymentOrigin origin = new PaymentOrigin(List.of(id), Optional.of("template"), metadata, Optional.empty(),
                    Optional.empty(), Optional.of("cus_" + random.nextInt(n / 3 + 1)),
                    Optional.of("fp_" + random.nextInt(n / 2 + 1)));
            payments.add(new PaymentEvent(id, VAULTS[random.nextInt(VAULTS.length)],
                    Money.parse(PRICES[random.nextInt(PRICES.length)], "USD"), Optional.empty(),
                    start.plusMillis(stepMs * i), origin));
        }
        return payments;
    }
}
