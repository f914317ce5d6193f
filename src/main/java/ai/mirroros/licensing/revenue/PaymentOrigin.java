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
 * @param customerId  the Stripe customer who paid, when the checkout had one
 * @param cardFingerprint the charge's {@code payment_method_details.card.fingerprint}, when Stripe sent it: the same
 *                    card gives the same fingerprint across customers (risk velocity, docs/RISK.md)
 */
public record PaymentOrigin(List<String> stripeIds, Optional<String> productType, Map<String, String> metadata,
                            Optional<Conversion> conversion, Optional<String> feeNote, Optional<String> customerId,
                            Optional<String> cardFingerprint) {
    // The checkout's metadata keys (the integration contract, docs/STRIPE_INTEGRATION.md).
    public static final String VAULT_ID = "vault_id";
    public static final String PRODUCT_TYPE = "product_type";
    public static final String TEMPLATE_ID = "template_id";
    public static final String HOSTED_PLATFORM_ID = "hosted_platform_id";
    public static final String AGENT_LOOP_ID = "agent_loop_id";
    public static final String REFERRAL_CODE = "referral_code";
    public static final String CUSTOMER_COUNTRY = "customer_country";
    /** The buyer's IP address as the checkout saw it; the risk velocity rules count payments per IP. */
    public static final String CUSTOMER_IP = "customer_ip";

    public static final PaymentOrigin MANUAL = new PaymentOrigin(List.of(), Optional.empty(), Map.of(),
            Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());

    public PaymentOrigin {
        stripeIds = List.copyOf(stripeIds);
        Objects.requireNonNull(productType, "productType");
        metadata = Map.copyOf(metadata);
        Objects.requireNonNull(conversion, "conversion");
        Objects.requireNonNull(feeNote, "feeNote");
        Objects.requireNonNull(customerId, "customerId");
        Objects.requireNonNull(cardFingerprint, "cardFingerprint");
    }

    /** An origin without a known card fingerprint. */
    public PaymentOrigin(List<String> stripeIds, Optional<String> productType, Map<String, String> metadata,
                         Optional<Conversion> conversion, Optional<String> feeNote, Optional<String> customerId) {
        this(stripeIds, productType, metadata, conversion, feeNote, customerId, Optional.empty());
    }

    /** An origin without a known customer. */
    public PaymentOrigin(List<String> stripeIds, Optional<String> productType, Map<String, String> metadata,
                         Optional<Conversion> conversion, Optional<String> feeNote) {
        this(stripeIds, productType, metadata, conversion, feeNote, Optional.empty(), Optional.empty());
    }

    /** The value of a checkout metadata key, when present and not blank. */
    public Optional<String> metadataValue(String key) {
        return Optional.ofNullable(metadata.get(key)).map(String::strip).filter(v -> !v.isEmpty());
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
