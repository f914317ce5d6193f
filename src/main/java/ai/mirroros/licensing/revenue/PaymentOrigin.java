package ai.mirroros.licensing.revenue;

import ai.mirroros.licensing.money.Money;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a payment came from, kept with it for refunds, disputes, reports and the audit trail.
 *
 * @param stripeIds   the Stripe objects behind it (payment intent, charge, invoice); a refund or dispute naming any
 *                    of them finds this payment
 * @param productType the checkout's {@code product_type} metadata, when given
 * @param metadata    the checkout's metadata as Stripe delivered it
 * @param conversion  how a charge in another currency became the settled gross, when it did
 * @param feeNote     why the fee came from the schedule rather than Stripe (e.g. the balance transaction was not
 *                    reachable); empty when Stripe's fee was used or the payment was posted by hand
 */
public record PaymentOrigin(List<String> stripeIds, Optional<String> productType, Map<String, String> metadata,
                            Optional<Conversion> conversion, Optional<String> feeNote) {
    public static final PaymentOrigin MANUAL = new PaymentOrigin(List.of(), Optional.empty(), Map.of(),
            Optional.empty(), Optional.empty());

    public PaymentOrigin {
        stripeIds = List.copyOf(stripeIds);
        Objects.requireNonNull(productType, "productType");
        metadata = Map.copyOf(metadata);
        Objects.requireNonNull(conversion, "conversion");
        Objects.requireNonNull(feeNote, "feeNote");
    }

    /**
     * A charge converted to the settlement currency by Stripe, as its balance transaction recorded it.
     *
     * @param charged              what the customer was charged, in the charge currency
     * @param exchangeRate         settlement units per charge unit, as Stripe reports it
     * @param balanceTransactionId the balance transaction that carries the rate
     */
    public record Conversion(Money charged, BigDecimal exchangeRate, String balanceTransactionId) {
        public Conversion {
            Objects.requireNonNull(charged, "charged");
            Objects.requireNonNull(exchangeRate, "exchangeRate");
            Objects.requireNonNull(balanceTransactionId, "balanceTransactionId");
        }
    }
}
