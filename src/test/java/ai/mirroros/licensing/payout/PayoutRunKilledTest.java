package ai.mirroros.licensing.payout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.mirroros.licensing.payout.PayableVaults.Vault;
import ai.mirroros.licensing.store.DatabaseTestSupport;
import ai.mirroros.licensing.store.TestDatabases;
import ai.mirroros.licensing.stripe.sandbox.Fault;
import com.stripe.model.Transfer;
import com.stripe.param.TransferListParams;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of a real {@code licensing payouts run} at each dangerous step — in the middle of reserving; after
 * claiming, with requests on their way to a Stripe that never got them; after Stripe made transfers but before their
 * answers were recorded; in the middle of retrying Stripe's errors — then a fresh run: it reconciles with Stripe
 * first, and every payout is paid exactly once.
 *
 * <p>PostgreSQL only: the killed process and the test share the database, as an operator's cron job and the next
 * one do.
 */
class PayoutRunKilledTest extends DatabaseTestSupport {
    private static final int VAULTS = 300;
    /** The killed run's batch size where it matters where in its batches the kill lands. */
    private static final int BATCH = 30;
    /**
     * The run after the crash. No faults are left, so it needs no retries; the limits are generous for a busy
     * two-core machine rather than tight.
     */
    private static final PayoutRunner.Settings RESTART = new PayoutRunner.Settings(100, 16,
            new RetryPolicy(Duration.ofMillis(100), Duration.ofSeconds(2), 8, Duration.ofHours(1)),
            Duration.ofSeconds(30));
    /** A cold JVM, Flyway's check and 300 payouts planned, on a busy machine. */
    private static final Duration CHILD_MAX = Duration.ofSeconds(90);

    @TempDir
    Path dataDir;

    private PayoutWorld world;
    private Map<String, Vault> seeded;
    private PayoutProcess child;

    @BeforeEach
    void seedDueVaults() throws Exception {
        assumeTrue(kind == TestDatabases.Kind.POSTGRES, "a killed child process shares the database: PostgreSQL");
        world = new PayoutWorld(db);
        seeded = PayableVaults.seed(world.app, world.stripe, "crash", VAULTS);
    }

    @AfterEach
    void closeWorld() {
        if (child != null) {
            child.close();
            // The run's own account of itself is what explains a failure.
            System.err.println("--- payouts run (" + kind + ") output:\n" + child.output());
        }
        if (world != null) {
            world.close();
        }
    }

    @Test
    void aRunKilledWhileReservingIsCompletedByTheNextWhichPaysEveryoneOnce() throws Exception {
        // An uncommitted row with the id of the second batch's first payout: the run commits its first batch of
        // reservations, then waits on that row's lock, in the middle of reserving, until it is killed.
        Map<PayoutStatus, Long> atKill;
        try (Handle blocker = db.jdbi().open()) {
            blocker.begin();
            blocker.execute("INSERT INTO payout (payout_id, payee_id, currency, due_date, vault_minor, "
                    + "referrer_minor, amount_minor, stripe_account, idempotency_key, status, created_at, updated_at) "
                    + "VALUES ('po_20261127_USD_crash-0031.sig', 'crash-0031.sig', 'USD', DATE '2026-11-27', 1, 0, 1, "
                    + "'acct_blocker', 'blocker', 'planned', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)");
            int blockerPid = blocker.createQuery("SELECT pg_backend_pid()").mapTo(Integer.class).one();
            try {
                atKill = killBeforeStripeHearsAnything(silent -> db.jdbi().withHandle(h -> h.createQuery(
                        "SELECT COUNT(*) FROM pg_stat_activity WHERE :blocker = ANY(pg_blocking_pids(pid))")
                        .bind("blocker", blockerPid).mapTo(Integer.class).one()) > 0);
            } finally {
                blocker.rollback();
            }
        }

        assertThat(atKill).as("the first batch reserved, nothing claimed")
                .containsExactlyEntriesOf(Map.of(PayoutStatus.PLANNED, (long) BATCH));
        assertRestartPaysEveryoneOnce(atKill);
    }

    @Test
    void aRunKilledAfterClaimingWhileItsRequestsWereOnTheWayIsReconciledAndPaysEveryoneOnce() throws Exception {
        Map<PayoutStatus, Long> atKill = killBeforeStripeHearsAnything(silent -> silent.accepted() > 0);

        assertThat(atKill).as("everything reserved, the first batch claimed")
                .containsExactlyInAnyOrderEntriesOf(Map.of(PayoutStatus.PLANNED, (long) VAULTS - BATCH,
                        PayoutStatus.SUBMITTING, (long) BATCH));
        assertRestartPaysEveryoneOnce(atKill);
    }

