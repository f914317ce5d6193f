package ai.mirroros.licensing.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.mirroros.licensing.LicensingApp;
import ai.mirroros.licensing.store.Database;
import ai.mirroros.licensing.store.DatabaseConfig;
import ai.mirroros.licensing.store.DatabaseTestSupport;
import ai.mirroros.licensing.vault.VaultRegistryFile;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of the real server in the middle of a load run, then a restart and Stripe's retries: nothing that
 * was acknowledged is lost, nothing is posted twice, and the books come out exactly as if every payment had been
 * posted once, directly.
 *
 * <p>On H2 the server opens the file database first, so it is the process that owns the file (AUTO_SERVER host)
 * when it dies, as in production; the test reads the file only while no server runs.
 */
class ServerKilledMidLoadTest extends DatabaseTestSupport {
    /** 1,000 payments: 2,000 success events and 200 refunds. */
    private static final int PAYMENTS = 1_000;
    private static final int KILL_AFTER_ACKS = 400;
    private static final int IN_FLIGHT = 32;
    /** Stripe redelivers events it got no 2xx for; it also redelivers some it did (a lost response). */
    private static final int REDELIVER_EVERY_NTH_ACKED = 10;

    @TempDir
    Path dataDir;

    private final List<ServerProcess> servers = new ArrayList<>();

    @AfterEach
    void killServers() {
        for (ServerProcess server : servers) {
            server.close();
            // A server's own account of the run is what explains a failure; it is two lines when all is well.
            System.err.println("--- server " + servers.indexOf(server) + " (" + kind + ") output:\n" + server.output());
        }
    }

    @Test
    void acknowledgedEventsSurviveAKillAndEveryPaymentIsPostedExactlyOnce() throws Exception {
        EventLoad load = EventLoad.generate("kill", PAYMENTS, 20260311L);
        Books expected = load.reference();
        LicensingApp.over(db, Clock.systemUTC()).vaults().importVaults(
                VaultRegistryFile.load(EventLoad.REGISTRY).values(), EventLoad.REGISTERED);
        DatabaseConfig config = db.config();
        db.close(); // the server owns the database from now on

        ServerProcess first = start();
        Map<String, Deliveries.Outcome> firstRun;
        try (Deliveries stripe = new Deliveries(first.port())) {
            AtomicInteger acked = new AtomicInteger();
            firstRun = stripe.send(load.events(), IN_FLIGHT, outcome -> {
                if (outcome.acknowledged() && acked.incrementAndGet() == KILL_AFTER_ACKS) {
                    first.kill();
                }
            });
        }
        assertThat(first.waitForExit(Duration.ofSeconds(30))).as("the server died").isTrue();
        Set<String> acknowledged = idsWhere(firstRun, Deliveries.Outcome::acknowledged);
        assertThat(acknowledged).as("the kill came in the middle of the run").hasSizeBetween(KILL_AFTER_ACKS,
                load.events().size() - IN_FLIGHT);
        assertThat(statusCounts(firstRun)).as("a 200 or no answer at all; never an error for a stored event")
                .containsOnlyKeys(200, Deliveries.NO_RESPONSE);

        try (Database afterCrash = Database.open(config)) {
            List<String> stored = storedIds(afterCrash);
            assertThat(stored).as("every acknowledged event is in the inbox after the crash")
                    .containsAll(acknowledged);
            // The batch the dead server had locked was never committed: its rows are pending and free right away
            // (the lock was the claim and died with the connection), not held back for a retry.
            assertThat(delayedForRetry(afterCrash)).as("rows held back after the crash").isZero();
            System.err.printf("%s: killed after %d acknowledged; %d stored, %s%n",
                    kind, acknowledged.size(), stored.size(), new Inbox(afterCrash, Clock.systemUTC()).stats());
        }

        ServerProcess second = start();
        List<EventLoad.StripeEvent> redeliveries = new ArrayList<>();
        int ackedSeen = 0;
        for (EventLoad.StripeEvent event : load.events()) {
            boolean wasAcked = acknowledged.contains(event.id());
            if (!wasAcked || ackedSeen++ % REDELIVER_EVERY_NTH_ACKED == 0) {
                redeliveries.add(event);
            }
        }
        try (Deliveries stripe = new Deliveries(second.port())) {
            Map<String, Deliveries.Outcome> retried = stripe.sendUntilAcknowledged(redeliveries, IN_FLIGHT, 5);
            assertThat(idsWhere(retried, o -> !o.acknowledged())).as("redeliveries not acknowledged").isEmpty();
        }
        int total = load.events().size();
        await("the restarted server processes everything").atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(250))
                .until(second::stats, stats -> stats.received() == total && stats.pending() == 0
                        && stats.parked() == 0);
        second.stop();

        try (Database after = Database.open(config)) {
            LicensingApp app = LicensingApp.over(after, Clock.systemUTC());
            assertThat(storedIds(after)).as("each event stored once")
                    .containsExactlyInAnyOrderElementsOf(load.events().stream().map(EventLoad.StripeEvent::id)
                            .toList());
            assertThat(app.inbox().stats().processed()).isEqualTo(total);
            Books.read(app).assertSameAs(expected);
        }
    }

    private ServerProcess start() throws Exception {
        DatabaseConfig config = testDatabase.database().config();
        ServerProcess server = ServerProcess.start(config, dataDir, dataDir.resolve("server-" + servers.size()
                + ".log"));
        servers.add(server);
        return server;
    }

    private static long delayedForRetry(Database database) {
        return database.jdbi().withHandle(handle -> handle.createQuery(
                "SELECT COUNT(*) FROM webhook_event WHERE retry_at IS NOT NULL").mapTo(Long.class).one());
    }

    private static List<String> storedIds(Database database) {
        return database.jdbi().withHandle(handle -> handle.createQuery("SELECT event_id FROM webhook_event")
                .mapTo(String.class).list());
    }

    private static Set<String> idsWhere(Map<String, Deliveries.Outcome> outcomes,
                                        java.util.function.Predicate<Deliveries.Outcome> condition) {
        return outcomes.values().stream().filter(condition).map(o -> o.event().id()).collect(Collectors.toSet());
    }

    static Map<Integer, Long> statusCounts(Map<String, Deliveries.Outcome> outcomes) {
        return outcomes.values().stream().collect(Collectors.groupingBy(Deliveries.Outcome::status, TreeMap::new,
                Collectors.counting()));
    }
}
