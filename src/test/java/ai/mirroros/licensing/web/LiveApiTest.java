package ai.mirroros.licensing.web;

import static org.assertj.core.api.Assertions.assertThat;

import ai.mirroros.licensing.LicensingApp;
import ai.mirroros.licensing.ingest.IngestSettings;
import ai.mirroros.licensing.ingest.Ingestion;
import ai.mirroros.licensing.ingest.WebhookClient;
import ai.mirroros.licensing.store.DatabaseTestSupport;
import ai.mirroros.licensing.stripe.StripeEventJson;
import ai.mirroros.licensing.vault.VaultRegistryFile;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /api/vaults/{vaultId}/live} over real HTTP: signed Stripe webhooks go in through
 * {@code POST /webhooks/stripe}, Server-Sent Events come out.
 */
class LiveApiTest extends DatabaseTestSupport {
    private static final String ENTERPRISE = "enterprise-vault.sig";
    /** Referred by startup-vault.sig (level 1) and individual-vault.sig (level 2); nothing of it goes to ENTERPRISE. */
    private static final String AGENCY = "agency-fork.sig";
    private static final String STARTUP = "startup-vault.sig";
    /** Well within "seconds": the poller looks every 500 ms. */
    private static final Duration SOON = Duration.ofSeconds(10);

    private final AtomicInteger events = new AtomicInteger();
    private final List<AutoCloseable> toClose = new ArrayList<>();
    private LicensingApp app;
    private Ingestion ingestion;
    private WebServer server;
    private WebhookClient stripe;
    private String enterpriseKey;
    private String agencyKey;

    @BeforeEach
    void startServer() {
        app = LicensingApp.over(db, Clock.systemUTC());
        app.vaults().importVaults(VaultRegistryFile.load(Path.of("examples/licensed-vaults.json")).values(),
                Instant.parse("2026-01-01T00:00:00Z"));
        ingestion = Ingestion.start(app, IngestSettings.defaults().withWebhookSecrets(List.of(WebhookClient.SECRET)),
                false);
        server = WebServer.start(app, ingestion, "127.0.0.1", 0);
        stripe = new WebhookClient(server.port());
        enterpriseKey = app.apiKeys().createForVault(ENTERPRISE, "live test").token();
        agencyKey = app.apiKeys().createForVault(AGENCY, "live test").token();
    }

    @AfterEach
    void stopServer() throws Exception {
        for (AutoCloseable closeable : toClose.reversed()) {
            closeable.close();
        }
        server.close();
        ingestion.close();
    }

    private SseStream open(String vaultId, String token) throws Exception {
        SseStream stream = SseStream.open(server.port(), vaultId, token);
        toClose.add(stream);
        return stream;
    }

    private SseStream resume(String vaultId, String token, long lastEventId) throws Exception {
        SseStream stream = SseStream.open(server.port(), vaultId, Optional.of(token),
                Optional.of(Long.toString(lastEventId)));
        toClose.add(stream);
        return stream;
    }

    /** Posts a signed payment webhook and processes it; returns the charge (its payment is "pi_" + id). */
    private StripeEventJson.Charge pay(String id, String vaultId, long amountMinor) throws Exception {
        Instant now = Instant.now();
        StripeEventJson.Charge charge = WebhookClient.charge(id, vaultId, amountMinor, now);
        assertThat(stripe.post(WebhookClient.paymentSucceeded("evt_" + events.incrementAndGet(), charge, now))
                .statusCode()).isEqualTo(200);
        ingestion.processor().drain(batch -> { });
        return charge;
    }

    private void refund(StripeEventJson.Charge charge, long refundedToDate) throws Exception {
        Instant now = Instant.now();
        assertThat(stripe.post(WebhookClient.refunded("evt_" + events.incrementAndGet(), charge, refundedToDate, now))
                .statusCode()).isEqualTo(200);
        ingestion.processor().drain(batch -> { });
    }

