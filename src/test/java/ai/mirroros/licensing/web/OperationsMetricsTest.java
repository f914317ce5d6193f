package ai.mirroros.licensing.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import ai.mirroros.licensing.LicensingApp;
import ai.mirroros.licensing.ingest.IngestSettings;
import ai.mirroros.licensing.ingest.Ingestion;
import ai.mirroros.licensing.ingest.WebhookClient;
import ai.mirroros.licensing.ledger.AccountRef;
import ai.mirroros.licensing.ledger.JournalEntry;
import ai.mirroros.licensing.money.CurrencyUnit;
import ai.mirroros.licensing.money.Money;
import ai.mirroros.licensing.payout.Payee;
import ai.mirroros.licensing.payout.PayeeStore;
import ai.mirroros.licensing.payout.PayoutRunner;
import ai.mirroros.licensing.payout.RetryPolicy;
import ai.mirroros.licensing.payout.StripeTransferGateway;
import ai.mirroros.licensing.store.DatabaseTestSupport;
import ai.mirroros.licensing.store.TestDatabases;
import ai.mirroros.licensing.stripe.StripeEventJson;
import ai.mirroros.licensing.stripe.sandbox.Fault;
import ai.mirroros.licensing.stripe.sandbox.SandboxConfig;
import ai.mirroros.licensing.stripe.sandbox.SandboxPayment;
import ai.mirroros.licensing.stripe.sandbox.StripeSandbox;
import ai.mirroros.licensing.vault.ComplianceStatus.KycStatus;
import ai.mirroros.licensing.vault.VaultRegistryFile;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The operations figures of docs/OPERATIONS.md, read from a real server's {@code /metrics} and {@code /health} after
 * real webhook deliveries (signed and not), real processing and a real payout run against the Stripe sandbox.
 */
class OperationsMetricsTest extends DatabaseTestSupport {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final CurrencyUnit USD = CurrencyUnit.USD;
    private static final String ENTERPRISE = "enterprise-vault.sig";
    private static final PayoutRunner.Settings FAST = new PayoutRunner.Settings(50, 8,
            new RetryPolicy(Duration.ofMillis(20), Duration.ofMillis(200), 4, Duration.ofHours(1)),
            Duration.ofSeconds(5));

    private StripeSandbox stripe;
    private LicensingApp app;
    private Ingestion ingestion;
    private WebServer server;
    private WebhookClient client;
    private int credits;

    @BeforeEach
    void startServer() {
        stripe = StripeSandbox.start(SandboxConfig.defaults().withPort(0));
        // Real time: webhook signatures are checked against it, and the processing latency is measured in it.
        app = LicensingApp.over(db, Clock.systemUTC());
        app.vaults().importVaults(VaultRegistryFile.load(Path.of("examples/licensed-vaults.json")).values(),
                Instant.parse("2025-01-01T00:00:00Z"));
        ingestion = Ingestion.start(app, IngestSettings.defaults().withWebhookSecrets(List.of(WebhookClient.SECRET)),
                false);
        server = WebServer.start(app, ingestion, "127.0.0.1", 0);
        client = new WebhookClient(server.port());
    }

    @AfterEach
    void stopServer() {
        server.close();
        ingestion.close();
        stripe.close();
    }

