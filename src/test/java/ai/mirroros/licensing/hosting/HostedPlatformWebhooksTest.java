package ai.mirroros.licensing.hosting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.mirroros.licensing.LicensingApp;
import ai.mirroros.licensing.ingest.EventStatus;
import ai.mirroros.licensing.ingest.InboxEvent;
import ai.mirroros.licensing.ingest.IngestSettings;
import ai.mirroros.licensing.ingest.Ingestion;
import ai.mirroros.licensing.ledger.AccountRef;
import ai.mirroros.licensing.money.CurrencyUnit;
import ai.mirroros.licensing.money.Money;
import ai.mirroros.licensing.store.DatabaseTestSupport;
import ai.mirroros.licensing.stripe.sandbox.SandboxConfig;
import ai.mirroros.licensing.stripe.sandbox.StripeSandbox;
import ai.mirroros.licensing.testing.ManualClock;
import ai.mirroros.licensing.vault.VaultRegistryFile;
import ai.mirroros.licensing.web.WebServer;
import com.stripe.StripeClient;
import com.stripe.model.Subscription;
import com.stripe.param.CustomerCreateParams;
import com.stripe.param.PriceCreateParams;
import com.stripe.param.ProductCreateParams;
import com.stripe.param.SubscriptionCreateParams;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A hosted platform's whole life through the real signed-webhook path: the sandbox delivers its events to the
 * engine's {@code POST /webhooks/stripe}; every monthly {@code invoice.paid} posts revenue attributed to the
 * platform, and {@code customer.subscription.deleted} — from our cancel or from Stripe's Dashboard — churns it.
 */
class HostedPlatformWebhooksTest extends DatabaseTestSupport {
    private static final String SECRET = "whsec_hosted_platforms";
    private static final String ENTERPRISE = "enterprise-vault.sig";
    private static final CurrencyUnit USD = CurrencyUnit.USD;

    /** One clock for both sides: the engine checks webhook signature timestamps against its own. */
    private final ManualClock clock = new ManualClock(Instant.parse("2026-03-02T10:00:00Z"));
    private LicensingApp app;
    private StripeSandbox sandbox;
    private Ingestion ingestion;
    private WebServer server;
    private StripeClient stripe;
    private HostedPlatforms hosting;

    @BeforeEach
    void start() throws Exception {
        app = LicensingApp.over(db, clock);
        app.vaults().importVaults(VaultRegistryFile.load(Path.of("examples/licensed-vaults.json")).values(),
                Instant.parse("2026-01-01T00:00:00Z"));
        int serverPort;
        try (ServerSocket probe = new ServerSocket(0)) {
            serverPort = probe.getLocalPort();
        }
        sandbox = StripeSandbox.start(SandboxConfig.defaults().withClock(clock)
                .withWebhook(URI.create("http://127.0.0.1:" + serverPort + "/webhooks/stripe"), SECRET));
        ingestion = Ingestion.start(app, IngestSettings.defaults().withWebhookSecrets(List.of(SECRET))
                .withStripeApi("sk_test_hosted", sandbox.baseUrl()), true);
        server = WebServer.start(app, ingestion, "127.0.0.1", serverPort);
        stripe = StripeClient.builder().setApiKey("sk_test_hosted").setApiBase(sandbox.baseUrl()).build();
        hosting = new HostedPlatforms(db, app.vaults(), app.activityLog(), clock);
    }

    @AfterEach
    void stop() {
        server.close();
        ingestion.close();
        sandbox.close();
    }

    private HostedPlatform fork(String client, String monthly) {
        return hosting.fork(stripe, new ForkRequest(ENTERPRISE, client, Optional.empty(), Optional.of(monthly),
                Optional.empty(), Branding.NONE, "ops-alice")).platform();
    }

    /** Waits until the engine has received every event the sandbox sent and left none pending. */
    private void settle() {
        await().atMost(Duration.ofSeconds(30)).until(() -> app.inbox().stats().received() >= sandbox.events().size()
                && app.inbox().stats().pending() == 0);
    }

    private List<InboxEvent> inbox(String type) {
        return app.inbox().list(Optional.empty(), 500).stream().filter(e -> e.type().equals(type)).toList();
    }

    private List<Map<String, Object>> paymentRows(String hostedPlatformId) {
        return db.jdbi().withHandle(h -> h.createQuery("SELECT vault_id, gross_minor, fee_minor, product_type, "
                        + "hosted_platform_id, customer_id FROM payment WHERE hosted_platform_id = :id "
                        + "ORDER BY occurred_at")
                .bind("id", hostedPlatformId).mapToMap().list());
    }

