package ai.mirroros.licensing.payout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.mirroros.licensing.payout.PayableVaults.Vault;
import ai.mirroros.licensing.store.DatabaseTestSupport;
import ai.mirroros.licensing.store.TestDatabases;
import ai.mirroros.licensing.stripe.sandbox.Fault;
import ai.mirroros.licensing.stripe.sandbox.RecordedRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two engine instances on one PostgreSQL run payouts over the same due vaults at the same time, as two servers'
 * schedulers (or a server and an operator) would: each payout is reserved once and paid once, and neither instance
 * does the other's work again.
 */
class TwoInstancesPayOnceTest extends DatabaseTestSupport {
    private static final int VAULTS = 500;
    private static final Duration RUN_MAX = Duration.ofSeconds(120);
    /** Transfer requests each instance has in flight at once. */
    private static final int IN_FLIGHT = 4;
    /**
     * How long the first instance's first requests hang at Stripe: long enough for the second JVM to start on a
     * busy machine, well short of the second's retry budget for the 409s it gets meanwhile (about 16 s at least).
     */
    private static final Duration STALL = Duration.ofSeconds(10);

    @TempDir
    Path dataDir;

    private PayoutWorld world;
    private Map<String, Vault> seeded;
    private PayoutProcess first;
    private PayoutProcess second;

    @BeforeEach
    void seedDueVaults() throws Exception {
        assumeTrue(kind == TestDatabases.Kind.POSTGRES, "two processes share the database: PostgreSQL");
        world = new PayoutWorld(db);
        seeded = PayableVaults.seed(world.app, world.stripe, "twin", VAULTS);
    }

    @AfterEach
    void closeWorld() {
        for (PayoutProcess run : new PayoutProcess[] {first, second}) {
            if (run != null) {
                run.close();
                System.err.println("--- payouts run (" + kind + ") output:\n" + run.output());
            }
        }
        if (world != null) {
            world.close();
        }
    }

    @Test
    void twoInstancesStartedTogetherReserveAndPayEachPayoutOnce() throws Exception {
        // A Stripe that takes a moment per transfer keeps both runs busy long enough to overlap, and small batches
        // let them take turns claiming.
        world.stripe.faults().add(Fault.slowEndpoint("POST", "/v1/transfers", Fault.TIMES_MAX,
                Duration.ofMillis(40)));
        first = start("first", "--payout-batch-size", "25", "--payout-concurrency", "8");
        second = start("second", "--payout-batch-size", "25", "--payout-concurrency", "8");

        Outcome outcome = awaitBoth();

        assertThat(outcome.first().paid() + outcome.second().paid() + outcome.foundInFlight())
                .as("each payout recorded paid by one instance").isEqualTo(VAULTS);
        assertThat(List.of(outcome.first().retrying(), outcome.second().retrying())).containsOnly(0);
    }

    @Test
    void anInstanceStartingWhileAnotherHasTransfersInFlightReconcilesThemWithoutPayingTwice() throws Exception {
        // The first instance's first transfers hang at Stripe for a while; the second starts meanwhile, finds the
        // first's claimed batch submitting, asks Stripe, finds nothing yet, and takes those payouts over with the
        // same idempotency keys (409 while the first's requests are still running, Stripe's saved answer after).
        world.stripe.faults().add(Fault.slowEndpoint("POST", "/v1/transfers", IN_FLIGHT, STALL));
        world.stripe.faults().add(Fault.slowEndpoint("POST", "/v1/transfers", Fault.TIMES_MAX,
                Duration.ofMillis(40)));
        String[] options = {"--payout-batch-size", "20", "--payout-concurrency", Integer.toString(IN_FLIGHT)};
        first = start("first", options);
        await("the first instance has transfers in flight").atMost(RUN_MAX).pollInterval(Duration.ofMillis(50))
                .failFast("the first run exited", () -> !first.isAlive())
                .until(() -> db.jdbi().withHandle(PayoutStore::countByStatus)
                        .getOrDefault(PayoutStatus.SUBMITTING, 0L) > 0);
        second = start("second", options);

        Outcome outcome = awaitBoth();

        assertThat(outcome.second().reconciled()).as("the second found the first's payouts in flight")
                .isPositive();
        assertThat(outcome.first().paid() + outcome.second().paid() + outcome.foundInFlight())
                .as("each payout recorded paid by one instance").isEqualTo(VAULTS);
        assertThat(List.of(outcome.first().retrying(), outcome.second().retrying()))
                .as("neither reports as retrying a payout the other paid").containsOnly(0);
    }

    private PayoutProcess start(String name, String... options) throws Exception {
        List<String> all = new java.util.ArrayList<>(List.of(options));
        // Retries of a 409 (the other instance's request with the same key still running) come round quickly.
        all.addAll(List.of("--payout-retry-base", "250"));
        return PayoutProcess.start(testDatabase.database().config(), dataDir, dataDir.resolve(name + ".log"),
                world.stripe.baseUrl(), PayoutWorld.FRIDAY, all.toArray(String[]::new));
    }

    private record Outcome(PayoutProcess.Summary first, PayoutProcess.Summary second, long foundInFlight) {
    }

    /**
     * Waits for both runs to finish and checks what must hold however they interleaved: both succeed, each payout
     * is reserved by one of them, nothing failed, Stripe made one transfer per payout, the books agree.
     */
    private Outcome awaitBoth() throws Exception {
        assertThat(first.awaitExit(RUN_MAX)).as(first.output()).isZero();
        assertThat(second.awaitExit(RUN_MAX)).as(second.output()).isZero();
        PayoutProcess.Summary a = first.summary();
        PayoutProcess.Summary b = second.summary();
        long foundInFlight = db.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM payout_event "
                + "WHERE detail = 'found at Stripe after a restart'").mapTo(Long.class).one());
        List<RecordedRequest> transferRequests = world.stripe.requests().stream()
                .filter(r -> r.method().equals("POST") && r.path().equals("/v1/transfers")).toList();
        System.err.printf("first %s%nsecond %s%n%d found at Stripe by the other's reconciliation; transfer "
                        + "requests: %d made, %d replayed, %d refused with 409 (same key in flight)%n", a, b,
                foundInFlight, transferRequests.stream().filter(r -> r.status() == 200 && !r.replayed()).count(),
                transferRequests.stream().filter(RecordedRequest::replayed).count(),
                transferRequests.stream().filter(r -> r.status() == 409).count());

        assertThat(a.planned() + b.planned()).as("each payout reserved by one instance").isEqualTo(VAULTS);
        assertThat(List.of(a.failed(), b.failed())).containsOnly(0);
        assertThat(transferRequests.stream().filter(r -> r.status() == 200 && !r.replayed()))
                .as("transfers Stripe made (not replays)").hasSize(VAULTS);
        PaidOnce.assertEveryPayoutPaidOnce(world.app, world.stripe, seeded, Set.of());
        return new Outcome(a, b, foundInFlight);
    }
}
