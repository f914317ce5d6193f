package ai.mirroros.licensing.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.mirroros.licensing.LicensingApp;
import ai.mirroros.licensing.ledger.AccountRef;
import ai.mirroros.licensing.money.CurrencyUnit;
import ai.mirroros.licensing.money.Money;
import ai.mirroros.licensing.store.DatabaseTestSupport;
import ai.mirroros.licensing.stripe.sandbox.CreatedPayment;
import ai.mirroros.licensing.stripe.sandbox.Fault;
import ai.mirroros.licensing.stripe.sandbox.SandboxConfig;
import ai.mirroros.licensing.stripe.sandbox.SandboxPayment;
import ai.mirroros.licensing.stripe.sandbox.StripeSandbox;
import ai.mirroros.licensing.vault.VaultRegistryFile;
import ai.mirroros.licensing.web.WebServer;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The whole path against the Stripe sandbox: real webhooks as Stripe sends them (balance transactions not embedded),
 * fees and exchange rates fetched back through stripe-java, and what happens when Stripe's API is down.
 */
class StripeSandboxIngestionTest extends DatabaseTestSupport {
    private static final CurrencyUnit USD = CurrencyUnit.USD;
    private static final Map<String, String> META = Map.of("vault_id", "enterprise-vault.sig",
            "product_type", "template");

    private LicensingApp app;
    private Ingestion ingestion;
    private WebServer server;
    private StripeSandbox stripe;

    @BeforeEach
    void start() throws Exception {
        app = LicensingApp.over(db, Clock.systemUTC());
        app.vaults().importVaults(VaultRegistryFile.load(Path.of("examples/licensed-vaults.json")).values(),
                Instant.parse("2026-01-01T00:00:00Z"));
        // Each side needs the other's address: reserve the server's port, then start the sandbox, then the server.
        int serverPort;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
            serverPort = probe.getLocalPort();
        }
        stripe = StripeSandbox.start(SandboxConfig.defaults().withPort(0)
                .withWebhook(URI.create("http://127.0.0.1:" + serverPort + "/webhooks/stripe"), WebhookClient.SECRET));
        ingestion = Ingestion.start(app, IngestSettings.defaults().withWebhookSecrets(List.of(WebhookClient.SECRET))
                .withStripeApi("sk_test_ingest", stripe.baseUrl()), true);
        server = WebServer.start(app, ingestion, "127.0.0.1", serverPort);
    }

    @AfterEach
    void stop() {
        server.close();
        ingestion.close();
        stripe.close();
    }

    private InboxEvent settled(String eventType) {
        await().atMost(Duration.ofSeconds(20)).until(() -> app.inbox().list(java.util.Optional.empty(), 100).stream()
                .anyMatch(e -> e.type().equals(eventType) && e.status() != EventStatus.PENDING));
        return app.inbox().list(java.util.Optional.empty(), 100).stream()
                .filter(e -> e.type().equals(eventType)).findFirst().orElseThrow();
    }

    @Test
    void theFeeIsStripesActualFeeFetchedFromTheBalanceTransaction() {
        CreatedPayment payment = stripe.createPayment(SandboxPayment.of(122_845, "usd", META));

        InboxEvent event = settled("payment_intent.succeeded");
        await().atMost(Duration.ofSeconds(20)).until(() -> app.inbox().stats().pending() == 0
                && app.inbox().stats().received() >= 2);

        assertThat(event.status()).isEqualTo(EventStatus.PROCESSED);
        long fee = payment.balanceTransaction().feeMinor();
        assertThat(fee).as("2.9 %% + 0.30 of 1228.45").isEqualTo(3_593);
        var posted = app.payments().find(payment.paymentIntentId()).orElseThrow();
        assertThat(posted.split().fee()).isEqualTo(Money.ofMinor(fee, USD));
        assertThat(posted.split().feeSource().name()).isEqualTo("ACTUAL");
        assertThat(app.ledger().balance(AccountRef.stripeClearing(USD)))
                .as("the ledger's Stripe clearing equals what the sandbox's balance grew by")
                .isEqualTo(Money.ofMinor(payment.balanceTransaction().amountMinor() - fee, USD));

        stripe.refund(payment.chargeId(), OptionalLong.empty());
        settled("charge.refunded");
        await().atMost(Duration.ofSeconds(20)).until(() -> app.inbox().stats().pending() == 0);
        assertThat(app.ledger().balance(AccountRef.vaultPending("enterprise-vault.sig", USD)).isZero()).isTrue();
    }

    @Test
    void aEuroChargeIsBookedAtTheSettledAmountAndRate() {
        CreatedPayment payment = stripe.createPayment(SandboxPayment.of(10_000, "eur", META));

        settled("charge.succeeded");
        await().atMost(Duration.ofSeconds(20)).until(() -> app.inbox().stats().pending() == 0);

        var posted = app.payments().find(payment.paymentIntentId()).orElseThrow();
        assertThat(posted.split().gross())
                .isEqualTo(Money.ofMinor(payment.balanceTransaction().amountMinor(), USD));
        String rate = db.jdbi().withHandle(h -> h.createQuery("SELECT exchange_rate FROM payment")
                .mapTo(String.class).one());
        assertThat(new java.math.BigDecimal(rate)).isEqualByComparingTo(
                payment.balanceTransaction().exchangeRate().orElseThrow());
    }

    @Test
    void whenStripesApiIsDownTheFeeScheduleAppliesAndSaysWhy() {
        stripe.faults().add(Fault.respond("GET", "/v1/", 1_000, 503));

        CreatedPayment payment = stripe.createPayment(SandboxPayment.of(122_845, "usd", META));
        settled("payment_intent.succeeded");
        await().atMost(Duration.ofSeconds(30)).until(() -> app.inbox().stats().pending() == 0
                && app.inbox().stats().received() >= 2);

        var posted = app.payments().find(payment.paymentIntentId()).orElseThrow();
        assertThat(posted.split().feeSource().name()).isEqualTo("SCHEDULE");
        assertThat(posted.split().fee()).isEqualTo(Money.parse("35.63", USD));
        assertThat(app.ledger().balance(AccountRef.vaultPending("enterprise-vault.sig", USD)).negate())
                .isEqualTo(Money.parse("1013.90", USD));
        String activity = db.jdbi().withHandle(h -> h.createQuery(
                "SELECT payload FROM activity_log WHERE type = 'payment.split'").mapTo(String.class).one());
        assertThat(activity).contains("fee from the vault's schedule", "503");
    }
}
