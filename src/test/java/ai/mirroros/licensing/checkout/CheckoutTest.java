package ai.mirroros.licensing.checkout;

import static ai.mirroros.licensing.marketplace.MarketplaceFixture.ENTERPRISE;
import static ai.mirroros.licensing.marketplace.MarketplaceFixture.INDIVIDUAL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.mirroros.licensing.LicensingApp;
import ai.mirroros.licensing.marketplace.AgentTemplate;
import ai.mirroros.licensing.marketplace.Branding;
import ai.mirroros.licensing.marketplace.ExportKind;
import ai.mirroros.licensing.marketplace.Marketplace;
import ai.mirroros.licensing.marketplace.MarketplaceFixture;
import ai.mirroros.licensing.marketplace.NewTemplate;
import ai.mirroros.licensing.marketplace.PriceRequest;
import ai.mirroros.licensing.marketplace.TemplateCategory;
import ai.mirroros.licensing.marketplace.TemplateDetails;
import ai.mirroros.licensing.money.Money;
import ai.mirroros.licensing.store.DatabaseTestSupport;
import ai.mirroros.licensing.stripe.sandbox.RecordedRequest;
import ai.mirroros.licensing.stripe.sandbox.SandboxConfig;
import ai.mirroros.licensing.stripe.sandbox.StripeSandbox;
import com.stripe.StripeClient;
import com.stripe.exception.StripeException;
import com.stripe.model.PaymentIntent;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Checkout against the Stripe sandbox: the right amount, the integration metadata, the customer, one charge. */
class CheckoutTest extends DatabaseTestSupport {
    private StripeSandbox sandbox;
    private StripeClient stripe;
    private LicensingApp app;
    private Marketplace marketplace;
    private Checkout checkout;

