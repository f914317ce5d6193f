package ai.mirroros.licensing.tax;

import ai.mirroros.licensing.money.Money;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A posted payment as VAT/GST sees it: what it was for, what the customer paid (tax included), when, and where the
 * customer is.
 *
 * @param sourceId    the payment's source id (the payment row's key)
 * @param productType the checkout's {@code product_type}, when given
 */
public record TaxableSale(String sourceId, Optional<String> productType, Money gross, Instant occurredAt,
                          CustomerLocation location) {
    public TaxableSale {
        Objects.requireNonNull(sourceId, "sourceId");
        Objects.requireNonNull(productType, "productType");
        Objects.requireNonNull(gross, "gross");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(location, "location");
    }
}
