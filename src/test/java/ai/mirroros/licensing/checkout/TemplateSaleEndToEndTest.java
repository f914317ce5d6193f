package ai.mirroros.licensing.checkout;

import static ai.mirroros.licensing.marketplace.MarketplaceFixture.ENTERPRISE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.mirroros.licensing.LicensingApp;
import ai.mirroros.licensing.ingest.IngestSettings;
import ai.mirroros.licensing.ingest.Ingestion;
import ai.mirroros.licensing.ingest.WebhookClient;
import ai.mirroros.licensing.ledger.AccountRef;
import ai.mirroros.licensing.marketplace.AgentTemplate;
import ai.mirroros.licensing.marketplace.Branding;
import ai.mirroros.licensing.marketplace.Marketplace;
import ai.mirroros.licensing.marketplace.MarketplaceFixture;
import ai.mirroros.licensing.marketplace.NewTemplate;
import ai.mirroros.licensing.marketplace.PriceRequest;
import ai.mirroros.licensing.marketplace.TemplateCategory;
import ai.mirroros.licensing.marketplace.TemplateDetails;
import ai.mirroros.licensing.marketplace.TemplateStats;
import ai.mirroros.licensing.money.CurrencyUnit;
import ai.mirroros.licensing.money.Money;
import ai.mirroros.licensing.money.Percentage;
import ai.mirroros.licensing.revenue.PostedPayment;
import ai.mirroros.licensing.store.DatabaseTestSupport;
import ai.mirroros.licensing.stripe.sandbox.SandboxConfig;
import ai.mirroros.licensing.stripe.sandbox.StripeSandbox;
import ai.mirroros.licensing.web.WebServer;
import com.stripe.StripeClient;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A template sold end to end: listed, viewed through the public marketplace, bought through a Stripe PaymentIntent,
 * delivered back as Stripe's signed webhooks, posted by the ingestion, and attributed to the template — its stats
 * tie to the ledger, also after a partial refund.
 */
class TemplateSaleEndToEndTest extends DatabaseTestSupport {
    private static final CurrencyUnit USD = CurrencyUnit.USD;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private LicensingApp app;
    private Marketplace marketplace;
    private StripeSandbox stripe;
    private Ingestion ingestion;
    private WebServer server;

    @BeforeEach
    void start() throws Exception {
        app = MarketplaceFixture.registered(db, Clock.systemUTC());
        marketplace = MarketplaceFixture.marketplace(app);
        int serverPort;
        try (ServerSocket probe = new ServerSocket(0)) {
            serverPort = probe.getLocalPort();
        }
        stripe = StripeSandbox.start(SandboxConfig.defaults().withPort(0)
                .withWebhook(URI.create("http://127.0.0.1:" + serverPort + "/webhooks/stripe"), WebhookClient.SECRET));
        ingestion = Ingestion.start(app, IngestSettings.defaults().withWebhookSecrets(List.of(WebhookClient.SECRET))
                .withStripeApi("sk_test_e2e", stripe.baseUrl()), true);
        server = WebServer.start(app, ingestion, "127.0.0.1", serverPort);
    }

    @AfterEach
    void stop() {
        server.close();
        ingestion.close();
        stripe.close();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private TemplateStats stats() {
        return marketplace.sales().stats(Optional.of(ENTERPRISE), Optional.empty(), Optional.empty()).getFirst();
    }

    @Test
    void aTemplateSaleIsPostedFromTheWebhookAndAttributedToTheTemplate() throws Exception {
        AgentTemplate template = marketplace.templates().create(new NewTemplate(ENTERPRISE, new TemplateDetails(
                "Enterprise Analytics Bot", Optional.of("Dashboards from agent runs"), TemplateCategory.ANALYTICS,
                Optional.empty()), new PriceRequest.Explicit("875"),
                new Branding(Optional.of("Acme Insights"), Optional.empty()), true));
        String id = template.templateId();

        HttpResponse<String> listings = get("/marketplace/templates");
        assertThat(listings.statusCode()).isEqualTo(200);
        assertThat(listings.body()).contains("\"id\":\"" + id + "\"", "\"amount\":\"875.00\"",
                "\"currency\":\"USD\"").doesNotContain("baseCost");
        assertThat(get("/marketplace/templates/" + id).body()).contains("\"name\":\"Enterprise Analytics Bot\"");
        assertThat(get("/marketplace/templates/" + id).statusCode()).isEqualTo(200);
        assertThat(get("/marketplace/templates/tpl_missing").statusCode()).isEqualTo(404);

        StripeClient client = StripeClient.builder().setApiKey("sk_test_e2e").setApiBase(stripe.baseUrl()).build();
        Checkout checkout = new Checkout(app.vaults(), marketplace.templates(), marketplace.exportPricing(),
                app.clock());
        CheckoutResult sale = checkout.pay(client, checkout.quote(new CheckoutItem.TemplatePurchase(id),
                new Buyer(Optional.of("cus_e2e"), Optional.of("DE"), Optional.empty())),
                Checkout.TEST_PAYMENT_METHOD, Checkout.newIdempotencyKey());

        await().atMost(Duration.ofSeconds(30)).until(() -> app.payments().find(sale.paymentIntentId()).isPresent()
                && app.inbox().stats().pending() == 0);
        PostedPayment posted = app.payments().find(sale.paymentIntentId()).orElseThrow();
        String customer = db.jdbi().withHandle(h -> h.createQuery(
                "SELECT customer_id FROM payment WHERE template_id = :id").bind("id", id).mapTo(String.class).one());
        assertThat(customer).isEqualTo("cus_e2e");

        TemplateStats stats = stats();
        assertThat(stats.template().templateId()).isEqualTo(id);
        assertThat(stats.sales()).isEqualTo(1);
        assertThat(stats.views()).isEqualTo(2);
        assertThat(stats.conversion()).contains(Percentage.ofPercent(50));
        TemplateStats.Revenue revenue = stats.revenue().getFirst();
        assertThat(revenue.gross()).isEqualTo(posted.split().gross()).isEqualTo(Money.parse("875.00", "USD"));
        assertThat(revenue.partnerShare()).isEqualTo(posted.split().partnerPayout())
                .isEqualTo(app.ledger().balance(AccountRef.vaultPending(ENTERPRISE, USD)).negate());

        stripe.refund(chargeOf(client, sale), OptionalLong.of(30_000));
        await().atMost(Duration.ofSeconds(30)).until(() -> stats().revenue().getFirst().reversed().isPositive()
                && app.inbox().stats().pending() == 0);

        TemplateStats refunded = stats();
        assertThat(refunded.sales()).isEqualTo(1);
        assertThat(refunded.revenue().getFirst().reversed()).isEqualTo(Money.parse("300.00", "USD"));
        assertThat(refunded.revenue().getFirst().net()).isEqualTo(Money.parse("575.00", "USD"));
        assertThat(refunded.revenue().getFirst().partnerShare())
                .as("the partner's share net of the clawback is what the ledger still credits the vault")
                .isEqualTo(app.ledger().balance(AccountRef.vaultPending(ENTERPRISE, USD)).negate());
    }

    private static String chargeOf(StripeClient client, CheckoutResult sale) throws Exception {
        return client.v1().paymentIntents().retrieve(sale.paymentIntentId()).getLatestCharge();
    }
}