    @BeforeEach
    void start() {
        sandbox = StripeSandbox.start(SandboxConfig.defaults());
        stripe = StripeClient.builder().setApiKey("sk_test_checkout").setApiBase(sandbox.baseUrl()).build();
        app = MarketplaceFixture.registered(db, Clock.systemUTC());
        marketplace = MarketplaceFixture.marketplace(app);
        checkout = new Checkout(app.vaults(), marketplace.templates(), marketplace.exportPricing(), app.clock());
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    private AgentTemplate template(String price, boolean publish) {
        return marketplace.templates().create(new NewTemplate(ENTERPRISE, new TemplateDetails(
                "Enterprise Analytics Bot", Optional.empty(), TemplateCategory.ANALYTICS, Optional.empty()),
                new PriceRequest.Explicit(price), Branding.NONE, publish));
    }

    @Test
    void aTemplateCheckoutIsAConfirmedPaymentIntentAtTheTemplatesPriceWithTheMetadata() throws StripeException {
        AgentTemplate template = template("875", true);
        Buyer buyer = new Buyer(Optional.of("cus_buyer1"), Optional.of("de"), Optional.of("REF-42"));

        CheckoutResult result = checkout.pay(stripe, checkout.quote(
                new CheckoutItem.TemplatePurchase(template.templateId()), buyer), Checkout.TEST_PAYMENT_METHOD,
                "checkout-test-1");

        assertThat(result.succeeded()).isTrue();
        assertThat(result.amount()).isEqualTo(Money.parse("875.00", "USD"));
        PaymentIntent intent = stripe.v1().paymentIntents().retrieve(result.paymentIntentId());
        assertThat(intent.getAmount()).isEqualTo(87_500);
        assertThat(intent.getCurrency()).isEqualTo("usd");
        assertThat(intent.getCustomer()).isEqualTo("cus_buyer1");
        assertThat(intent.getMetadata()).isEqualTo(Map.of("vault_id", ENTERPRISE, "product_type", "template",
                "template_id", template.templateId(), "referral_code", "REF-42", "customer_country", "DE"));
        RecordedRequest request = sandbox.requests().stream().filter(r -> r.method().equals("POST")).findFirst()
                .orElseThrow();
        assertThat(request.path()).isEqualTo("/v1/payment_intents");
        assertThat(request.idempotencyKey()).contains("checkout-test-1");
    }

    @Test
    void aCanadianBuyersProvinceTravelsAsCustomerRegionForHst() throws StripeException {
        AgentTemplate template = template("113", true);
        Buyer buyer = new Buyer(Optional.empty(), Optional.of("CA"), Optional.empty(), Optional.of("on"));

        CheckoutResult result = checkout.pay(stripe, checkout.quote(
                new CheckoutItem.TemplatePurchase(template.templateId()), buyer), Checkout.TEST_PAYMENT_METHOD,
                "checkout-test-ca");

        assertThat(stripe.v1().paymentIntents().retrieve(result.paymentIntentId()).getMetadata())
                .containsEntry("customer_country", "CA").containsEntry("customer_region", "ON");
        assertThatThrownBy(() -> new Buyer(Optional.empty(), Optional.of("CA"), Optional.empty(),
                Optional.of("Ontario"))).hasMessageContaining("region 'ONTARIO'");
    }

    @Test
    void retryingWithTheSameKeyChargesOnce() {
        AgentTemplate template = template("875", true);
        CheckoutQuote quote = checkout.quote(new CheckoutItem.TemplatePurchase(template.templateId()),
                Buyer.ANONYMOUS);

        CheckoutResult first = checkout.pay(stripe, quote, Checkout.TEST_PAYMENT_METHOD, "checkout-retry");
        CheckoutResult again = checkout.pay(stripe, quote, Checkout.TEST_PAYMENT_METHOD, "checkout-retry");

        assertThat(again.paymentIntentId()).isEqualTo(first.paymentIntentId());
        assertThat(sandbox.events()).extracting(e -> e.type()).containsExactly("charge.succeeded",
                "payment_intent.succeeded");
    }

    @Test
    void anUnlistedTemplateIsRefusedBeforeStripeIsCalled() {
        AgentTemplate unlisted = template("875", false);

        assertThatThrownBy(() -> checkout.quote(new CheckoutItem.TemplatePurchase(unlisted.templateId()),
                Buyer.ANONYMOUS))
                .hasMessage("template " + unlisted.templateId() + " is not listed on the marketplace, so it cannot "
                        + "be bought; publish it with: licensing templates publish " + unlisted.templateId());
        assertThatThrownBy(() -> checkout.quote(new CheckoutItem.TemplatePurchase("tpl_missing"), Buyer.ANONYMOUS))
                .hasMessageContaining("unknown template 'tpl_missing'");
        assertThat(sandbox.requests()).isEmpty();
    }

    @Test
    void exportsAreChargedAtTheVaultsFeeOrThePlatformsDefault() {
        CheckoutResult own = checkout.pay(stripe, checkout.quote(new CheckoutItem.ExportPurchase(ENTERPRISE,
                ExportKind.LOOP, Optional.of("loop-7")), Buyer.ANONYMOUS), Checkout.TEST_PAYMENT_METHOD, "k-loop");
        CheckoutQuote platform = checkout.quote(new CheckoutItem.ExportPurchase(INDIVIDUAL, ExportKind.LOOP,
                Optional.of("loop-8")), Buyer.ANONYMOUS);

        assertThat(own.amount()).as("enterprise-vault.sig's own loop export fee")
                .isEqualTo(Money.parse("99.00", "USD"));
        assertThat(own.quote().metadata()).isEqualTo(Map.of("vault_id", ENTERPRISE, "product_type", "loop_export",
                "agent_loop_id", "loop-7"));
        assertThat(platform.amount()).as("individual-vault.sig has custom fees off: the platform's 299.00, not "
                + "its own 39.00").isEqualTo(Money.parse("299.00", "USD"));
        assertThat(platform.priceSource()).contains("platform default");
        assertThat(checkout.quote(new CheckoutItem.ExportPurchase(INDIVIDUAL, ExportKind.PLATFORM_FORK,
                Optional.empty()), Buyer.ANONYMOUS).productType()).isEqualTo("platform_fork");
    }

    @Test
    void aLoopExportNamesItsLoopAndOtherExportsDoNot() {
        assertThatThrownBy(() -> checkout.quote(new CheckoutItem.ExportPurchase(ENTERPRISE, ExportKind.LOOP,
                Optional.empty()), Buyer.ANONYMOUS)).hasMessageContaining("give --loop-id");
        assertThatThrownBy(() -> checkout.quote(new CheckoutItem.ExportPurchase(ENTERPRISE, ExportKind.AGENT,
                Optional.of("loop-7")), Buyer.ANONYMOUS)).hasMessageContaining("--loop-id goes with --kind loop");
        assertThatThrownBy(() -> new Buyer(Optional.empty(), Optional.of("Germany"), Optional.empty()))
                .hasMessage("country 'GERMANY' is not an ISO 3166-1 alpha-2 code such as DE");
    }

    @Test
    void aDeclinedCardIsOneClearError() {
        AgentTemplate template = template("875", true);
        CheckoutQuote quote = checkout.quote(new CheckoutItem.TemplatePurchase(template.templateId()),
                Buyer.ANONYMOUS);

        assertThatThrownBy(() -> checkout.pay(stripe, quote, "pm_card_chargeDeclined", "k-declined"))
                .hasMessageStartingWith("Stripe did not take the payment of 875.00 USD: HTTP 402: Your card was "
                        + "declined;");
        assertThat(sandbox.events()).isEmpty();
    }
}
