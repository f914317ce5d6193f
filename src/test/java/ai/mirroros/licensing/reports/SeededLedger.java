package ai.mirroros.licensing.reports;

import ai.mirroros.licensing.demo.DemoSeeder;
import ai.mirroros.licensing.demo.DemoSettings;
import ai.mirroros.licensing.sensitive.DataKeyRing;
import ai.mirroros.licensing.store.Database;
import ai.mirroros.licensing.store.TestDatabases;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * A realistic ledger to report on: the demo's two-month history (payments, refunds, a lost dispute, payouts and
 * referrer commissions through signed webhooks) with the demo partners' tax profiles sealed under {@link #KEY_FILE},
 * seeded once per database kind per test JVM and only read.
 */
public final class SeededLedger {
    public static final Instant AS_OF = Instant.parse("2026-10-31T18:00:00Z");
    /** The data key file the tax profiles are sealed under: pass it as --data-key-file. */
    public static final Path KEY_FILE = keyFile();
    private static final Map<TestDatabases.Kind, TestDatabases.TestDatabase> SEEDED =
            new EnumMap<>(TestDatabases.Kind.class);

    private SeededLedger() {
    }

    /** The ring of {@link #KEY_FILE}, for opening the seeded tax profiles in-process. */
    public static DataKeyRing ring() {
        return DataKeyRing.resolve(KEY_FILE.getParent(), Optional.of(KEY_FILE), Map.of());
    }

    private static Path keyFile() {
        try {
            Path dir = Files.createTempDirectory("licensing-report-keys-");
            dir.toFile().deleteOnExit();
            Path file = dir.resolve("data-keys");
            DataKeyRing.resolve(dir, Optional.of(file), Map.of());
            file.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static synchronized Database of(TestDatabases.Kind kind) {
        return SEEDED.computeIfAbsent(kind, k -> {
            TestDatabases.TestDatabase fresh = TestDatabases.fresh(k);
            try {
                DemoSeeder.seed(fresh.database(), new DemoSettings(7, 2, AS_OF), Clock.systemUTC(),
                        DemoSeeder.Progress.NONE, ring());
                Runtime.getRuntime().addShutdownHook(new Thread(fresh::close, "drop-seeded-ledger-" + k));
                return fresh;
            } catch (RuntimeException | Error e) {
                fresh.close();
                throw e;
            }
        }).database();
    }
}
