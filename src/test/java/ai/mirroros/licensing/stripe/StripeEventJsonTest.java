package ai.mirroros.licensing.stripe;

import static org.assertj.core.api.Assertions.assertThat;

import com.stripe.model.Charge;
import com.stripe.model.Dispute;
import com.stripe.model.Event;
import com.stripe.model.Invoice;
import com.stripe.model.PaymentIntent;
import com.stripe.net.ApiResource;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The payloads we build must be what stripe-java reads as typed objects for our pinned API version. */
class StripeEventJsonTest {
    private static final Instant AT = Instant.parse("2026-11-24T12:00:00Z");
    private static final StripeEventJson.BalanceTransaction BT = new StripeEventJson.BalanceTransaction("txn_1",
            10_842, 344, "usd", Optional.of(new BigDecimal("1.0842")), AT, "ch_1");
    private static final StripeEventJson.Charge CHARGE = new StripeEventJson.Charge("ch_1", "pi_1", 10_000, "eur",
            0, Map.of("vault_id", "enterprise-vault.sig", "product_type", "template"), AT, Optional.of("txn_1"),
            Optional.of(BT));

    private static <T> T objectOf(String json, Class<T> type) {
        Event event = ApiResource.GSON.fromJson(json, Event.class);
        assertThat(event.getApiVersion()).isEqualTo(com.stripe.Stripe.API_VERSION);
        return type.cast(event.getDataObjectDeserializer().getObject().orElseThrow());
    }

    @Test
    void chargeWithExpandedBalanceTransactionParses() {
        Charge charge = objectOf(StripeEventJson.event("evt_1", "charge.succeeded", AT, CHARGE.toJson()),
                Charge.class);
        assertThat(charge.getId()).isEqualTo("ch_1");
        assertThat(charge.getAmount()).isEqualTo(10_000);
        assertThat(charge.getCurrency()).isEqualTo("eur");
        assertThat(charge.getPaymentIntent()).isEqualTo("pi_1");
        assertThat(charge.getMetadata()).containsEntry("vault_id", "enterprise-vault.sig");
        assertThat(charge.getBalanceTransactionObject().getFee()).isEqualTo(344);
        assertThat(charge.getBalanceTransactionObject().getExchangeRate()).isEqualByComparingTo("1.0842");
    }

    @Test
    void paymentIntentInvoiceAndDisputeParse() {
        PaymentIntent intent = objectOf(StripeEventJson.event("evt_2", "payment_intent.succeeded", AT,
                StripeEventJson.paymentIntent(CHARGE, false)), PaymentIntent.class);
        assertThat(intent.getLatestCharge()).isEqualTo("ch_1");
        assertThat(intent.getAmountReceived()).isEqualTo(10_000);

        Invoice invoice = objectOf(StripeEventJson.event("evt_3", "invoice.paid", AT,
                StripeEventJson.invoice("in_1", "sub_1", CHARGE)), Invoice.class);
        assertThat(invoice.getAmountPaid()).isEqualTo(10_000);
        assertThat(invoice.getParent().getSubscriptionDetails().getMetadata()).containsEntry("product_type",
                "template");
        assertThat(invoice.getPayments().getData().getFirst().getPayment().getPaymentIntent()).isEqualTo("pi_1");

        Dispute dispute = objectOf(StripeEventJson.event("evt_4", "charge.dispute.created", AT,
                StripeEventJson.dispute("dp_1", CHARGE, 5_000, "needs_response", AT)), Dispute.class);
        assertThat(dispute.getCharge()).isEqualTo("ch_1");
        assertThat(dispute.getAmount()).isEqualTo(5_000);
        assertThat(dispute.getStatus()).isEqualTo("needs_response");
    }
}
