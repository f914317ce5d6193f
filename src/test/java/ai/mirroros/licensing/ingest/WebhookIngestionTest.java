package ai.mirroros.licensing.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import ai.mirroros.licensing.LicensingApp;
import ai.mirroros.licensing.ledger.AccountRef;
import ai.mirroros.licensing.money.CurrencyUnit;
import ai.mirroros.licensing.money.Money;
import ai.mirroros.licensing.store.DatabaseTestSupport;
import ai.mirroros.licensing.stripe.StripeEventJson;
import ai.mirroros.licensing.stripe.WebhookSignature;
import ai.mirroros.licensing.vault.VaultRegistryFile;
import ai.mirroros.licensing.web.WebServer;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The endpoint and the processor together, over real HTTP, as Stripe would drive them. */
class WebhookIngestionTest extends DatabaseTestSupport {
    private static final Instant REGISTERED = Instant.parse("2026-01-01T00:00:00Z");
    private static final CurrencyUnit USD = CurrencyUnit.USD;

    private LicensingApp app;
    private Ingestion ingestion;
    private WebServer server;
    private WebhookClient stripe;

    @BeforeEach
    void startServer() {
        app = LicensingApp.over(db, Clock.systemUTC());
        app.vaults().importVaults(VaultRegistryFile.load(Path.of("examples/licensed-vaults.json")).values(),
                REGISTERED);
        // The processor is driven by hand (drain) so that tests see a settled state without sleeping.
        ingestion = Ingestion.start(app, IngestSettings.defaults().withWebhookSecrets(List.of(WebhookClient.SECRET)),
                false);
        server = WebServer.start(app, ingestion, "127.0.0.1", 0);
        stripe = new WebhookClient(server.port());
    }

    @AfterEach
    void stopServer() {
        server.close();
        ingestion.close();
    }

    private Money balance(AccountRef account) {
        return app.ledger().balance(account).negate();
    }

    private void processAll() {
        ingestion.processor().drain(batch -> { });
    }

    @Test
    void theSeedPaymentPostsThroughTheWebhookAndAFullRefundClawsItAllBack() throws Exception {
        Instant now = Instant.now();
        StripeEventJson.Charge charge = WebhookClient.charge("seed", "enterprise-vault.sig", 122_845, now);

        HttpResponse<String> ack = stripe.post(WebhookClient.paymentSucceeded("evt_pay", charge, now));
        assertThat(ack.statusCode()).isEqualTo(200);
        assertThat(ack.body()).contains("\"duplicate\":false");
        processAll();

        AccountRef vault = AccountRef.vaultPending("enterprise-vault.sig", USD);
        assertThat(balance(vault)).isEqualTo(Money.parse("1013.90", USD));
        assertThat(balance(AccountRef.platformRevenue(USD))).isEqualTo(Money.parse("214.55", USD));

        assertThat(stripe.post(WebhookClient.refunded("evt_refund", charge, 122_845, now)).statusCode())
                .isEqualTo(200);
        processAll();

        assertThat(balance(vault)).isEqualTo(Money.parse("0.00", USD));
        assertThat(balance(AccountRef.platformRevenue(USD))).isEqualTo(Money.parse("0.00", USD));
        assertThat(app.inbox().find("evt_refund").orElseThrow().status()).isEqualTo(EventStatus.PROCESSED);
        assertThat(app.activityLog().verify().ok()).isTrue();
    }

    @Test
    void aReferrerChainIsClawedBackToo() throws Exception {
        Instant now = Instant.now();
        StripeEventJson.Charge charge = WebhookClient.charge("ref", "agency-fork.sig", 100_000, now);
        stripe.post(WebhookClient.paymentSucceeded("evt_ref_pay", charge, now));
        processAll();
        AccountRef level1 = AccountRef.referrerPending("startup-vault.sig", USD);
        AccountRef level2 = AccountRef.referrerPending("individual-vault.sig", USD);
        assertThat(balance(level1).isPositive()).isTrue();
        assertThat(balance(level2).isPositive()).isTrue();

        stripe.post(WebhookClient.refunded("evt_ref_refund", charge, 100_000, now));
        processAll();

        assertThat(balance(level1).isZero()).isTrue();
        assertThat(balance(level2).isZero()).isTrue();
        assertThat(balance(AccountRef.vaultPending("agency-fork.sig", USD)).isZero()).isTrue();
    }

