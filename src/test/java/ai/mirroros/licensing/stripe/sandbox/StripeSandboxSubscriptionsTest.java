package ai.mirroros.licensing.stripe.sandbox;

import static ai.mirroros.licensing.stripe.sandbox.SandboxFixture.client;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.mirroros.licensing.testing.ManualClock;
import com.stripe.StripeClient;
import com.stripe.exception.InvalidRequestException;
import com.stripe.exception.StripeException;
import com.stripe.model.Customer;
import com.stripe.model.Event;
import com.stripe.model.Invoice;
import com.stripe.model.Price;
import com.stripe.model.Product;
import com.stripe.model.Subscription;
import com.stripe.model.SubscriptionItem;
import com.stripe.net.ApiResource;
import com.stripe.net.RequestOptions;
import com.stripe.param.CustomerCreateParams;
import com.stripe.param.PriceCreateParams;
import com.stripe.param.ProductCreateParams;
import com.stripe.param.SubscriptionCreateParams;
import com.stripe.param.SubscriptionListParams;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Stripe Billing as stripe-java sees it: a monthly subscription pays its first invoice at once, renews one invoice per
 * month of the sandbox clock, and ends with {@code customer.subscription.deleted}; every invoice is a real payment.
 */
class StripeSandboxSubscriptionsTest {
    private static final Map<String, String> SUBSCRIPTION_META = Map.of("vault_id", "enterprise-vault.sig",
            "product_type", "hosted_platform", "hosted_platform_id", "hp_test1", "client", "enterprise-client");

    private final ManualClock clock = new ManualClock(Instant.parse("2026-01-31T09:00:00Z"));
    private StripeSandbox sandbox;
    private StripeClient stripe;

