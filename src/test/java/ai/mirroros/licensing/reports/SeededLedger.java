package ai.mirroros.licensing.reports;

import ai.mirroros.licensing.demo.DemoSeeder;
import ai.mirroros.licensing.demo.DemoSettings;
import ai.mirroros.licensing.store.Database;
import ai.mirroros.licensing.store.TestDatabases;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;

/**
 * A realistic ledger to report on: the demo's two-month history (payments, refunds, a lost dispute, payouts and
 * referrer commissions through signed webhooks), seeded once per database kind per test JVM and only read.
 */
public final class SeededLedger {
    public static final Instant AS_OF = Instant.parse("2026-10-31T18:00:00Z");
    private static final Map<TestDatabases.Kind, TestDatabases.TestDatabase> SEEDED =
            new EnumMap<>(TestDatabases.Kind.class);

    private SeededLedger() {
    }

    public static synchronized Database of(TestDatabases.Kind kind) {
        return SEEDED.computeIfAbsent(kind, k -> {
            TestDatabases.TestDatabase fresh = TestDatabases.fresh(k);
            try {
                DemoSeeder.seed(fresh.database(), new DemoSettings(7, 2, AS_OF), Clock.systemUTC(),
                        DemoSeeder.Progress.NONE);
                Runtime.getRuntime().addShutdownHook(new Thread(fresh::close, "drop-seeded-ledger-" + k));
                return fresh;
            } catch (RuntimeException | Error e) {
                fresh.close();
                throw e;
            }
        }).database();
    }
}