    @Test
    void eachMonthsInvoicePostsRevenueToThePlatformAndCancelingChurnsIt() {
        HostedPlatform platform = fork("enterprise-client", "2500");
        settle();

        List<Map<String, Object>> first = paymentRows(platform.hostedPlatformId());
        assertThat(first).singleElement().satisfies(row -> {
            assertThat(row).containsEntry("vault_id", ENTERPRISE).containsEntry("gross_minor", 250_000L)
                    .containsEntry("product_type", "hosted_platform")
                    .containsEntry("customer_id", platform.stripe().customerId().orElseThrow());
            // 2.9 % + 0.30 of 2,500.00, the same as the sandbox charged.
            assertThat(row).containsEntry("fee_minor", 7_280L);
        });
        assertThat(inbox("invoice.paid")).singleElement()
                .satisfies(e -> assertThat(e.status()).isEqualTo(EventStatus.PROCESSED));
        assertThat(app.inbox().list(Optional.empty(), 500)).as("the subscription's charge events wait for the "
                + "invoice and are then found posted; nothing is left parked")
                .allSatisfy(e -> assertThat(e.status()).isIn(EventStatus.PROCESSED, EventStatus.IGNORED));

        clock.advance(Duration.ofDays(31));
        assertThat(sandbox.renewSubscriptions()).hasSize(1);
        clock.advance(Duration.ofDays(31));
        assertThat(sandbox.renewSubscriptions()).hasSize(1);
        settle();

        assertThat(paymentRows(platform.hostedPlatformId())).hasSize(3)
                .allSatisfy(row -> assertThat(row).containsEntry("gross_minor", 250_000L));
        assertThat(hosting.revenue(platform.hostedPlatformId())).singleElement().satisfies(revenue -> {
            assertThat(revenue.monthsBilled()).isEqualTo(3);
            assertThat(revenue.gross()).isEqualTo(Money.parse("7500.00", USD));
            assertThat(revenue.net()).isEqualTo(Money.parse("7500.00", USD));
        });
        // SHARED fee bearer at 85 %: (2,500.00 − 72.80) × 85 % = 2,063.12 a month, pending in the vault.
        assertThat(app.ledger().balance(AccountRef.vaultPending(ENTERPRISE, USD)).negate())
                .isEqualTo(Money.parse("6189.36", USD));
        assertThat(app.ledger().balance(AccountRef.stripeClearing(USD)))
                .as("Stripe's actual fee, fetched through the invoice's payment intent: the ledger's clearing "
                        + "account is the sandbox's balance to the cent")
                .isEqualTo(Money.ofMinor(sandbox.balance().available("usd"), USD));

        clock.advance(Duration.ofDays(5));
        Instant canceledAt = clock.instant();
        hosting.cancel(stripe, platform.hostedPlatformId(), "ops-alice", Optional.of("contract ended"));
        settle();

        HostedPlatform ended = hosting.require(platform.hostedPlatformId());
        assertThat(ended.status()).isEqualTo(HostedPlatformStatus.CANCELED);
        assertThat(ended.canceledAt()).contains(canceledAt);
        assertThat(inbox("customer.subscription.deleted")).singleElement().satisfies(e -> {
            assertThat(e.status()).isEqualTo(EventStatus.PROCESSED);
            assertThat(e.reason()).hasValueSatisfying(reason -> assertThat(reason).contains("churned"));
        });
        assertThat(app.activityLog().recent(Optional.of(ENTERPRISE), 100))
                .filteredOn(e -> e.type().equals(HostedPlatforms.ACTIVITY_CHURNED)).singleElement()
                .satisfies(e -> assertThat(e.occurredAt()).isEqualTo(canceledAt));
        clock.advance(Duration.ofDays(60));
        assertThat(sandbox.renewSubscriptions()).as("a churned platform is billed no more").isEmpty();
    }

    @Test
    void aCancelFromStripesDashboardChurnsThePlatformToo() {
        HostedPlatform platform = fork("dashboard-client", "999");
        settle();

        sandbox.cancelSubscription(platform.stripe().subscriptionId().orElseThrow());
        settle();

        assertThat(hosting.require(platform.hostedPlatformId()).status()).isEqualTo(HostedPlatformStatus.CANCELED);
        assertThat(paymentRows(platform.hostedPlatformId())).singleElement()
                .satisfies(row -> assertThat(row).containsEntry("gross_minor", 99_900L));
    }

    @Test
    void theEndOfASubscriptionThatBillsNoPlatformIsIgnoredWithAReason() throws Exception {
        String customer = stripe.v1().customers().create(CustomerCreateParams.builder().setName("someone").build())
                .getId();
        String product = stripe.v1().products().create(ProductCreateParams.builder().setName("other").build())
                .getId();
        String price = stripe.v1().prices().create(PriceCreateParams.builder().setProduct(product)
                .setUnitAmount(5_000L).setCurrency("usd").setRecurring(PriceCreateParams.Recurring.builder()
                        .setInterval(PriceCreateParams.Recurring.Interval.MONTH).build()).build()).getId();
        Subscription other = stripe.v1().subscriptions().create(SubscriptionCreateParams.builder()
                .setCustomer(customer).addItem(SubscriptionCreateParams.Item.builder().setPrice(price).build())
                .build());

        stripe.v1().subscriptions().cancel(other.getId());
        settle();

        assertThat(inbox("customer.subscription.deleted")).singleElement().satisfies(e -> {
            assertThat(e.status()).isEqualTo(EventStatus.IGNORED);
            assertThat(e.reason()).contains("subscription " + other.getId() + " bills no hosted platform");
        });
    }
}
