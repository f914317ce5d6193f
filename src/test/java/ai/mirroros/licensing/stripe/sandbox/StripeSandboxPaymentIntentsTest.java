package ai.mirroros.licensing.stripe.sandbox;

import static ai.mirroros.licensing.stripe.sandbox.SandboxFixture.client;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.stripe.StripeClient;
import com.stripe.exception.CardException;
import com.stripe.exception.InvalidRequestException;
import com.stripe.exception.StripeException;
import com.stripe.model.Charge;
import com.stripe.model.PaymentIntent;
import com.stripe.net.RequestOptions;
import com.stripe.param.PaymentIntentCreateParams;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code POST /v1/payment_intents} as a checkout calls it: settles like a payment, with the customer kept. */
class StripeSandboxPaymentIntentsTest {
    private StripeSandbox sandbox;
    private StripeClient stripe;

    @BeforeEach
    void start() {
        sandbox = StripeSandbox.start(SandboxConfig.defaults());
        stripe = client(sandbox);
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    private static PaymentIntentCreateParams.Builder checkout(long amount) {
        return PaymentIntentCreateParams.builder().setAmount(amount).setCurrency("usd")
                .putAllMetadata(Map.of("vault_id", "enterprise-vault.sig", "product_type", "template",
                        "template_id", "tpl_bot_abcde", "empty", ""))
                .setCustomer("cus_buyer1").setConfirm(true).setPaymentMethod("pm_card_visa")
                .addPaymentMethodType("card");
    }

    private static RequestOptions key(String key) {
        return RequestOptions.builder().setIdempotencyKey(key).build();
    }

    @Test
    void aConfirmedIntentSettlesAtOnceWithItsChargeEventsAndCustomer() throws StripeException {
        PaymentIntent intent = stripe.v1().paymentIntents().create(checkout(87_500).build(), key("k1"));

        assertThat(intent.getId()).startsWith("pi_");
        assertThat(intent.getStatus()).isEqualTo("succeeded");
        assertThat(intent.getAmount()).isEqualTo(87_500);
        assertThat(intent.getCustomer()).isEqualTo("cus_buyer1");
        assertThat(intent.getMetadata()).containsEntry("template_id", "tpl_bot_abcde").doesNotContainKey("empty");
        Charge charge = stripe.v1().charges().retrieve(intent.getLatestCharge());
        assertThat(charge.getCustomer()).isEqualTo("cus_buyer1");
        assertThat(charge.getPaymentIntent()).isEqualTo(intent.getId());
        // 2.9 % of 875.00 = 25.375 → 25.38, + 0.30 = 25.68.
        assertThat(sandbox.balance().available("usd")).isEqualTo(87_500 - 2_568);

        List<SandboxEvent> events = sandbox.events();
        assertThat(events).extracting(SandboxEvent::type)
                .containsExactly("charge.succeeded", "payment_intent.succeeded");
        assertThat(events).allSatisfy(event -> assertThat(event.json())
                .contains("\"customer\":\"cus_buyer1\"", "\"template_id\":\"tpl_bot_abcde\""));
    }

    @Test
    void theSameIdempotencyKeyReturnsTheSameIntentAndChargesOnce() throws StripeException {
        PaymentIntent first = stripe.v1().paymentIntents().create(checkout(87_500).build(), key("same"));
        PaymentIntent again = stripe.v1().paymentIntents().create(checkout(87_500).build(), key("same"));

        assertThat(again.getId()).isEqualTo(first.getId());
        assertThat(sandbox.events()).hasSize(2);
        assertThat(sandbox.balance().available("usd")).isEqualTo(87_500 - 2_568);
    }

    @Test
    void anIntentThatIsNotConfirmedOrPaysOtherwiseThanByCardIsRefused() {
        assertThatThrownBy(() -> stripe.v1().paymentIntents().create(checkout(1_000).setConfirm(false).build(),
                key("k2")))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("pass confirm=true");
        assertThatThrownBy(() -> stripe.v1().paymentIntents().create(PaymentIntentCreateParams.builder()
                .setAmount(1_000L).setCurrency("usd").setConfirm(true).addPaymentMethodType("sepa_debit").build(),
                key("k3")))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("card payments only");
        assertThat(sandbox.events()).isEmpty();
    }

    @Test
    void stripesDecliningTestCardIsDeclinedAndNothingMoves() {
        assertThatThrownBy(() -> stripe.v1().paymentIntents().create(checkout(1_000)
                .setPaymentMethod("pm_card_chargeDeclined").build(), key("k4")))
                .isInstanceOfSatisfying(CardException.class, e -> assertThat(e.getCode()).isEqualTo("card_declined"));
        assertThat(sandbox.events()).isEmpty();
        assertThat(sandbox.balance().available("usd")).isZero();
    }
}
