package ai.mirroros.licensing.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.mirroros.licensing.LicensingApp;
import ai.mirroros.licensing.store.DatabaseConfig;
import ai.mirroros.licensing.store.TestDatabases;
import ai.mirroros.licensing.vault.VaultRegistryFile;
import ai.mirroros.licensing.web.WebServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL goes away in the middle of a load run and comes back: the endpoint answers 503 (never another 5xx,
 * never 200 for an event it did not store), health says DOWN, and once Stripe has retried the 503s every payment is
 * posted exactly once. The outage is a TCP proxy between the application and the database that closes every
 * connection and refuses new ones. PostgreSQL only: the embedded H2 database has no network to lose.
 */
class DatabaseOutageTest {
    /** 800 payment events and 80 refunds. */
    private static final int PAYMENTS = 400;
    private static final int CUT_AFTER_ACKS = 150;
    private static final Duration OUTAGE = Duration.ofSeconds(4);
    private static final int IN_FLIGHT = 16;
    /**
     * Stripe waits about 10 s for an answer; a webhook request must be answered (503) before that even while the
     * database is unreachable, or Stripe counts a timeout instead of scheduling a retry.
     */
    private static final Duration STRIPE_TIMEOUT = Duration.ofSeconds(10);

    private String schema;
    private TcpProxy proxy;
    private LicensingApp app;
    private Ingestion ingestion;
    private WebServer server;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeEach
    void startBehindAProxy() throws Exception {
        schema = TestDatabases.newSchemaName();
        URI postgres = URI.create(TestDatabases.PG_URL.substring("jdbc:".length()));
        proxy = TcpProxy.start(postgres.getHost(), postgres.getPort());
        String viaProxy = TestDatabases.PG_URL.replace(postgres.getHost() + ":" + postgres.getPort(),
                "127.0.0.1:" + proxy.port());
        app = LicensingApp.open(DatabaseConfig.of(viaProxy).withSchema(schema), Clock.systemUTC());
        app.vaults().importVaults(VaultRegistryFile.load(EventLoad.REGISTRY).values(), EventLoad.REGISTERED);
        ingestion = Ingestion.start(app, IngestSettings.defaults().withWebhookSecrets(List.of(WebhookClient.SECRET)),
                true);
        server = WebServer.start(app, ingestion, "127.0.0.1", 0);
    }

    @AfterEach
    void stopAndDrop() throws Exception {
        proxy.restore();
        server.close();
        ingestion.close();
        app.close();
        proxy.close();
        http.close();
        TestDatabases.dropSchema(schema);
    }

    @Test
    void anOutageIsAnswered503AndAfterStripesRetriesEveryPaymentIsPostedOnce() throws Exception {
        EventLoad load = EventLoad.generate("outage", PAYMENTS, 20260313L);
        Books expected = load.reference();
        CountDownLatch cutTime = new CountDownLatch(1);
        CompletableFuture<Integer> healthDuringOutage = CompletableFuture.supplyAsync(() -> outage(cutTime));

        Map<String, Deliveries.Outcome> firstRun;
        try (Deliveries stripe = new Deliveries(server.port())) {
            AtomicInteger acked = new AtomicInteger();
            firstRun = stripe.send(load.events(), IN_FLIGHT, outcome -> {
                if (outcome.acknowledged() && acked.incrementAndGet() == CUT_AFTER_ACKS) {
                    cutTime.countDown();
                }
            });
        }
        assertThat(healthDuringOutage.get(60, TimeUnit.SECONDS)).as("/health during the outage").isEqualTo(503);

        assertThat(ServerKilledMidLoadTest.statusCounts(firstRun)).as("answers during the run")
                .containsOnlyKeys(200, 503);
        assertThat(firstRun.values()).filteredOn(o -> o.status() == 503).allSatisfy(refused -> {
            assertThat(refused.contentType()).startsWith("application/problem+json");
            assertThat(refused.body()).contains("inbox_unavailable");
        });
        assertThat(firstRun.values()).as("answered within Stripe's timeout")
                .allSatisfy(o -> assertThat(o.latencyMs()).isLessThan(STRIPE_TIMEOUT.toMillis()));
        Set<String> acknowledged = firstRun.values().stream().filter(Deliveries.Outcome::acknowledged)
                .map(o -> o.event().id()).collect(Collectors.toSet());
        assertThat(app.inbox().list(java.util.Optional.empty(), 10_000)).extracting(InboxEvent::eventId)
                .as("every acknowledged event is stored").containsAll(acknowledged);

        List<EventLoad.StripeEvent> refused = load.events().stream().filter(e -> !acknowledged.contains(e.id()))
                .toList();
        try (Deliveries stripe = new Deliveries(server.port())) {
            Map<String, Deliveries.Outcome> retried = stripe.sendUntilAcknowledged(refused, IN_FLIGHT, 5);
            assertThat(retried.values()).as("Stripe's retries after the outage").allMatch(
                    Deliveries.Outcome::acknowledged);
        }
        int total = load.events().size();
        // Usually seconds; an event whose lone attempt failed during the outage waits out its retry backoff first.
        await("everything processed after the outage").atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofMillis(250))
                .until(app.inbox()::stats, stats -> stats.processed() == total);
        assertThat(app.inbox().stats()).isEqualTo(new Inbox.Stats(total, 0, total, 0, 0));
        Books.read(app).assertSameAs(expected);
        assertThat(health()).as("/health after the outage").isEqualTo(200);
    }

    /** Waits for the cue, cuts the database off, asks /health, restores after {@link #OUTAGE}. */
    private int outage(CountDownLatch cue) {
        try {
            cue.await();
            long cutAt = System.nanoTime();
            proxy.cut();
            int health = health();
            Thread.sleep(Math.max(0, OUTAGE.toMillis() - (System.nanoTime() - cutAt) / 1_000_000));
            proxy.restore();
            return health;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private int health() throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/health"))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }
}