    /**
     * Runs against a Stripe that never answers, in small batches, and kills the run once {@code killWhen} holds;
     * whatever was sent cannot have been acted on. Returns the payouts' statuses at the kill.
     */
    private Map<PayoutStatus, Long> killBeforeStripeHearsAnything(
            Predicate<SilentStripe> killWhen) throws Exception {
        try (SilentStripe silent = SilentStripe.start()) {
            child = start(silent.baseUrl(), "--payout-batch-size", Integer.toString(BATCH));
            await("the moment to kill").atMost(CHILD_MAX).pollInterval(Duration.ofMillis(10))
                    .failFast("the payout run exited", () -> !child.isAlive())
                    .until(() -> killWhen.test(silent));
            child.kill();
            Map<PayoutStatus, Long> atKill = statusCounts();
            System.err.printf("killed with %s, %d request(s) sent to the silent Stripe%n", atKill,
                    silent.accepted());
            assertThat(PaidOnce.transfers(world.stripe)).as("Stripe heard of nothing").isEmpty();
            return atKill;
        }
    }

    private void assertRestartPaysEveryoneOnce(Map<PayoutStatus, Long> atKill) throws Exception {
        long reserved = atKill.values().stream().mapToLong(Long::longValue).sum();
        world.clock.advance(Duration.ofHours(1));
        PayoutRunner.Report report = world.runner(RESTART).run(false, PayoutRunner.Progress.NONE);

        assertThat(report.problems()).isEmpty();
        assertThat(report.recovered()).as("those claimed before the kill are reconciled first")
                .isEqualTo(atKill.getOrDefault(PayoutStatus.SUBMITTING, 0L).intValue());
        assertThat(report.planned()).as("the restart reserves only what the killed run had not")
                .hasSize(VAULTS - (int) reserved);
        assertThat(report.paid()).isEqualTo(VAULTS);
        PaidOnce.assertEveryPayoutPaidOnce(world.app, world.stripe, seeded, Set.of());
    }

    @Test
    void aRunKilledAfterStripeMadeTransfersButBeforeTheAnswersWereRecordedIsReconciledNotPaidAgain()
            throws Exception {
        // Stripe makes each transfer at once and holds its answer back: the kill comes between the two.
        world.stripe.faults().add(Fault.delay("POST", "/v1/transfers", VAULTS, Duration.ofSeconds(30)));
        child = start(world.stripe.baseUrl(), "--payout-concurrency", "32", "--stripe-timeout", "120000");
        await("transfers made, answers held").atMost(CHILD_MAX).pollInterval(Duration.ofMillis(50))
                .failFast("the payout run exited", () -> !child.isAlive())
                .until(() -> transfersMade() >= 32);
        child.kill();
        world.stripe.faults().clear();
        Map<String, PayoutStatus> atKill = statuses();
        List<Transfer> madeBeforeKill = PaidOnce.transfers(world.stripe);
        System.err.printf("killed with %s, %d transfer(s) made%n", statusCounts(), madeBeforeKill.size());
        assertThat(madeBeforeKill).as("transfers made while their answers were held")
                .isNotEmpty()
                .allSatisfy(t -> assertThat(atKill.get(t.getTransferGroup())).as(t.getTransferGroup())
                        .isEqualTo(PayoutStatus.SUBMITTING));
        long inFlight = atKill.values().stream().filter(s -> s == PayoutStatus.SUBMITTING).count();

        world.clock.advance(Duration.ofHours(1));
        PayoutRunner.Report report = world.runner(RESTART).run(false, PayoutRunner.Progress.NONE);

        assertThat(report.problems()).isEmpty();
        assertThat(report.recovered()).as("every payout left submitting is reconciled first")
                .isEqualTo((int) inFlight);
        assertThat(report.paid()).as("paid by the restart: all but those found at Stripe")
                .isEqualTo(VAULTS - madeBeforeKill.size());
        Map<String, Payout> payouts = payouts();
        for (Transfer made : madeBeforeKill) {
            Payout payout = payouts.get(made.getTransferGroup());
            assertThat(payout.transferId()).as(payout.payoutId()).contains(made.getId());
            List<PayoutStore.Event> events = db.jdbi().withHandle(h -> PayoutStore.events(h, payout.payoutId()));
            assertThat(events).extracting(PayoutStore.Event::detail).as(payout.payoutId())
                    .contains("found at Stripe after a restart");
        }
        PaidOnce.assertEveryPayoutPaidOnce(world.app, world.stripe, seeded, Set.of());
    }