    @Test
    void aPaymentForTheVaultArrivesWithinSecondsAndAnotherVaultsPaymentDoesNot() throws Exception {
        SseStream stream = open(ENTERPRISE, enterpriseKey).awaitOpen();
        assertThat(stream.header("Content-Type").orElseThrow()).startsWith("text/event-stream");
        assertThat(stream.header("Cache-Control")).contains("no-cache");

        pay("agency_1", AGENCY, 5_000);
        pay("enterprise_1", ENTERPRISE, 122_845);

        // Events arrive in seq order, so had the agency's payment been sent, it would come first.
        SseStream.Event event = stream.next(SOON);
        assertThat(event.name()).isEqualTo("payment");
        assertThat(event.data().path("type").asText()).isEqualTo("payment.split");
        assertThat(event.data().path("sourceId").asText()).isEqualTo("pi_enterprise_1");
        assertThat(event.data().path("referral").asBoolean()).isFalse();
        assertThat(event.data().path("seq").asLong()).isEqualTo(event.seq());
        assertThat(Instant.parse(event.data().path("occurredAt").asText())).isNotNull();
        assertThat(app.activityLog().recent(Optional.of(ENTERPRISE), 1).getFirst().seq()).isEqualTo(event.seq());
    }

    @Test
    void aRefundArrivesAsARefundEvent() throws Exception {
        SseStream stream = open(ENTERPRISE, enterpriseKey).awaitOpen();
        StripeEventJson.Charge charge = pay("refunded", ENTERPRISE, 10_000);
        refund(charge, 4_000);

        SseStream.Event payment = stream.next(SOON);
        SseStream.Event refund = stream.next(SOON);
        assertThat(payment.name()).isEqualTo("payment");
        assertThat(refund.name()).isEqualTo("refund");
        assertThat(refund.data().path("type").asText()).isEqualTo("payment.refunded");
        assertThat(refund.seq()).isGreaterThan(payment.seq());
    }

    @Test
    void aNewClientStartsAtThePresentAndLastEventIdReplaysWhatAClientMissed() throws Exception {
        pay("history", ENTERPRISE, 1_000);
        SseStream first = open(ENTERPRISE, enterpriseKey).awaitOpen();
        pay("seen", ENTERPRISE, 2_000);
        SseStream.Event seen = first.next(SOON);
        assertThat(seen.data().path("sourceId").asText()).as("history is not replayed").isEqualTo("pi_seen");
        first.close();

        pay("missed_1", ENTERPRISE, 3_000);
        pay("agency_missed", AGENCY, 3_000);
        pay("missed_2", ENTERPRISE, 4_000);
        SseStream resumed = resume(ENTERPRISE, enterpriseKey, seen.seq());
        SseStream fresh = open(ENTERPRISE, enterpriseKey).awaitOpen();
        pay("live", ENTERPRISE, 5_000);

        assertThat(List.of(resumed.next(SOON), resumed.next(SOON), resumed.next(SOON)))
                .extracting(e -> e.data().path("sourceId").asText())
                .containsExactly("pi_missed_1", "pi_missed_2", "pi_live");
        assertThat(fresh.next(SOON).data().path("sourceId").asText()).isEqualTo("pi_live");
    }

    @Test
    void aReferrerHearsOfItsCommissionsWithoutThePaymentId() throws Exception {
        String startupKey = app.apiKeys().createForVault(STARTUP, "referrer").token();
        SseStream stream = open(STARTUP, startupKey).awaitOpen();
        StripeEventJson.Charge charge = pay("referred", AGENCY, 100_000);
        refund(charge, 100_000);

        SseStream.Event commission = stream.next(SOON);
        SseStream.Event clawback = stream.next(SOON);
        assertThat(commission.name()).isEqualTo("payment");
        assertThat(commission.data().path("referral").asBoolean()).isTrue();
        assertThat(commission.data().path("sourceId").isNull()).isTrue();
        assertThat(clawback.name()).isEqualTo("refund");
        assertThat(clawback.data().path("referral").asBoolean()).isTrue();
        assertThat(clawback.data().path("sourceId").isNull()).isTrue();
    }

