package ai.mirroros.licensing.checkout;

import ai.mirroros.licensing.money.Money;
import java.util.Objects;

/**
 * The PaymentIntent Stripe created for a checkout.
 *
 * @param status         Stripe's status: {@code succeeded} once the card was charged; the ledger books the payment
 *                       when the webhook for it arrives
 * @param idempotencyKey the key it was created with: running the checkout again with it returns the same intent
 */
public record CheckoutResult(String paymentIntentId, String status, Money amount, CheckoutQuote quote,
                             String idempotencyKey) {
    public static final String SUCCEEDED = "succeeded";

    public CheckoutResult {
        Objects.requireNonNull(paymentIntentId, "paymentIntentId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(quote, "quote");
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
    }

    public boolean succeeded() {
        return SUCCEEDED.equals(status);
    }
}