    @Test
    void aRunKilledWhileRetryingStripeErrorsIsFinishedByTheNextWithOneTransferEach() throws Exception {
        // Some transfers are made and their answers lost (a reset after Stripe committed; two per payout, since the
        // JDK resends a POST once by itself); the rest are refused by an overloaded, then rate-limiting Stripe.
        world.stripe.faults().add(Fault.resetAfterCommit("POST", "/v1/transfers", 40));
        world.stripe.faults().add(Fault.unavailable("POST", "/v1/transfers", VAULTS / 2, Duration.ofSeconds(1)));
        world.stripe.faults().add(Fault.rateLimited("POST", "/v1/transfers", VAULTS, Duration.ofSeconds(2)));
        // Retries 10 to 20 s away, which the run waits for: the kill finds every payout waiting to retry.
        child = start(world.stripe.baseUrl(), "--payout-concurrency", "16", "--payout-retry-base", "20000",
                "--payout-max-wait", "60");
        await("every payout waiting for a retry").atMost(CHILD_MAX).pollInterval(Duration.ofMillis(50))
                .failFast("the payout run exited", () -> !child.isAlive())
                .until(() -> {
                    Map<PayoutStatus, Long> counts = statusCounts();
                    return counts.getOrDefault(PayoutStatus.RETRYING, 0L) == VAULTS;
                });
        child.kill();
        world.stripe.faults().clear();
        Map<String, Payout> atKill = payouts();
        List<Transfer> madeBeforeKill = PaidOnce.transfers(world.stripe);
        Map<String, Long> errors = atKill.values().stream().collect(Collectors.groupingBy(
                p -> p.lastError().map(PayoutRunKilledTest::errorKind).orElse("none"), Collectors.counting()));
        System.err.printf("killed with every payout retrying; last errors %s; %d transfer(s) made%n", errors,
                madeBeforeKill.size());
        assertThat(errors).as("what Stripe answered before the kill").containsKeys("503", "429", "connection");
        assertThat(madeBeforeKill).as("transfers made whose answers were lost").isNotEmpty();

        world.clock.advance(Duration.ofHours(1));
        PayoutRunner.Report report = world.runner(RESTART).run(false, PayoutRunner.Progress.NONE);

        assertThat(report.problems()).isEmpty();
        assertThat(report.recovered()).as("nothing was in flight").isZero();
        assertThat(report.planned()).isEmpty();
        assertThat(report.paid()).isEqualTo(VAULTS);
        Map<String, Payout> after = payouts();
        for (Transfer made : madeBeforeKill) {
            assertThat(after.get(made.getTransferGroup()).transferId()).as("the retry got Stripe's saved answer")
                    .contains(made.getId());
        }
        assertThat(world.stripe.requests()).as("every transfer request carried its payout's idempotency key")
                .filteredOn(r -> r.method().equals("POST") && r.path().equals("/v1/transfers"))
                .allSatisfy(r -> assertThat(r.idempotencyKey()).hasValueSatisfying(key -> assertThat(key)
                        .matches("payout-po_20261127_USD_crash-\\d{4}\\.sig")));
        PaidOnce.assertEveryPayoutPaidOnce(world.app, world.stripe, seeded, Set.of());
    }

    private static String errorKind(String error) {
        if (error.contains("HTTP 503")) {
            return "503";
        }
        if (error.contains("HTTP 429")) {
            return "429";
        }
        return "connection";
    }

    private PayoutProcess start(String stripeBase, String... options) throws IOException {
        return PayoutProcess.start(testDatabase.database().config(), dataDir, dataDir.resolve("payouts-run.log"),
                stripeBase, PayoutWorld.FRIDAY, options);
    }

    private long payoutCount() {
        return db.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM payout").mapTo(Long.class).one());
    }

    private Map<PayoutStatus, Long> statusCounts() {
        return db.jdbi().withHandle(PayoutStore::countByStatus);
    }

    private Map<String, Payout> payouts() {
        return db.jdbi().withHandle(h -> PayoutStore.list(h, Optional.empty(), Optional.empty(),
                PayoutStore.LIST_LIMIT_MAX)).stream().collect(Collectors.toMap(Payout::payoutId, Function.identity()));
    }

    private Map<String, PayoutStatus> statuses() {
        return payouts().values().stream().collect(Collectors.toMap(Payout::payoutId, Payout::status));
    }

    /** Transfers at Stripe so far, up to one page: enough to see that the first requests arrived. */
    private int transfersMade() throws Exception {
        return PaidOnce.client(world.stripe).v1().transfers().list(TransferListParams.builder().setLimit(100L)
                .build()).getData().size();
    }

    /**
     * A "Stripe" that accepts connections and reads requests but never answers: whatever a run sends there is
     * lost before Stripe could act on it, so a test knows for certain that nothing was made.
     */
    static final class SilentStripe implements AutoCloseable {
        private final ServerSocket server;
        private final ConcurrentLinkedQueue<Socket> connections = new ConcurrentLinkedQueue<>();
        private final AtomicInteger accepted = new AtomicInteger();

        private SilentStripe(ServerSocket server) {
            this.server = server;
            Thread.ofVirtual().name("silent-stripe").start(this::acceptForever);
        }

        static SilentStripe start() throws IOException {
            return new SilentStripe(new ServerSocket(0, 256, InetAddress.getLoopbackAddress()));
        }

        String baseUrl() {
            return "http://127.0.0.1:" + server.getLocalPort();
        }

        int accepted() {
            return accepted.get();
        }

        private void acceptForever() {
            while (!server.isClosed()) {
                try {
                    connections.add(server.accept()); // held open, never read from or answered
                    accepted.incrementAndGet();
                } catch (IOException e) {
                    return; // closed
                }
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
            for (Socket socket : connections) {
                socket.close();
            }
        }
    }
}
