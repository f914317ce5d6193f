package ai.mirroros.licensing.referral;

import static ai.mirroros.licensing.referral.ReferralWorld.INDIVIDUAL;
import static ai.mirroros.licensing.referral.ReferralWorld.NEWCO;
import static ai.mirroros.licensing.referral.ReferralWorld.STARTUP;
import static ai.mirroros.licensing.referral.ReferralWorld.USD;
import static org.assertj.core.api.Assertions.assertThat;

import ai.mirroros.licensing.ingest.IngestSettings;
import ai.mirroros.licensing.ingest.Ingestion;
import ai.mirroros.licensing.ingest.WebhookClient;
import ai.mirroros.licensing.money.Money;
import ai.mirroros.licensing.store.DatabaseTestSupport;
import ai.mirroros.licensing.stripe.StripeEventJson;
import ai.mirroros.licensing.web.WebServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The referral programme over real HTTP: signed Stripe webhooks pay referrers; share links count and redirect. */
class ReferralWebTest extends DatabaseTestSupport {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private ReferralWorld world;
    private Ingestion ingestion;
    private WebServer server;
    private WebhookClient stripe;
    private String code;

    @BeforeEach
    void startServer() {
        world = ReferralWorld.over(db);
        code = world.code(STARTUP);
        // Webhook signatures are checked against the server's clock: run it at the real time from here on.
        world.clock.set(Instant.now());
        ingestion = Ingestion.start(world.app, IngestSettings.defaults().withWebhookSecrets(
                List.of(WebhookClient.SECRET)), false);
        server = WebServer.start(world.app, ingestion, "127.0.0.1", 0);
        stripe = new WebhookClient(server.port());
    }

    @AfterEach
    void stopServer() {
        server.close();
        ingestion.close();
    }

    private HttpResponse<String> send(String method, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    private long counted(String kind) {
        LocalDate today = world.clock.instant().atZone(ZoneOffset.UTC).toLocalDate();
        return db.jdbi().withHandle(h -> h.createQuery("""
                        SELECT COALESCE(SUM(hits), 0) FROM funnel_count WHERE kind = :kind AND subject_id = :code
                          AND on_day = :day""")
                .bind("kind", kind).bind("code", code).bind("day", today).mapTo(Long.class).one());
    }

    @Test
    void signedWebhookPaymentsOfAReferredVaultPayBothLevels() throws Exception {
        world.signUp(NEWCO, code);
        Instant now = world.clock.instant();
        StripeEventJson.Charge charge = WebhookClient.charge("referred", NEWCO, 100_000, now);

        assertThat(stripe.post(WebhookClient.paymentSucceeded("evt_referred", charge, now)).statusCode())
                .isEqualTo(200);
        ingestion.processor().drain(batch -> { });

        assertThat(world.referrerPending(STARTUP)).isEqualTo(Money.parse("48.55", USD));
        assertThat(world.referrerPending(INDIVIDUAL)).isEqualTo(Money.parse("19.42", USD));
        assertThat(world.app.activityLog().verify().ok()).isTrue();
    }

    @Test
    void aVisitIsCountedAndSentToTheSignUpPageWithTheCode() throws Exception {
        HttpResponse<String> visit = send("GET", "/r/" + code.toLowerCase());

        assertThat(visit.statusCode()).isEqualTo(302);
        assertThat(visit.headers().firstValue("Location")).contains("https://mirroros.ai/signup?ref=" + code);
        assertThat(counted(FunnelCounts.REFERRAL_VISIT)).isEqualTo(1);
        assertThat(counted(FunnelCounts.REFERRAL_SHARE)).isZero();
    }

    @Test
    void aShareIsCounted() throws Exception {
        assertThat(send("POST", "/r/" + code + "/share").statusCode()).isEqualTo(204);
        assertThat(send("POST", "/r/" + code + "/share").statusCode()).isEqualTo(204);

        assertThat(counted(FunnelCounts.REFERRAL_SHARE)).isEqualTo(2);
    }

    @Test
    void anUnknownOrRevokedCodeIsA404ProblemAndCountsNothing() throws Exception {
        HttpResponse<String> unknown = send("GET", "/r/ZZZZ-ZZZZ");
        world.referrals.codes().revoke(code);
        HttpResponse<String> revoked = send("GET", "/r/" + code);
        HttpResponse<String> share = send("POST", "/r/" + code + "/share");

        for (HttpResponse<String> response : List.of(unknown, revoked, share)) {
            assertThat(response.statusCode()).isEqualTo(404);
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                    assertThat(type).startsWith("application/problem+json"));
            assertThat(response.body()).contains("\"status\":404").contains("no active referral code");
        }
        assertThat(counted(FunnelCounts.REFERRAL_VISIT)).isZero();
        assertThat(counted(FunnelCounts.REFERRAL_SHARE)).isZero();
    }

    @Test
    void concurrentVisitsAreCountedExactly() throws Exception {
        int threads = 8;
        int visitsEach = 25;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Callable<Integer>> visitors = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                visitors.add(() -> {
                    int redirected = 0;
                    for (int i = 0; i < visitsEach; i++) {
                        redirected += send("GET", "/r/" + code).statusCode() == 302 ? 1 : 0;
                    }
                    return redirected;
                });
            }
            int redirected = 0;
            for (Future<Integer> f : pool.invokeAll(visitors)) {
                redirected += f.get();
            }
            assertThat(redirected).isEqualTo(threads * visitsEach);
        } finally {
            pool.shutdownNow();
        }
        assertThat(counted(FunnelCounts.REFERRAL_VISIT)).isEqualTo(threads * visitsEach);
        long rows = db.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM funnel_count").mapTo(Long.class)
                .one());
        assertThat(rows).as("one row per code and day").isEqualTo(1);
    }
}