    @Test
    void anotherPartnersVaultAndUnknownVaultsAre404AndAMissingKey401() throws Exception {
        SseStream foreign = open(ENTERPRISE, agencyKey);
        assertThat(foreign.status()).isEqualTo(404);
        assertThat(foreign.header("Content-Type").orElseThrow()).startsWith("application/problem+json");
        assertThat(foreign.body()).contains("\"code\":\"not_found\"").doesNotContain("payment");

        SseStream unknown = open("nobody.sig", agencyKey);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.body()).contains("\"code\":\"not_found\"");

        SseStream anonymous = open(ENTERPRISE, null);
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.body()).contains("\"code\":\"unauthenticated\"");

        SseStream badResume = SseStream.open(server.port(), ENTERPRISE, Optional.of(enterpriseKey),
                Optional.of("yesterday"));
        toClose.add(badResume);
        assertThat(badResume.status()).isEqualTo(400);
        assertThat(badResume.body()).contains("\"code\":\"invalid_parameter\"", "Last-Event-ID");
    }

    @Test
    void anAdminKeyMayFollowAnyVault() throws Exception {
        String adminKey = app.apiKeys().createAdmin("ops").token();
        SseStream stream = open(AGENCY, adminKey).awaitOpen();
        pay("for_admin", AGENCY, 1_500);
        assertThat(stream.next(SOON).data().path("sourceId").asText()).isEqualTo("pi_for_admin");
    }

    @Test
    void oneKeyMayHoldTenStreamsAndAClosedStreamFreesItsPlace() throws Exception {
        List<SseStream> streams = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            streams.add(open(ENTERPRISE, enterpriseKey).awaitOpen());
        }
        SseStream eleventh = open(ENTERPRISE, enterpriseKey);
        assertThat(eleventh.status()).isEqualTo(429);
        assertThat(eleventh.header("Retry-After")).isPresent();
        assertThat(eleventh.body()).contains("\"code\":\"too_many_streams\"");
        assertThat(open(ENTERPRISE + "", app.apiKeys().createForVault(ENTERPRISE, "second tab").token())
                .awaitOpen().status()).as("another key is not limited by this one").isEqualTo(200);

        streams.getFirst().close();
        // The server notices a gone client when a write fails: at the next event (or keep-alive).
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        int attempt = 0;
        SseStream again = open(ENTERPRISE, enterpriseKey);
        while (again.status() != 200 && System.nanoTime() < deadline) {
            pay("wake_" + attempt++, ENTERPRISE, 100);
            Thread.sleep(300);
            again = open(ENTERPRISE, enterpriseKey);
        }
        assertThat(again.status()).isEqualTo(200);
    }

    @Test
    void aSecondServerOnTheSameDatabaseStreamsWhatTheFirstPosted() throws Exception {
        LicensingApp otherApp = LicensingApp.over(db, Clock.systemUTC());
        WebServer other = WebServer.start(otherApp, "127.0.0.1", 0);
        toClose.add(other);
        SseStream stream = SseStream.open(other.port(), ENTERPRISE, enterpriseKey);
        toClose.add(stream);
        stream.awaitOpen();

        pay("via_first", ENTERPRISE, 7_000);

        SseStream.Event event = stream.next(SOON);
        assertThat(event.data().path("sourceId").asText()).isEqualTo("pi_via_first");
        // The seq is global, so the client can resume on the first server with it.
        SseStream resumed = resume(ENTERPRISE, enterpriseKey, event.seq() - 1);
        assertThat(resumed.next(SOON).data().path("sourceId").asText()).isEqualTo("pi_via_first");
    }

    @Test
    void stoppingTheServerEndsItsStreams() throws Exception {
        SseStream stream = open(ENTERPRISE, enterpriseKey).awaitOpen();
        long started = System.nanoTime();

        server.close();

        assertThat(stream.nextOrEnd(SOON)).isEmpty();
        assertThat(stream.comments()).anySatisfy(c -> assertThat(c).contains("server stopping"));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void theStreamCountIsAMetric() throws Exception {
        open(ENTERPRISE, enterpriseKey).awaitOpen();
        HttpResponse<String> metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.port() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(metrics.body()).contains("licensing_live_streams 1.0");
    }
}
