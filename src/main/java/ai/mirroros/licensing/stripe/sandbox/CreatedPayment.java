package ai.mirroros.licensing.stripe.sandbox;

import ai.mirroros.licensing.stripe.StripeEventJson;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link StripeSandbox#createPayment} made: the charge (its balance transaction expanded, so
 * {@code charge().balanceTransaction().get().feeMinor()} is the Stripe fee in the settlement currency), and the
 * invoice and subscription ids when the payment was an invoice.
 */
public record CreatedPayment(StripeEventJson.Charge charge, Optional<String> invoiceId,
                             Optional<String> subscriptionId) {
    public CreatedPayment {
        Objects.requireNonNull(charge, "charge");
        if (charge.balanceTransaction().isEmpty()) {
            throw new IllegalArgumentException("a created payment carries its balance transaction");
        }
        Objects.requireNonNull(invoiceId, "invoiceId");
        Objects.requireNonNull(subscriptionId, "subscriptionId");
    }

    public String chargeId() {
        return charge.id();
    }

    public String paymentIntentId() {
        return charge.paymentIntentId();
    }

    public StripeEventJson.BalanceTransaction balanceTransaction() {
        return charge.balanceTransaction().orElseThrow();
    }
}