    @BeforeEach
    void start() {
        sandbox = StripeSandbox.start(SandboxConfig.defaults().withClock(clock));
        stripe = client(sandbox);
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    private Price monthlyPrice(long unitAmount) throws StripeException {
        Product product = stripe.v1().products().create(ProductCreateParams.builder()
                .setName("enterprise-client hosted platform").putMetadata("hosted_platform_id", "hp_test1").build());
        return stripe.v1().prices().create(PriceCreateParams.builder()
                .setProduct(product.getId()).setUnitAmount(unitAmount).setCurrency("usd")
                .setRecurring(PriceCreateParams.Recurring.builder()
                        .setInterval(PriceCreateParams.Recurring.Interval.MONTH).build())
                .build());
    }

    private Customer customer() throws StripeException {
        return stripe.v1().customers().create(CustomerCreateParams.builder().setName("enterprise-client")
                .setEmail("billing@client.example").putMetadata("hosted_platform_id", "hp_test1").build());
    }

    private static SubscriptionCreateParams subscribe(Customer customer, Price price) {
        return SubscriptionCreateParams.builder().setCustomer(customer.getId())
                .addItem(SubscriptionCreateParams.Item.builder().setPrice(price.getId()).build())
                .putAllMetadata(SUBSCRIPTION_META).build();
    }

    private List<Event> events(String type) {
        return sandbox.events().stream().filter(e -> e.type().equals(type))
                .map(e -> ApiResource.GSON.fromJson(e.json(), Event.class)).toList();
    }

    private static Invoice invoiceOf(Event event) throws Exception {
        return (Invoice) event.getDataObjectDeserializer().deserializeUnsafe();
    }

    private static SubscriptionItem item(Subscription subscription) {
        return subscription.getItems().getData().getFirst();
    }

    @Test
    void aSubscriptionPaysItsFirstInvoiceAtOnceWithTheSubscriptionsMetadataOnTheInvoice() throws Exception {
        Customer customer = customer();
        Price price = monthlyPrice(250_000);

        Subscription subscription = stripe.v1().subscriptions().create(subscribe(customer, price));

        assertThat(subscription.getStatus()).isEqualTo("active");
        assertThat(subscription.getCustomer()).isEqualTo(customer.getId());
        assertThat(subscription.getMetadata()).isEqualTo(SUBSCRIPTION_META);
        assertThat(item(subscription).getPrice().getUnitAmount()).isEqualTo(250_000);
        assertThat(item(subscription).getPrice().getRecurring().getInterval()).isEqualTo("month");
        assertThat(Instant.ofEpochSecond(item(subscription).getCurrentPeriodStart())).isEqualTo(clock.instant());
        assertThat(Instant.ofEpochSecond(item(subscription).getCurrentPeriodEnd()))
                .as("a month after the 31st of January is the last day of February")
                .isEqualTo(Instant.parse("2026-02-28T09:00:00Z"));
        assertThat(events("customer.subscription.created")).hasSize(1);

        List<Event> paid = events("invoice.paid");
        assertThat(paid).hasSize(1);
        Invoice invoice = invoiceOf(paid.getFirst());
        assertThat(invoice.getId()).isEqualTo(subscription.getLatestInvoice());
        assertThat(invoice.getAmountPaid()).isEqualTo(250_000);
        assertThat(invoice.getCustomer()).isEqualTo(customer.getId());
        assertThat(invoice.getBillingReason()).isEqualTo("subscription_create");
        assertThat(invoice.getParent().getSubscriptionDetails().getSubscription()).isEqualTo(subscription.getId());
        assertThat(invoice.getParent().getSubscriptionDetails().getMetadata()).isEqualTo(SUBSCRIPTION_META);
        String intent = invoice.getPayments().getData().getFirst().getPayment().getPaymentIntent();
        assertThat(stripe.v1().paymentIntents().retrieve(intent).getMetadata())
                .as("Stripe does not copy a subscription's metadata onto its charges").isEmpty();
        // 2.9 % of 2,500.00 = 72.50, + 0.30: the platform balance grew by the invoice's net.
        assertThat(sandbox.balance().available("usd")).isEqualTo(250_000 - 7_280);
        assertThat(stripe.v1().invoices().retrieve(invoice.getId()).getCustomer()).isEqualTo(customer.getId());
    }

    @Test
    void renewalBillsOneInvoicePerElapsedMonthAndMovesThePeriodOn() throws Exception {
        Subscription subscription = stripe.v1().subscriptions().create(subscribe(customer(), monthlyPrice(29_900)));

        clock.advance(Duration.ofDays(27));
        assertThat(sandbox.renewSubscriptions()).as("the first period has not ended yet").isEmpty();

        clock.set(Instant.parse("2026-02-28T09:00:00Z"));
        List<CreatedPayment> february = sandbox.renewSubscriptions();
        assertThat(february).hasSize(1);
        assertThat(february.getFirst().subscriptionId()).contains(subscription.getId());
        assertThat(sandbox.renewSubscriptions()).as("renewing again in the same period bills nothing").isEmpty();

        clock.set(Instant.parse("2026-05-01T00:00:00Z"));
        assertThat(sandbox.renewSubscriptions()).as("March 31st and April 30th").hasSize(2);

        List<Event> paid = events("invoice.paid");
        assertThat(paid).hasSize(4);
        for (Event event : paid.subList(1, 4)) {
            Invoice invoice = invoiceOf(event);
            assertThat(invoice.getBillingReason()).isEqualTo("subscription_cycle");
            assertThat(invoice.getAmountPaid()).isEqualTo(29_900);
            assertThat(invoice.getParent().getSubscriptionDetails().getMetadata()).isEqualTo(SUBSCRIPTION_META);
        }
        Subscription now = stripe.v1().subscriptions().retrieve(subscription.getId());
        assertThat(Instant.ofEpochSecond(item(now).getCurrentPeriodStart()))
                .isEqualTo(Instant.parse("2026-04-30T09:00:00Z"));
        assertThat(Instant.ofEpochSecond(item(now).getCurrentPeriodEnd()))
                .as("back on the anchor day after a short month").isEqualTo(Instant.parse("2026-05-31T09:00:00Z"));
        assertThat(now.getLatestInvoice()).isEqualTo(invoiceOf(paid.getLast()).getId());
        assertThat(events("customer.subscription.updated")).hasSize(3);
        long netPerMonth = 29_900 - (867 + 30);
        assertThat(sandbox.balance().available("usd")).isEqualTo(4 * netPerMonth);
    }

    @Test
    void cancelingEndsTheSubscriptionAndStopsBilling() throws Exception {
        Subscription subscription = stripe.v1().subscriptions().create(subscribe(customer(), monthlyPrice(99_900)));
        clock.advance(Duration.ofDays(3));

        Subscription canceled = stripe.v1().subscriptions().cancel(subscription.getId());

        assertThat(canceled.getStatus()).isEqualTo("canceled");
        assertThat(canceled.getCanceledAt()).isEqualTo(clock.instant().getEpochSecond());
        assertThat(canceled.getEndedAt()).isEqualTo(clock.instant().getEpochSecond());
        List<Event> deleted = events("customer.subscription.deleted");
        assertThat(deleted).hasSize(1);
        Subscription inEvent = (Subscription) deleted.getFirst().getDataObjectDeserializer().deserializeUnsafe();
        assertThat(inEvent.getId()).isEqualTo(subscription.getId());
        assertThat(inEvent.getMetadata()).isEqualTo(SUBSCRIPTION_META);
        assertThat(stripe.v1().subscriptions().retrieve(subscription.getId()).getStatus()).isEqualTo("canceled");

        clock.advance(Duration.ofDays(90));
        assertThat(sandbox.renewSubscriptions()).isEmpty();
        assertThatThrownBy(() -> stripe.v1().subscriptions().cancel(subscription.getId()))
                .as("as at Stripe, a canceled subscription cannot be canceled again")
                .isInstanceOfSatisfying(InvalidRequestException.class,
                        e -> assertThat(e.getStatusCode()).isEqualTo(404));
    }

    @Test
    void theSameIdempotencyKeyReplaysTheSubscriptionInsteadOfBillingTwice() throws Exception {
        Customer customer = customer();
        Price price = monthlyPrice(250_000);
        RequestOptions key = RequestOptions.builder().setIdempotencyKey("hosted-hp_test1-subscription").build();

        Subscription first = stripe.v1().subscriptions().create(subscribe(customer, price), key);
        Subscription again = stripe.v1().subscriptions().create(subscribe(customer, price), key);

        assertThat(again.getId()).isEqualTo(first.getId());
        assertThat(events("invoice.paid")).hasSize(1);
        assertThat(stripe.v1().subscriptions().list(SubscriptionListParams.builder().setCustomer(customer.getId())
                .setStatus(SubscriptionListParams.Status.ALL).build()).getData()).hasSize(1);
        assertThat(sandbox.requests().stream().filter(r -> r.method().equals("POST")
                && r.path().equals("/v1/subscriptions")).map(RecordedRequest::replayed)).containsExactly(false, true);
    }

    @Test
    void listingFindsACustomersSubscriptionsCanceledOnesOnlyWhenAsked() throws Exception {
        Customer customer = customer();
        Price price = monthlyPrice(29_900);
        Subscription ended = stripe.v1().subscriptions().create(subscribe(customer, price));
        stripe.v1().subscriptions().cancel(ended.getId());
        Subscription running = stripe.v1().subscriptions().create(subscribe(customer, price));
        stripe.v1().subscriptions().create(subscribe(customer(), price));

        var byDefault = stripe.v1().subscriptions().list(SubscriptionListParams.builder()
                .setCustomer(customer.getId()).build()).getData();
        var all = stripe.v1().subscriptions().list(SubscriptionListParams.builder().setCustomer(customer.getId())
                .setStatus(SubscriptionListParams.Status.ALL).build()).getData();

        assertThat(byDefault).extracting(Subscription::getId).containsExactly(running.getId());
        assertThat(all).extracting(Subscription::getId).containsExactly(running.getId(), ended.getId());
    }

    @Test
    void pricesThatCannotBeBilledAreRefused() throws Exception {
        Product product = stripe.v1().products().create(ProductCreateParams.builder().setName("x").build());

        assertThatThrownBy(() -> stripe.v1().prices().create(PriceCreateParams.builder().setProduct(product.getId())
                .setUnitAmount(1_000L).setCurrency("usd").setRecurring(PriceCreateParams.Recurring.builder()
                        .setInterval(PriceCreateParams.Recurring.Interval.YEAR).build()).build()))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("monthly prices only");
        assertThatThrownBy(() -> stripe.v1().prices().create(PriceCreateParams.builder().setProduct(product.getId())
                .setUnitAmount(20L).setCurrency("usd").setRecurring(PriceCreateParams.Recurring.builder()
                        .setInterval(PriceCreateParams.Recurring.Interval.MONTH).build()).build()))
                .isInstanceOfSatisfying(InvalidRequestException.class,
                        e -> assertThat(e.getCode()).isEqualTo("amount_too_small"));
        assertThatThrownBy(() -> stripe.v1().subscriptions().create(SubscriptionCreateParams.builder()
                .setCustomer("cus_nobody").addItem(SubscriptionCreateParams.Item.builder().setPrice("price_x")
                        .build()).build()))
                .isInstanceOfSatisfying(InvalidRequestException.class,
                        e -> assertThat(e.getCode()).isEqualTo("resource_missing"));
        assertThat(events("invoice.paid")).isEmpty();
    }

    @Test
    void theControlEndpointRenewsOverHttp() throws Exception {
        stripe.v1().subscriptions().create(subscribe(customer(), monthlyPrice(29_900)));
        clock.set(Instant.parse("2026-03-01T00:00:00Z"));

        HttpResponse<String> renewed = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(sandbox.baseUrl() + "/_sandbox/subscriptions/renew"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(renewed.statusCode()).isEqualTo(200);
        assertThat(renewed.body()).contains("\"billing_reason\":\"subscription_cycle\"", "\"invoice\":{");
        assertThat(events("invoice.paid")).hasSize(2);
    }
}
