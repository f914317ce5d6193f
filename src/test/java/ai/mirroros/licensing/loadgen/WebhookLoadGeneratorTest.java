package ai.mirroros.licensing.loadgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.mirroros.licensing.loadgen.IngestStatsClient.IngestStats;
import ai.mirroros.licensing.loadgen.IngestStatsClient.PostedResult;
import ai.mirroros.licensing.vault.VaultRegistryFile;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The generator over real HTTP against a stub receiver that verifies signatures and counts what arrives. */
class WebhookLoadGeneratorTest {
    static final String SECRET = "whsec_test_loadgen";
    private static final Duration LONG = Duration.ofMinutes(5);

    private final StubWebhookReceiver stub = new StubWebhookReceiver(SECRET);

    @AfterEach
    void stopStub() {
        stub.close();
    }

    static EventMix mix(long seed) {
        return EventMix.of(seed, Instant.now(), Duration.ofMillis(1),
                VaultRegistryFile.load(Path.of("examples/licensed-vaults.json")).values());
    }

    private LoadResult run(URI endpoint, double rate, int concurrency, long events) throws InterruptedException {
        var settings = new WebhookLoadGenerator.Settings(endpoint, SECRET, rate, concurrency, events, LONG);
        return new WebhookLoadGenerator(settings, mix(42), Clock.systemUTC()).run(p -> { }, Duration.ofSeconds(1));
    }

