package ai.mirroros.licensing.checkout;

import ai.mirroros.licensing.money.Money;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a checkout will charge, before anything is sent to Stripe.
 *
 * @param metadata    the PaymentIntent's metadata: the integration contract the webhook ingestion reads
 * @param description the PaymentIntent's description, shown to the customer on receipts
 * @param priceSource where the amount came from, in words (the template's price, the vault's fee or the platform's)
 */
public record CheckoutQuote(String vaultId, Money amount, String productType, Map<String, String> metadata,
                            Optional<String> customerId, String description, String priceSource) {
    public CheckoutQuote {
        Objects.requireNonNull(vaultId, "vaultId");
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(productType, "productType");
        metadata = Map.copyOf(metadata);
        Objects.requireNonNull(customerId, "customerId");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(priceSource, "priceSource");
        if (!amount.isPositive()) {
            throw new IllegalArgumentException("a checkout charges more than zero: " + amount);
        }
    }
}
