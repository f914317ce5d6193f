package ai.mirroros.licensing.stripe.sandbox;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code POST /v1/payment_intents}: a checkout creating and confirming a PaymentIntent in one call
 * ({@code confirm=true}). It settles at once, exactly like {@code /_sandbox/payments}: a charge with its balance
 * transaction, Stripe's fee, and the {@code charge.succeeded} and {@code payment_intent.succeeded} events. The
 * {@code customer} is kept on the intent and the charge (it is not checked against any customer list). Stripe's
 * declining test payment methods are declined with a {@code card_error}.
 */
final class PaymentIntents {
    /** Stripe's test payment methods that decline (https://docs.stripe.com/testing#declined-payments). */
    static final Set<String> DECLINING_METHODS = Set.of("pm_card_chargeDeclined", "pm_card_visa_chargeDeclined",
            "pm_card_chargeDeclinedInsufficientFunds");

    private PaymentIntents() {
    }

    static void register(RoutesConfig routes, Gateway gateway, Payments payments) {
        routes.post("/v1/payment_intents", gateway.api(call -> create(call.params(), payments)));
    }

    static ObjectNode create(Params params, Payments payments) {
        params.allowOnly("amount", "currency", "metadata", "customer", "confirm", "payment_method",
                "payment_method_types", "description", "receipt_email", "expand");
        Expand expand = Expand.of(params, "latest_charge", "latest_charge.balance_transaction");
        long amount = params.requiredAmount("amount");
        String currency = params.requiredString("currency");
        if (!params.bool("confirm").orElse(false)) {
            throw StripeApiError.invalidParam("confirm", "parameter_invalid", "The sandbox settles payment intents "
                    + "when they are created: pass confirm=true (with a payment_method).");
        }
        List<String> types = params.strings("payment_method_types");
        if (types.stream().anyMatch(type -> !type.equals("card"))) {
            throw StripeApiError.invalidParam("payment_method_types", "parameter_invalid",
                    "The sandbox takes card payments only.");
        }
        if (params.string("payment_method").filter(DECLINING_METHODS::contains).isPresent()) {
            throw new StripeApiError(402, StripeApiError.CARD_ERROR, "card_declined", "Your card was declined.",
                    null, true);
        }
        SandboxPayment payment = new SandboxPayment(amount, currency, withoutEmpty(params.metadata()), false, false,
                params.string("customer"));
        CreatedPayment created = payments.create(payment);
        return payments.paymentIntent(created.paymentIntentId(), expand);
    }

    /** Stripe drops metadata keys set to the empty string. */
    private static Map<String, String> withoutEmpty(Map<String, String> metadata) {
        Map<String, String> kept = new LinkedHashMap<>();
        metadata.forEach((key, value) -> {
            if (!value.isEmpty()) {
                kept.put(key, value);
            }
        });
        return kept;
    }
}
