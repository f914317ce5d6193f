package ai.mirroros.licensing.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import ai.mirroros.licensing.stripe.StripeEventJson;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What the decoder makes of a subscription's events: the invoice's fee comes through its payment intent; the end. */
class SubscriptionEventDecodingTest {
    private static final Instant AT = Instant.parse("2026-04-02T10:00:00Z");
    private static final Map<String, String> SUBSCRIPTION_META = Map.of("vault_id", "enterprise-vault.sig",
            "product_type", "hosted_platform", "hosted_platform_id", "hp_abc");

    @Test
    void aSubscriptionInvoiceIsPaidForItsPlatformAndItsFeeIsLookedUpThroughThePaymentIntent() {
        StripeEventJson.Charge bare = new StripeEventJson.Charge("ch_1", "pi_1", 250_000, "usd", 0, Map.of(), AT,
                Optional.of("txn_1"), Optional.empty());
        String event = StripeEventJson.event("evt_1", "invoice.paid", AT, StripeEventJson.invoice("in_1", "sub_1",
                Optional.of("cus_1"), SUBSCRIPTION_META, bare));

        EventAction.Pay pay = (EventAction.Pay) StripeEventDecoder.decode(event);

        assertThat(pay.problem()).isEmpty();
        assertThat(pay.paymentKey()).isEqualTo("pi_1");
        assertThat(pay.metadata()).containsEntry("hosted_platform_id", "hp_abc");
        assertThat(pay.customerId()).contains("cus_1");
        assertThat(pay.chargeId()).isEmpty();
        assertThat(pay.paymentIntentId()).contains("pi_1");
        assertThat(pay.needsLookup()).isTrue();
    }

    @Test
    void aDeletedSubscriptionEndsWithItsPlatformIdWhenItHasOne() {
        ObjectNode subscription = JsonNodeFactory.instance.objectNode().put("id", "sub_1").put("object",
                "subscription").put("status", "canceled");
        subscription.putObject("metadata").put("hosted_platform_id", "hp_abc");
        ObjectNode foreign = JsonNodeFactory.instance.objectNode().put("id", "sub_2").put("object", "subscription");
        foreign.putObject("metadata");

        assertThat(StripeEventDecoder.decode(StripeEventJson.event("evt_2", "customer.subscription.deleted", AT,
                subscription))).isEqualTo(new EventAction.SubscriptionEnded("sub_1", Optional.of("hp_abc"), AT));
        assertThat(StripeEventDecoder.decode(StripeEventJson.event("evt_3", "customer.subscription.deleted", AT,
                foreign))).isEqualTo(new EventAction.SubscriptionEnded("sub_2", Optional.empty(), AT));
    }
}
