package ai.mirroros.licensing.stripe.sandbox;

import static ai.mirroros.licensing.stripe.sandbox.SandboxFixture.client;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import com.stripe.model.Charge;
import com.stripe.model.Event;
import com.stripe.model.Refund;
import com.stripe.net.ApiResource;
import com.stripe.param.RefundCreateParams;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Events as Stripe sends them: the right types in order, signed, retried with backoff, filtered by endpoint. */
class StripeSandboxWebhookTest {
    private static final Duration PATIENCE = Duration.ofSeconds(15);

    private static SandboxConfig deliveringTo(WebhookReceiver receiver) {
        return SandboxConfig.defaults().withWebhook(receiver.url(), WebhookReceiver.SECRET)
                .withWebhookRetries(4, Duration.ofMillis(50));
    }

    @Test
    void aPaymentItsRefundsAndADisputeDeliverSignedEventsInStripesOrder() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver();
             StripeSandbox sandbox = StripeSandbox.start(deliveringTo(receiver))) {
            CreatedPayment paid = sandbox.createPayment(SandboxPayment.of(10_000, "usd",
                    Map.of("vault_id", "v1")).asInvoice());
            client(sandbox).v1().refunds().create(RefundCreateParams.builder().setCharge(paid.chargeId())
                    .setAmount(1_000L).build());
            client(sandbox).v1().refunds().create(RefundCreateParams.builder().setCharge(paid.chargeId())
                    .setAmount(500L).build());
            String dispute = sandbox.openDispute(paid.chargeId(), 8_500);
            sandbox.closeDispute(dispute, true);

            List<String> expected = List.of("charge.succeeded", "payment_intent.succeeded", "invoice.paid",
                    "invoice.payment_succeeded", "charge.refunded", "refund.created", "charge.refunded",
                    "refund.created", "charge.dispute.created", "charge.dispute.funds_withdrawn",
                    "charge.dispute.funds_reinstated", "charge.dispute.closed");
            await().atMost(PATIENCE).until(() -> receiver.received().size() == expected.size());

            assertThat(receiver.types()).containsExactlyElementsOf(expected);
            assertThat(receiver.received()).allSatisfy(r -> assertThat(r.rejection()).isEmpty());
            assertThat(receiver.received()).extracting(WebhookReceiver.Received::eventId)
                    .containsExactlyElementsOf(sandbox.events().stream().map(SandboxEvent::id).toList());
            assertThat(sandbox.deliveries()).extracting(WebhookDelivery::outcome)
                    .containsOnly(WebhookDelivery.Outcome.DELIVERED);
        }
    }

    @Test
    void aRefundEventCarriesTheUpdatedChargeWithItsBalanceTransactionAsAnId() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver();
             StripeSandbox sandbox = StripeSandbox.start(deliveringTo(receiver)
                     .withWebhookEvents(Set.of("charge.refunded")))) {
            CreatedPayment paid = sandbox.createPayment(SandboxPayment.of(10_000, "usd", Map.of("vault_id", "v1")));
            client(sandbox).v1().refunds().create(RefundCreateParams.builder().setCharge(paid.chargeId())
                    .setAmount(1_000L).build());
            client(sandbox).v1().refunds().create(RefundCreateParams.builder().setCharge(paid.chargeId())
                    .setAmount(500L).build());

            await().atMost(PATIENCE).until(() -> receiver.received().size() == 2);

            Event event = ApiResource.GSON.fromJson(receiver.received().get(1).body(), Event.class);
            Charge charge = (Charge) event.getDataObjectDeserializer().getObject().orElseThrow();
            assertThat(charge.getAmountRefunded()).isEqualTo(1_500);
            assertThat(charge.getMetadata()).containsEntry("vault_id", "v1");
            assertThat(charge.getBalanceTransaction()).isEqualTo(paid.balanceTransaction().id());
            assertThat(charge.getBalanceTransactionObject()).isNull();
            // Only the subscribed type is sent; every event is still listed.
            assertThat(receiver.types()).containsOnly("charge.refunded");
            assertThat(sandbox.events()).extracting(SandboxEvent::type).containsExactly("charge.succeeded",
                    "payment_intent.succeeded", "charge.refunded", "refund.created", "charge.refunded",
                    "refund.created");
            Event refundCreated = ApiResource.GSON.fromJson(sandbox.events().getLast().json(), Event.class);
            Refund refund = (Refund) refundCreated.getDataObjectDeserializer().getObject().orElseThrow();
            assertThat(refund.getAmount()).isEqualTo(500);
            assertThat(refund.getCharge()).isEqualTo(paid.chargeId());
            assertThat(refund.getPaymentIntent()).isEqualTo(paid.paymentIntentId());
            assertThat(refund.getStatus()).isEqualTo("succeeded");
        }
    }

    @Test
    void aFailingEndpointIsRetriedWithGrowingBackoffUntilItAnswers2xx() {
        try (WebhookReceiver receiver = new WebhookReceiver(500, 503);
             StripeSandbox sandbox = StripeSandbox.start(deliveringTo(receiver)
                     .withWebhookEvents(Set.of("charge.succeeded")))) {
            sandbox.createPayment(SandboxPayment.of(1_000, "usd", Map.of()));

            await().atMost(PATIENCE).until(() -> sandbox.deliveries().size() == 3);

            List<WebhookDelivery> attempts = sandbox.deliveries();
            assertThat(attempts).extracting(WebhookDelivery::attempt, WebhookDelivery::outcome)
                    .containsExactly(tuple(1, WebhookDelivery.Outcome.RETRY_SCHEDULED),
                            tuple(2, WebhookDelivery.Outcome.RETRY_SCHEDULED),
                            tuple(3, WebhookDelivery.Outcome.DELIVERED));
            assertThat(attempts).extracting(d -> d.status().orElseThrow()).containsExactly(500, 503, 200);
            assertThat(Duration.between(attempts.get(1).at(), attempts.get(2).at()))
                    .isGreaterThanOrEqualTo(Duration.ofMillis(100));
            assertThat(receiver.received()).extracting(WebhookReceiver.Received::eventId).containsOnly(
                    attempts.getFirst().eventId()).hasSize(3);
            assertThat(receiver.received()).allSatisfy(r -> assertThat(r.rejection()).isEmpty());
        }
    }

    @Test
    void anUnreachableEndpointIsGivenUpOnAfterTheLastAttempt() {
        URI gone;
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            gone = receiver.url();
        }
        SandboxConfig config = SandboxConfig.defaults().withWebhook(gone, WebhookReceiver.SECRET)
                .withWebhookRetries(3, Duration.ofMillis(20)).withWebhookEvents(Set.of("charge.succeeded"));
        try (StripeSandbox sandbox = StripeSandbox.start(config)) {
            sandbox.createPayment(SandboxPayment.of(1_000, "usd", Map.of()));

            await().atMost(PATIENCE).until(() -> sandbox.deliveries().size() == 3);

            assertThat(sandbox.deliveries()).extracting(WebhookDelivery::outcome).containsExactly(
                    WebhookDelivery.Outcome.RETRY_SCHEDULED, WebhookDelivery.Outcome.RETRY_SCHEDULED,
                    WebhookDelivery.Outcome.GAVE_UP);
            assertThat(sandbox.deliveries().getLast().error()).hasValueSatisfying(
                    error -> assertThat(error).contains("ConnectException"));
        }
    }

    @Test
    void connectEventsNameTheConnectedAccountAndTheEventListIsServedForReplay() throws Exception {
        try (StripeSandbox sandbox = StripeSandbox.start(SandboxConfig.defaults())) {
            String partner = sandbox.createExpressAccount("US", Map.of());
            sandbox.completeOnboarding(partner);

            SandboxEvent updated = sandbox.events().getLast();
            assertThat(updated.type()).isEqualTo("account.updated");
            assertThat(updated.account()).contains(partner);
            assertThat(WebhookReceiver.field(updated.json(), "/account")).isEqualTo(partner);
            assertThat(WebhookReceiver.field(updated.json(), "/data/object/payouts_enabled")).isEqualTo("true");

            HttpResponse<String> listed = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(sandbox.baseUrl() + "/_sandbox/events")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(listed.statusCode()).isEqualTo(200);
            assertThat(WebhookReceiver.field(listed.body(), "/data/0/id")).isEqualTo(updated.id());
            assertThat(client(sandbox).v1().events().retrieve(updated.id()).getType()).isEqualTo("account.updated");
        }
    }
}
