package ai.mirroros.licensing.revenue;

import ai.mirroros.licensing.LicensingApp;
import ai.mirroros.licensing.money.Money;
import ai.mirroros.licensing.store.DatabaseConfig;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A process that dies mid-batch, for {@link ProcessKilledMidBatchTest}: it commits one batch of payments, then
 * posts a second batch inside an open transaction and halts the JVM (no rollback, no shutdown hooks, no close) —
 * what {@code kill -9} or a power cut does.
 *
 * <p>Arguments: JDBC URL, PostgreSQL schema (or "-"), number of payments per batch.
 */
public final class CrashingPoster {
    static final Instant PAID = Instant.parse("2026-03-10T12:00:00Z");

    public static void main(String[] args) {
        DatabaseConfig config = DatabaseConfig.of(args[0]);
        if (!"-".equals(args[1])) {
            config = config.withSchema(args[1]);
        }
        int perBatch = Integer.parseInt(args[2]);
        LicensingApp app = LicensingApp.open(config, Clock.systemUTC());
        app.payments().postBatch(batch("committed", perBatch));
        System.out.println("COMMITTED");
        System.out.flush();
        app.database().jdbi().useTransaction(handle -> {
            app.payments().postBatch(handle, batch("in-flight", perBatch));
            System.out.println("MID-BATCH");
            System.out.flush();
            Runtime.getRuntime().halt(137);
        });
    }

    static List<PaymentEvent> batch(String prefix, int size) {
        List<PaymentEvent> batch = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            batch.add(new PaymentEvent(prefix + "-" + i, "enterprise-vault.sig", Money.parse("100.00", "USD"),
                    Optional.empty(), PAID));
        }
        return batch;
    }
}