    @Test
    void sendsExactlyTheRequestedDeliveriesEachCorrectlySigned() throws Exception {
        LoadResult result = run(stub.endpoint(), 0, 8, 500);

        assertThat(stub.requests()).isEqualTo(500);
        assertThat(stub.badSignatures()).isZero();
        assertThat(result.sent()).isEqualTo(500);
        assertThat(result.acked()).isEqualTo(500);
        assertThat(result.failed()).isZero();
        assertThat(result.ackLatency().count()).isEqualTo(500);
        assertThat(result.redeliveries()).as("a 500-event mix has some").isPositive();
        assertThat(stub.storedEvents()).as("redeliveries are stored once").isEqualTo(result.distinctEvents());
        assertThat(result.sentByType().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(500);
        assertThat(result.sentByType()).containsKeys("payment_intent.succeeded", "charge.succeeded");
        EventMix same = mix(42);
        Set<String> expected = new HashSet<>();
        for (int i = 0; i < 500; i++) {
            expected.add(same.next().eventId());
        }
        assertThat(stub.eventIds()).as("the warm-up draws from a mix of its own").isEqualTo(expected);
    }

    @Test
    void aSecretTheServerDoesNotKnowIsRefusedOnEveryDelivery() throws Exception {
        var settings = new WebhookLoadGenerator.Settings(stub.endpoint(), "whsec_wrong", 0, 4, 40, LONG);
        LoadResult result = new WebhookLoadGenerator(settings, mix(1), Clock.systemUTC())
                .run(p -> { }, Duration.ofSeconds(1));

        assertThat(stub.badSignatures()).isEqualTo(40);
        assertThat(result.acked()).isZero();
        assertThat(result.failedByStatus()).isEqualTo(Map.of(400, 40L));
        assertThat(result.failureSamples()).isNotEmpty().allMatch(s -> s.equals("HTTP 400: signature_mismatch"));
    }

    @Test
    void latencyIncludesTheTimeTheServerTakesToAnswer() throws Exception {
        stub.delay = Duration.ofMillis(5);

        LoadResult result = run(stub.endpoint(), 0, 4, 100);

        LatencyHistogram.Summary latency = result.ackLatency();
        assertThat(latency.p50Ms()).isGreaterThanOrEqualTo(5.0);
        assertThat(latency.p99Ms()).isGreaterThanOrEqualTo(latency.p50Ms());
        assertThat(latency.maxMs()).isGreaterThanOrEqualTo(latency.p99Ms());
        assertThat(stub.inFlightMax()).as("never more requests in flight than --concurrency").isLessThanOrEqualTo(4);
    }

    @Test
    void openLoopChargesAStallToEveryDeliveryThatWasDueDuringIt() throws Exception {
        // One connection, 100/s: deliveries 0..25 fall due during the 300 ms stall of the first one. A closed-loop
        // tool would report them at their ~1 ms service time; here each waits from its due time, so at least 26 of
        // 50 latencies are ≥ 300 − 10·25 = 50 ms, whatever the machine's speed.
        stub.firstRequestStall = Duration.ofMillis(300);

        LoadResult result = run(stub.endpoint(), 100, 1, 50);

        assertThat(result.acked()).isEqualTo(50);
        assertThat(result.ackLatency().p50Ms()).isGreaterThanOrEqualTo(40);
        assertThat(result.ackLatency().maxMs()).isGreaterThanOrEqualTo(300);
        assertThat(result.scheduleLagMsMax()).isGreaterThanOrEqualTo(250);
    }

    @Test
    void openLoopSendsNoFasterThanTheTargetRate() throws Exception {
        LoadResult result = run(stub.endpoint(), 400, 16, 400);

        // Delivery 399 is due 0.9975 s after the first: the run cannot be shorter, whatever the machine.
        assertThat(result.elapsedSeconds()).isGreaterThanOrEqualTo(0.99).isLessThan(30);
        assertThat(result.ackedPerSecond()).isLessThanOrEqualTo(405).isGreaterThan(400 / 30.0);
        assertThat(result.mode()).isEqualTo("open");
    }

    @Test
    void theSecondHalfRateIsThatOfTheLaterWholeSeconds() throws Exception {
        LoadResult threeSeconds = run(stub.endpoint(), 100, 8, 300);
        LoadResult short_ = run(stub.endpoint(), 0, 8, 50);

        // 100/s open loop: seconds 1 and 2 hold about 200 of the 300 acknowledgements (loose: a stall moves some).
        assertThat(threeSeconds.ackedPerSecondSecondHalf()).isBetween(50.0, 160.0);
        assertThat(short_.ackedPerSecondSecondHalf()).as("under two seconds: the whole-run rate")
                .isEqualTo(short_.ackedPerSecond());
    }

    @Test
    void aTimeLimitStopsTheRun() throws Exception {
        var settings = new WebhookLoadGenerator.Settings(stub.endpoint(), SECRET, 200, 8, Long.MAX_VALUE,
                Duration.ofMillis(500));
        List<WebhookLoadGenerator.Progress> progress = Collections.synchronizedList(new ArrayList<>());

        LoadResult result = new WebhookLoadGenerator(settings, mix(3), Clock.systemUTC())
                .run(progress::add, Duration.ofMillis(100));

        // 200/s for 0.5 s: deliveries 0..99 are due before the limit, number 100 is not.
        assertThat(result.sent()).isEqualTo(100);
        assertThat(stub.requests()).isEqualTo(100);
        assertThat(progress).isNotEmpty();
        assertThat(progress.getLast().sent()).isLessThanOrEqualTo(100);
    }

    @Test
    void answersOtherThan2xxAreCountedByStatus() throws Exception {
        stub.statusForRequest = n -> n % 10 == 0 ? 503 : 200;

        LoadResult result = run(stub.endpoint(), 0, 1, 200);

        assertThat(result.failedByStatus()).isEqualTo(Map.of(503, 20L));
        assertThat(result.acked()).isEqualTo(180);
        assertThat(result.ackLatency().count()).as("latency is of acknowledgements only").isEqualTo(180);
        assertThat(result.failureSamples()).first().isEqualTo("HTTP 503: stub answers 503");
    }

    @Test
    void aRefusedConnectionIsATransportErrorNotAHang() throws Exception {
        URI closed = URI.create("http://127.0.0.1:" + freePort() + WebhookLoadGenerator.WEBHOOK_PATH);

        LoadResult result = run(closed, 0, 2, 10);

        assertThat(result.acked()).isZero();
        assertThat(result.errorsByType()).isEqualTo(Map.of("ConnectException", 10L));
    }

    @Test
    void waitingForPostingMeasuresFromTheFirstSendUntilEveryEventSettled() throws Exception {
        stub.postingDelay = Duration.ofMillis(400);
        try (IngestStatsClient stats = new IngestStatsClient(stub.baseUrl())) {
            IngestStats before = stats.fetch();
            LoadResult result = run(stub.endpoint(), 0, 8, 200);

            PostedResult posted = stats.awaitSettled(before, result.startNanos(), LONG, LONG, s -> { });

            assertThat(posted.complete()).isTrue();
            assertThat(posted.received()).isEqualTo(result.distinctEvents());
            assertThat(posted.processed()).isEqualTo(result.distinctEvents());
            assertThat(posted.windowSeconds()).isGreaterThanOrEqualTo(0.4);
            assertThat(posted.settledPerSecond()).isEqualTo(posted.settled() / posted.windowSeconds());
        }
    }

    @Test
    void postingThatStopsMovingIsReportedAsStalled() throws Exception {
        stub.posting = false;
        try (IngestStatsClient stats = new IngestStatsClient(stub.baseUrl())) {
            IngestStats before = stats.fetch();
            LoadResult result = run(stub.endpoint(), 0, 4, 20);

            PostedResult posted = stats.awaitSettled(before, result.startNanos(), LONG, Duration.ofMillis(300),
                    s -> { });

            assertThat(posted.complete()).isFalse();
            assertThat(posted.incomplete()).startsWith("stalled: " + result.distinctEvents() + " events unsettled");
        }
    }

    @Test
    void aServerWithoutIngestStatsIsAClearError() throws Exception {
        try (IngestStatsClient stats = new IngestStatsClient(URI.create("http://127.0.0.1:" + freePort()))) {
            assertThatThrownBy(stats::fetch).hasMessageStartingWith("cannot read http://127.0.0.1:");
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