    @Test
    void paymentIntentAndChargeEventsOfOnePaymentPostItOnce() throws Exception {
        Instant now = Instant.now();
        StripeEventJson.Charge charge = WebhookClient.charge("both", "enterprise-vault.sig", 10_000, now);
        stripe.post(WebhookClient.chargeSucceeded("evt_charge", charge, now));
        stripe.post(WebhookClient.paymentSucceeded("evt_intent", charge, now));
        processAll();

        assertThat(app.inbox().find("evt_charge").orElseThrow().status()).isEqualTo(EventStatus.PROCESSED);
        assertThat(app.inbox().find("evt_intent").orElseThrow().reason().orElseThrow()).contains("already posted");
        assertThat(app.payments().find("pi_both")).isPresent();
        long payments = db.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM payment").mapTo(Long.class)
                .one());
        assertThat(payments).isEqualTo(1);
    }

    @Test
    void aRedeliveryIsAcknowledgedAndChangesNothing() throws Exception {
        Instant now = Instant.now();
        String event = WebhookClient.paymentSucceeded("evt_twice",
                WebhookClient.charge("twice", "enterprise-vault.sig", 5_000, now), now);
        assertThat(stripe.post(event).body()).contains("\"duplicate\":false");
        HttpResponse<String> again = stripe.post(event);

        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.body()).contains("\"duplicate\":true");
        processAll();
        assertThat(app.inbox().stats().received()).isEqualTo(1);
    }

    @Test
    void aRefundBeforeItsChargeWaitsAndThenApplies() throws Exception {
        Instant now = Instant.now();
        StripeEventJson.Charge charge = WebhookClient.charge("early", "enterprise-vault.sig", 122_845, now);
        stripe.post(WebhookClient.refunded("evt_early_refund", charge, 122_845, now));
        processAll();
        InboxEvent waiting = app.inbox().find("evt_early_refund").orElseThrow();
        assertThat(waiting.status()).isEqualTo(EventStatus.PARKED);
        assertThat(waiting.reason().orElseThrow()).contains("before the payment");

        stripe.post(WebhookClient.paymentSucceeded("evt_late_pay", charge, now));
        processAll();

        assertThat(app.inbox().find("evt_early_refund").orElseThrow().status()).isEqualTo(EventStatus.PROCESSED);
        assertThat(balance(AccountRef.vaultPending("enterprise-vault.sig", USD)).isZero()).isTrue();
    }

    @Test
    void anUnknownVaultIsParkedAndRetriedAfterTheFix() throws Exception {
        Instant now = Instant.now();
        stripe.post(WebhookClient.paymentSucceeded("evt_nobody",
                WebhookClient.charge("nobody", "nobody.sig", 5_000, now), now));
        processAll();

        InboxEvent parked = app.inbox().find("evt_nobody").orElseThrow();
        assertThat(parked.status()).isEqualTo(EventStatus.PARKED);
        assertThat(parked.reason().orElseThrow()).contains("nobody.sig");
        assertThat(app.inbox().list(java.util.Optional.of(EventStatus.PARKED), 10)).hasSize(1);
    }

    @Test
    void unknownEventTypesAreStoredAndIgnoredVisibly() throws Exception {
        Instant now = Instant.now();
        String body = StripeEventJson.event("evt_customer", "customer.created", now,
                com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode().put("id", "cus_1")
                        .put("object", "customer"));
        assertThat(stripe.post(body).statusCode()).isEqualTo(200);
        processAll();

        InboxEvent ignored = app.inbox().find("evt_customer").orElseThrow();
        assertThat(ignored.status()).isEqualTo(EventStatus.IGNORED);
        assertThat(ignored.reason().orElseThrow()).contains("customer.created");
    }

    @Test
    void forgedStaleAndMalformedDeliveriesAreRefusedAndWriteNothing() throws Exception {
        Instant now = Instant.now();
        String body = WebhookClient.paymentSucceeded("evt_forged",
                WebhookClient.charge("forged", "enterprise-vault.sig", 5_000, now), now);
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);

        assertThat(stripe.post(body, null).statusCode()).isEqualTo(400);
        assertThat(stripe.post(body, WebhookSignature.sign("whsec_attacker", now, bytes)).statusCode())
                .isEqualTo(400);
        HttpResponse<String> stale = stripe.post(body, WebhookSignature.sign(WebhookClient.SECRET,
                now.minusSeconds(3600), bytes));
        assertThat(stale.statusCode()).isEqualTo(400);
        assertThat(stale.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
        assertThat(stale.body()).contains("stale_timestamp");
        assertThat(stripe.post("not json").statusCode()).isEqualTo(400);
        assertThat(stripe.post(body.substring(0, body.length() / 2)).statusCode()).isEqualTo(400);
        assertThat(stripe.post("x".repeat(IngestSettings.MAX_BODY_BYTES_DEFAULT + 1)).statusCode()).isEqualTo(413);

        assertThat(app.inbox().stats().received()).isZero();
        assertThat(stripe.get("/metrics").body()).contains("licensing_webhook_rejected_total{reason=\"stale_timestamp\"}");
    }
}