    @Test
    void webhookRejectionsByReasonBacklogAndProcessingLatencyAreExposed() throws Exception {
        Instant now = Instant.now();
        StripeEventJson.Charge charge = WebhookClient.charge("ops", ENTERPRISE, 122_845, now);
        String payment = WebhookClient.paymentSucceeded("evt_ops_pay", charge, now);
        assertThat(client.post(payment).statusCode()).isEqualTo(200);
        assertThat(client.post(payment).body()).contains("\"duplicate\":true");
        assertThat(client.post(payment, "t=" + now.getEpochSecond() + ",v1=" + "ab".repeat(32)).statusCode())
                .isEqualTo(400);
        assertThat(client.post(payment, null).statusCode()).isEqualTo(400);
        // A refund of a charge never seen: parked until its payment arrives, which it never does here.
        StripeEventJson.Charge unknown = WebhookClient.charge("ops_orphan", ENTERPRISE, 5_000, now);
        assertThat(client.post(WebhookClient.refunded("evt_ops_orphan", unknown, 5_000, now)).statusCode())
                .isEqualTo(200);

        String before = scrape();
        assertThat(value(before, "licensing_webhook_accepted_total{result=\"new\"}")).isEqualTo(2);
        assertThat(value(before, "licensing_webhook_accepted_total{result=\"duplicate\"}")).isEqualTo(1);
        assertThat(value(before, "licensing_webhook_rejected_total{reason=\"signature_mismatch\"}")).isEqualTo(1);
        assertThat(value(before, "licensing_webhook_rejected_total{reason=\"missing_signature\"}")).isEqualTo(1);
        assertThat(value(before, "licensing_inbox_pending_events")).isEqualTo(2);
        assertThat(value(before, "licensing_inbox_parked_events")).isZero();
        assertThat(value(before, "licensing_inbox_oldest_pending_age_seconds")).isBetween(0.0, 60.0);
        assertThat(value(before, "licensing_webhook_processing_seconds_count")).isZero();

        Thread.sleep(50); // a measurable wait between storing and processing
        ingestion.processor().drain(batch -> { });

        String after = await("the backlog cache refreshed").atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(200)).until(this::scrape,
                        m -> value(m, "licensing_inbox_pending_events") == 0);
        assertThat(value(after, "licensing_inbox_parked_events")).isEqualTo(1);
        assertThat(value(after, "licensing_inbox_oldest_pending_age_seconds")).isZero();
        assertThat(value(after, "licensing_events_processed_total{status=\"processed\"}")).isEqualTo(1);
        assertThat(value(after, "licensing_events_processed_total{status=\"parked\"}")).isEqualTo(1);
        // Only the event that left the inbox for good is timed; the parked one is timed when it is processed.
        assertThat(value(after, "licensing_webhook_processing_seconds_count")).isEqualTo(1);
        assertThat(value(after, "licensing_webhook_processing_seconds_sum")).isBetween(0.04, 60.0);
        assertThat(value(after, "licensing_webhook_processing_seconds_bucket{le=\"60.0\"}")).isEqualTo(1);
        assertThat(value(after, "licensing_webhook_processing_seconds_bucket{le=\"0.001\"}")).isZero();
        assertThat(value(after, "licensing_webhook_processing_seconds_bucket{le=\"+Inf\"}")).isEqualTo(1);
    }

    @Test
    void aPayoutRunCountsItsOutcomesSkipsAndTransferRetries() throws Exception {
        stripe.createPayment(SandboxPayment.of(99_999_999L, "usd", Map.of()));
        stripe.releasePending();
        onboard(ENTERPRISE);
        creditAvailable(ENTERPRISE, "250.00");
        creditAvailable("startup-vault.sig", "500.00"); // not onboarded: skipped with the reason
        stripe.faults().add(Fault.respond("POST", "/v1/transfers", 1, 503));
        StripeTransferGateway gateway = StripeTransferGateway.connect("sk_test_ops", stripe.baseUrl(),
                Duration.ofSeconds(5));

        PayoutRunner.Report report = app.payoutRunner(gateway, FAST).run(false, PayoutRunner.Progress.NONE);

        assertThat(report.paid()).isEqualTo(1);
        String metrics = scrape();
        assertThat(value(metrics, "licensing_payout_outcomes_total{outcome=\"paid\"}")).isEqualTo(1);
        assertThat(value(metrics, "licensing_payout_outcomes_total{outcome=\"retrying\"}")).isEqualTo(1);
        assertThat(value(metrics, "licensing_payout_outcomes_total{outcome=\"failed\"}")).isZero();
        assertThat(value(metrics, "licensing_payout_outcomes_total{outcome=\"skipped\"}"))
                .isEqualTo(report.skipped().size()).isPositive();
        assertThat(value(metrics, "licensing_payout_transfer_retries_total{reason=\"transient\"}")).isEqualTo(1);
        assertThat(value(metrics, "licensing_payout_attempts_total{outcome=\"transient\"}")).isEqualTo(1);
        assertThat(value(metrics, "licensing_payout_attempts_total{outcome=\"made\"}")).isEqualTo(1);
    }

    @Test
    void healthReportsTheBacklogAndTheChainHeadAndIs503WithoutTheDatabase() throws Exception {
        Instant now = Instant.now();
        client.post(WebhookClient.paymentSucceeded("evt_health",
                WebhookClient.charge("health", ENTERPRISE, 10_000, now), now));

        HttpResponse<String> up = client.get("/health");

        assertThat(up.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(up.body());
        assertThat(body.get("status").asText()).isEqualTo("UP");
        assertThat(body.get("database").asText()).isEqualTo("UP");
        assertThat(body.get("inbox").get("pending").asLong()).isEqualTo(1);
        assertThat(body.get("inbox").get("parked").asLong()).isZero();
        assertThat(body.get("inbox").get("oldestPendingAgeSeconds").asDouble()).isBetween(0.0, 60.0);
        assertThat(body.get("activityChain").get("lastSeq").asLong()).isEqualTo(app.activityLog().head().lastSeq());
        assertThat(body.get("activityChain").get("lastHash").asText()).isEqualTo(app.activityLog().head().lastHash());

        db.close();
        long started = System.nanoTime();
        HttpResponse<String> down = client.get("/health");

        assertThat(down.statusCode()).isEqualTo(503);
        assertThat(JSON.readTree(down.body()).get("status").asText()).isEqualTo("DOWN");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
    }

    /**
     * A database that takes connections but does not answer (here: the tables a check reads are locked) must not
     * hang a health check or a scrape: both answer within the bound, health with 503 and the backlog gauges as NaN.
     * PostgreSQL only: a plain read in H2 does not wait for a lock.
     */
    @Test
    void aHangingDatabaseAnswersHealthAndMetricsWithinTheBound() throws Exception {
        assumeThat(kind).isEqualTo(TestDatabases.Kind.POSTGRES);
        try (Handle locker = db.jdbi().open()) {
            locker.begin();
            locker.execute("LOCK TABLE activity_chain_head, webhook_event IN ACCESS EXCLUSIVE MODE");

            long started = System.nanoTime();
            // Several probes at once: they share one probe of the database rather than each taking a connection.
            List<java.util.concurrent.CompletableFuture<Integer>> checks = java.util.stream.IntStream.range(0, 4)
                    .mapToObj(i -> java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                        try {
                            return client.get("/health").statusCode();
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    })).toList();
            List<Integer> statuses = checks.stream().map(java.util.concurrent.CompletableFuture::join).toList();
            Duration healthTook = Duration.ofNanos(System.nanoTime() - started);
            started = System.nanoTime();
            String metrics = scrape();
            Duration scrapeTook = Duration.ofNanos(System.nanoTime() - started);

            assertThat(statuses).containsOnly(503);
            assertThat(healthTook).isBetween(Duration.ofMillis(1_900), Duration.ofMillis(3_500));
            assertThat(scrapeTook).isLessThan(Duration.ofMillis(3_500));
            assertThat(metrics).contains("licensing_inbox_pending_events NaN");
            locker.rollback();
        }
        await("healthy again once the lock is gone").atMost(Duration.ofSeconds(10))
                .until(() -> client.get("/health").statusCode() == 200);
    }

    private String scrape() throws Exception {
        HttpResponse<String> response = client.get("/metrics");
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    /** The sample {@code series} (name and labels exactly as exposed) of a Prometheus text exposition. */
    private static double value(String metrics, String series) {
        Matcher line = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)").matcher(metrics);
        assertThat(line.find()).as("series %s in%n%s", series, metrics).isTrue();
        return Double.parseDouble(line.group(1));
    }

    private void onboard(String payeeId) {
        String account = stripe.createExpressAccount("US", Map.of("payee_id", payeeId));
        stripe.completeOnboarding(account);
        db.jdbi().useHandle(h -> PayeeStore.save(h, new Payee(payeeId, Optional.of(account), Optional.of("US"),
                Optional.of(payeeId + "@example.com"), Optional.of("company"), KycStatus.VERIFIED, Optional.empty(),
                true, Payee.TaxDocument.W9, true, Optional.empty(), Instant.now())));
    }

    /** Money straight into the payee's available share, as a matured payment would leave it. */
    private void creditAvailable(String payeeId, String amount) {
        Money money = Money.parse(amount, USD);
        app.ledger().post(JournalEntry.builder("ops-credit:" + ++credits, "payment", Instant.now())
                .debit(AccountRef.stripeClearing(USD), money)
                .credit(AccountRef.vaultAvailable(payeeId, USD), money)
                .build());
    }
}
