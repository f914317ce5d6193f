package ai.mirroros.licensing.stripe;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Builds Stripe-shaped JSON (API version {@link #API_VERSION}) for the objects and events the engine consumes:
 * what the Stripe sandbox sends, what the load generator replays, what tests post. Only the fields the engine and
 * stripe-java read are filled in; the shapes follow Stripe's API reference.
 */
public final class StripeEventJson {
    /** The API version stripe-java 33 is pinned to; events must carry it for typed deserialisation. */
    public static final String API_VERSION = "2026-07-29.dahlia";
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectMapper JSON = new ObjectMapper();

    private StripeEventJson() {
    }

    /**
     * A balance transaction: what the charge added to the platform's Stripe balance, in the settlement currency.
     *
     * @param exchangeRate settlement units per charge unit, present when the charge was in another currency
     */
    public record BalanceTransaction(String id, long amountMinor, long feeMinor, String currency,
                                     Optional<BigDecimal> exchangeRate, Instant created, String sourceId) {
        public BalanceTransaction {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(currency, "currency");
            Objects.requireNonNull(exchangeRate, "exchangeRate");
            Objects.requireNonNull(created, "created");
            Objects.requireNonNull(sourceId, "sourceId");
        }

        public ObjectNode toJson() {
            ObjectNode node = NODES.objectNode();
            node.put("id", id);
            node.put("object", "balance_transaction");
            node.put("amount", amountMinor);
            node.put("available_on", created.getEpochSecond());
            node.put("created", created.getEpochSecond());
            node.put("currency", currency.toLowerCase(Locale.ROOT));
            if (exchangeRate.isPresent()) {
                node.put("exchange_rate", exchangeRate.get());
            } else {
                node.putNull("exchange_rate");
            }
            node.put("fee", feeMinor);
            ArrayNode details = node.putArray("fee_details");
            if (feeMinor != 0) {
                ObjectNode detail = details.addObject();
                detail.put("amount", feeMinor);
                detail.put("currency", currency.toLowerCase(Locale.ROOT));
                detail.put("description", "Stripe processing fees");
                detail.put("type", "stripe_fee");
            }
            node.put("net", amountMinor - feeMinor);
            node.put("reporting_category", "charge");
            node.put("source", sourceId);
            node.put("status", "available");
            node.put("type", "charge");
            return node;
        }
    }

    /**
     * A charge. {@code balanceTransaction} is expanded into the payload when given as an object, otherwise only
     * {@code balanceTransactionId} is sent (what real webhooks do).
     */
    public record Charge(String id, String paymentIntentId, long amountMinor, String currency,
                         long amountRefundedMinor, Map<String, String> metadata, Instant created,
                         Optional<String> balanceTransactionId, Optional<BalanceTransaction> balanceTransaction) {
        public Charge {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(currency, "currency");
            metadata = Map.copyOf(metadata);
            Objects.requireNonNull(created, "created");
            Objects.requireNonNull(balanceTransactionId, "balanceTransactionId");
            Objects.requireNonNull(balanceTransaction, "balanceTransaction");
        }

        public Charge withAmountRefunded(long refundedMinor) {
            return new Charge(id, paymentIntentId, amountMinor, currency, refundedMinor, metadata, created,
                    balanceTransactionId, balanceTransaction);
        }

        public ObjectNode toJson() {
            ObjectNode node = NODES.objectNode();
            node.put("id", id);
            node.put("object", "charge");
            node.put("amount", amountMinor);
            node.put("amount_captured", amountMinor);
            node.put("amount_refunded", amountRefundedMinor);
            if (balanceTransaction.isPresent()) {
                node.set("balance_transaction", balanceTransaction.get().toJson());
            } else if (balanceTransactionId.isPresent()) {
                node.put("balance_transaction", balanceTransactionId.get());
            } else {
                node.putNull("balance_transaction");
            }
            node.put("captured", true);
            node.put("created", created.getEpochSecond());
            node.put("currency", currency.toLowerCase(Locale.ROOT));
            node.put("disputed", false);
            node.put("livemode", false);
            putMetadata(node, metadata);
            node.put("paid", true);
            if (paymentIntentId == null) {
                node.putNull("payment_intent");
            } else {
                node.put("payment_intent", paymentIntentId);
            }
            node.put("refunded", amountRefundedMinor >= amountMinor);
            node.put("status", "succeeded");
            return node;
        }
    }

    /** A succeeded payment intent whose latest charge is {@code charge} (sent as its id, or expanded). */
    public static ObjectNode paymentIntent(Charge charge, boolean expandCharge) {
        ObjectNode node = NODES.objectNode();
        node.put("id", Objects.requireNonNull(charge.paymentIntentId(), "charge has no payment intent"));
        node.put("object", "payment_intent");
        node.put("amount", charge.amountMinor());
        node.put("amount_received", charge.amountMinor());
        node.put("created", charge.created().getEpochSecond());
        node.put("currency", charge.currency().toLowerCase(Locale.ROOT));
        if (expandCharge) {
            node.set("latest_charge", charge.toJson());
        } else {
            node.put("latest_charge", charge.id());
        }
        node.put("livemode", false);
        putMetadata(node, charge.metadata());
        node.put("status", "succeeded");
        return node;
    }

    /**
     * A paid subscription invoice. The checkout's metadata sits on the subscription (Stripe copies it into
     * {@code parent.subscription_details.metadata}); the payment is listed under {@code payments}.
     */
    public static ObjectNode invoice(String invoiceId, String subscriptionId, Charge charge) {
        return invoice(invoiceId, subscriptionId, Optional.empty(), charge.metadata(), charge);
    }

    /**
     * A paid invoice of a real subscription: the customer billed and the subscription's own metadata, which Stripe
     * does not copy onto the invoice's charge (a subscription charge carries no metadata).
     */
    public static ObjectNode invoice(String invoiceId, String subscriptionId, Optional<String> customerId,
                                     Map<String, String> subscriptionMetadata, Charge charge) {
        ObjectNode node = NODES.objectNode();
        node.put("id", invoiceId);
        node.put("object", "invoice");
        node.put("amount_due", charge.amountMinor());
        node.put("amount_paid", charge.amountMinor());
        node.put("amount_remaining", 0);
        node.put("created", charge.created().getEpochSecond());
        node.put("currency", charge.currency().toLowerCase(Locale.ROOT));
        if (customerId.isPresent()) {
            node.put("customer", customerId.get());
        } else {
            node.putNull("customer");
        }
        node.put("livemode", false);
        putMetadata(node, Map.of());
        ObjectNode parent = node.putObject("parent");
        parent.put("type", "subscription_details");
        ObjectNode details = parent.putObject("subscription_details");
        putMetadata(details, subscriptionMetadata);
        details.put("subscription", subscriptionId);
        ObjectNode payments = node.putObject("payments");
        payments.put("object", "list");
        ObjectNode payment = payments.putArray("data").addObject();
        payment.put("id", "inpay_" + invoiceId.substring(invoiceId.indexOf('_') + 1));
        payment.put("object", "invoice_payment");
        payment.put("amount_paid", charge.amountMinor());
        payment.put("currency", charge.currency().toLowerCase(Locale.ROOT));
        payment.put("invoice", invoiceId);
        payment.put("is_default", true);
        ObjectNode inner = payment.putObject("payment");
        inner.put("type", charge.paymentIntentId() == null ? "charge" : "payment_intent");
        if (charge.paymentIntentId() == null) {
            inner.put("charge", charge.id());
        } else {
            inner.put("payment_intent", charge.paymentIntentId());
        }
        payment.put("status", "paid");
        payments.put("has_more", false);
        payments.put("url", "/v1/invoice_payments?invoice=" + invoiceId);
        node.put("status", "paid");
        return node;
    }

    /** A dispute on {@code charge}; {@code status} is {@code needs_response} when opened, {@code won} or {@code lost}. */
    public static ObjectNode dispute(String disputeId, Charge charge, long amountMinor, String status,
                                     Instant created) {
        ObjectNode node = NODES.objectNode();
        node.put("id", disputeId);
        node.put("object", "dispute");
        node.put("amount", amountMinor);
        node.putArray("balance_transactions");
        node.put("charge", charge.id());
        node.put("created", created.getEpochSecond());
        node.put("currency", charge.currency().toLowerCase(Locale.ROOT));
        node.put("livemode", false);
        putMetadata(node, Map.of());
        if (charge.paymentIntentId() == null) {
            node.putNull("payment_intent");
        } else {
            node.put("payment_intent", charge.paymentIntentId());
        }
        node.put("reason", "fraudulent");
        node.put("status", status);
        return node;
    }

    /**
     * A succeeded refund of {@code amountMinor} (in the charge's currency) of {@code charge}; its balance
     * transaction is sent as an id, as in {@code refund.created} events.
     */
    public static ObjectNode refund(String refundId, Charge charge, long amountMinor, String balanceTransactionId,
                                    Map<String, String> metadata, Instant created) {
        ObjectNode node = NODES.objectNode();
        node.put("id", refundId);
        node.put("object", "refund");
        node.put("amount", amountMinor);
        node.put("balance_transaction", balanceTransactionId);
        node.put("charge", charge.id());
        node.put("created", created.getEpochSecond());
        node.put("currency", charge.currency().toLowerCase(Locale.ROOT));
        putMetadata(node, metadata);
        if (charge.paymentIntentId() == null) {
            node.putNull("payment_intent");
        } else {
            node.put("payment_intent", charge.paymentIntentId());
        }
        node.putNull("reason");
        node.put("status", "succeeded");
        return node;
    }

    /** The event envelope Stripe POSTs: {@code {"id": "evt_…", "type": …, "data": {"object": …}}}. */
    public static String event(String eventId, String type, Instant created, ObjectNode object) {
        ObjectNode node = NODES.objectNode();
        node.put("id", eventId);
        node.put("object", "event");
        node.put("api_version", API_VERSION);
        node.put("created", created.getEpochSecond());
        node.putObject("data").set("object", object);
        node.put("livemode", false);
        node.put("pending_webhooks", 1);
        ObjectNode request = node.putObject("request");
        request.putNull("id");
        request.putNull("idempotency_key");
        node.put("type", type);
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }

    private static void putMetadata(ObjectNode node, Map<String, String> metadata) {
        ObjectNode meta = node.putObject("metadata");
        metadata.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(entry -> meta.put(entry.getKey(), entry.getValue()));
    }
}
