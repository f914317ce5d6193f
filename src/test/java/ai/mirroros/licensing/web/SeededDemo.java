package ai.mirroros.licensing.web;

import ai.mirroros.licensing.LicensingApp;
import ai.mirroros.licensing.demo.DemoSeeder;
import ai.mirroros.licensing.demo.DemoSettings;
import ai.mirroros.licensing.sensitive.DataKeyRing;
import ai.mirroros.licensing.store.Database;
import ai.mirroros.licensing.store.TestDatabases;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The demo's two-month history ({@code licensing demo seed}, in-process, as DemoSeedTest seeds it), seeded once per
 * database kind per test JVM and shared by the API tests, which only read it (and add API keys). Seeding takes tens of
 * seconds; the databases are dropped when the JVM exits.
 */
final class SeededDemo {
    static final Instant AS_OF = Instant.parse("2026-10-31T18:00:00Z");
    static final DemoSettings TWO_MONTHS = new DemoSettings(7, 2, AS_OF);
    private static final Map<TestDatabases.Kind, SeededDemo> SEEDED = new EnumMap<>(TestDatabases.Kind.class);

    private final TestDatabases.TestDatabase database;
    private final LicensingApp app;
    /** The keys the demo's tax profiles are sealed under, held only in memory. */
    private final DataKeyRing dataKeys = DataKeyRing.inMemory();

    private SeededDemo(TestDatabases.TestDatabase database) {
        this.database = database;
        DemoSeeder.seed(database.database(), TWO_MONTHS, Clock.systemUTC(), DemoSeeder.Progress.NONE, dataKeys);
        this.app = LicensingApp.over(database.database(), Clock.fixed(AS_OF, ZoneOffset.UTC));
    }

    static synchronized SeededDemo of(TestDatabases.Kind kind) {
        return SEEDED.computeIfAbsent(kind, k -> {
            TestDatabases.TestDatabase fresh = TestDatabases.fresh(k);
            try {
                SeededDemo seeded = new SeededDemo(fresh);
                Runtime.getRuntime().addShutdownHook(new Thread(fresh::close, "drop-seeded-demo-" + k));
                return seeded;
            } catch (RuntimeException | Error e) {
                fresh.close();
                throw e;
            }
        });
    }

    /** The app over the seeded database, its clock at the end of the history. */
    LicensingApp app() {
        return app;
    }

    /** The keys that open the seeded tax profiles. */
    DataKeyRing dataKeys() {
        return dataKeys;
    }

    Database db() {
        return database.database();
    }

    /** One column of a query's rows, as strings. */
    List<String> strings(String sql, Object... args) {
        return db().jdbi().withHandle(h -> {
            var query = h.createQuery(sql);
            for (int i = 0; i < args.length; i++) {
                query.bind(i, args[i]);
            }
            return query.mapTo(String.class).list();
        });
    }

    long number(String sql, Object... args) {
        return db().jdbi().withHandle(h -> {
            var query = h.createQuery(sql);
            for (int i = 0; i < args.length; i++) {
                query.bind(i, args[i]);
            }
            return query.mapTo(Long.class).one();
        });
    }
}
