package ai.mirroros.licensing.stripe.sandbox;

import ai.mirroros.licensing.money.Money;
import ai.mirroros.licensing.stripe.StripeEventJson;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Customer money in: payments (payment intent + charge + balance transaction, optionally a subscription invoice),
 * refunds and disputes, with the balance effects and events Stripe produces. Objects are rendered with
 * {@link StripeEventJson} so that the sandbox and the engine agree on every shape.
 */
final class Payments {
    /** Stripe's standard US card pricing: 2.9 % + 30 minor units, charged in the settlement currency. */
    static final long FEE_BASIS_POINTS = 290;
    static final long FEE_FIXED_MINOR = 30;
    /** Stripe's dispute fee (US: $15), debited when a dispute opens; the sandbox keeps it even when won. */
    static final long DISPUTE_FEE_MINOR = 1_500;
    /** Stripe's minimum charge: 50 minor units of the settlement currency after conversion. */
    static final long SETTLED_MINOR_MIN = 50;
    /** Objects of one kind the sandbox holds; past it, it asks to be restarted rather than grow without end. */
    static final int OBJECTS_MAX = 500_000;

    private record ChargeRecord(StripeEventJson.Charge charge, Optional<BigDecimal> exchangeRate,
                                Optional<String> disputeId) {
        ChargeRecord withCharge(StripeEventJson.Charge updated) {
            return new ChargeRecord(updated, exchangeRate, disputeId);
        }

        ChargeRecord withDispute(String id) {
            return new ChargeRecord(charge, exchangeRate, Optional.of(id));
        }

        String txnId() {
            return charge.balanceTransactionId().orElseThrow();
        }
    }

    /**
     * Who an invoice of a subscription the sandbox keeps ({@link Subscriptions}) bills, and why: Stripe puts the
     * customer and the subscription's metadata on the invoice, not on its charge.
     *
     * @param invoiceId     chosen by the subscription, whose events name it as {@code latest_invoice}
     * @param billingReason Stripe's {@code billing_reason}: {@code subscription_create}, {@code subscription_cycle}
     */
    record InvoiceBilling(String invoiceId, String subscriptionId, String customerId,
                          Map<String, String> subscriptionMetadata, String billingReason) {
        InvoiceBilling {
            subscriptionMetadata = Map.copyOf(subscriptionMetadata);
        }
    }

    /** @param billing empty for the invoices of {@code /_sandbox/payments}, whose charge carries the metadata */
    private record InvoiceRecord(String id, String subscriptionId, String chargeId, Optional<InvoiceBilling> billing) {
    }

    private record RefundRecord(String id, String chargeId, long amountMinor, String txnId,
                                Map<String, String> metadata, Instant created) {
    }

    private record DisputeRecord(String id, String chargeId, long amountMinor, String status, Instant created,
                                 List<String> txnIds) {
        DisputeRecord closed(String newStatus, List<String> allTxnIds) {
            return new DisputeRecord(id, chargeId, amountMinor, newStatus, created, List.copyOf(allTxnIds));
        }
    }

    private final SandboxState state;
    private final Map<String, ChargeRecord> charges = new HashMap<>();
    private final Map<String, String> chargeByIntent = new HashMap<>();
    private final Map<String, InvoiceRecord> invoices = new HashMap<>();
    private final Map<String, RefundRecord> refunds = new HashMap<>();
    private final Map<String, DisputeRecord> disputes = new HashMap<>();
    /** The paying customer of each charge that had one, shown as {@code customer} on the charge and its intent. */
    private final Map<String, String> customerByCharge = new HashMap<>();
    /** The card's billing address of each charge that had one, shown as {@code billing_details.address}. */
    private final Map<String, SandboxPayment.BillingAddress> billingAddressByCharge = new HashMap<>();

    Payments(SandboxState state) {
        this.state = state;
    }

    /** The Stripe fee on {@code settledMinor} of the settlement currency: 2.9 % HALF_UP + 30. */
    static long feeMinor(long settledMinor, String settlementCurrency) {
        return Money.ofMinor(settledMinor, settlementCurrency).percentOf(FEE_BASIS_POINTS).amountMinor()
                + FEE_FIXED_MINOR;
    }

    CreatedPayment create(SandboxPayment payment) {
        return create(payment, Optional.empty());
    }

    /**
     * A subscription's invoice, paid at once from the customer's card: a payment whose charge carries no metadata
     * (as at Stripe), and the invoice naming the subscription, its customer and its metadata.
     */
    CreatedPayment payInvoice(long amountMinor, String currency, InvoiceBilling billing) {
        return create(new SandboxPayment(amountMinor, currency, Map.of(), true, false), Optional.of(billing));
    }

    private CreatedPayment create(SandboxPayment payment, Optional<InvoiceBilling> billing) {
        String currency = state.rates.require(payment.currency(), "currency");
        String settlement = state.settlementCurrency();
        Optional<BigDecimal> rate = state.rates.rate(currency, settlement);
        long settled = ExchangeRates.convert(payment.amountMinor(), rate, currency, settlement);
        if (settled < SETTLED_MINOR_MIN) {
            throw StripeApiError.invalidParam("amountMinor", "amount_too_small", "Amount must convert to at least "
                    + SETTLED_MINOR_MIN + " " + settlement + " minor units.");
        }
        long fee = feeMinor(settled, settlement);
        synchronized (state) {
            requireRoom(charges.size(), "charges");
            state.requireTxnRoom();
            String chargeId = state.ids.next("ch");
            Txn txn = state.post(Balances.PLATFORM, "charge", "charge", settled, fee, settlement, rate, chargeId,
                    payment.pending());
            StripeEventJson.Charge charge = new StripeEventJson.Charge(chargeId, state.ids.next("pi"),
                    payment.amountMinor(), currency, 0, payment.metadata(), txn.bt().created(),
                    Optional.of(txn.id()), Optional.empty());
            ChargeRecord record = new ChargeRecord(charge, rate, Optional.empty());
            charges.put(chargeId, record);
            chargeByIntent.put(charge.paymentIntentId(), chargeId);
            payment.customer().ifPresent(customer -> customerByCharge.put(chargeId, customer));
            payment.billingAddress().ifPresent(address -> billingAddressByCharge.put(chargeId, address));
            // Stripe's order: the charge succeeds, then the intent; an invoice is paid by the intent.
            state.emit("charge.succeeded", chargeJson(record, false), Optional.empty());
            state.emit("payment_intent.succeeded", intentJson(record), Optional.empty());
            Optional<InvoiceRecord> invoice = Optional.empty();
            if (payment.invoice()) {
                String subscriptionId = billing.map(InvoiceBilling::subscriptionId)
                        .orElseGet(() -> state.ids.next("sub"));
                String invoiceId = billing.map(InvoiceBilling::invoiceId).orElseGet(() -> state.ids.next("in"));
                invoice = Optional.of(new InvoiceRecord(invoiceId, subscriptionId, chargeId, billing));
                invoices.put(invoice.get().id(), invoice.get());
                ObjectNode json = invoiceJson(invoice.get().id());
                state.emit("invoice.paid", json, Optional.empty());
                state.emit("invoice.payment_succeeded", json.deepCopy(), Optional.empty());
            }
            StripeEventJson.Charge expanded = new StripeEventJson.Charge(chargeId, charge.paymentIntentId(),
                    charge.amountMinor(), currency, 0, charge.metadata(), charge.created(), Optional.of(txn.id()),
                    Optional.of(txn.bt()));
            return new CreatedPayment(expanded, invoice.map(InvoiceRecord::id),
                    invoice.map(InvoiceRecord::subscriptionId));
        }
    }

    /** The control API's answer for a created payment: every object it made, the charge's BT expanded. */
    ObjectNode createdJson(CreatedPayment created) {
        synchronized (state) {
            ChargeRecord record = charges.get(created.chargeId());
            ObjectNode node = JsonNodeFactory.instance.objectNode();
            node.set("payment_intent", intentJson(record));
            node.set("charge", chargeJson(record, true));
            node.set("balance_transaction", state.txn(record.txnId()).map(Txn::toJson).orElseThrow());
            if (created.invoiceId().isPresent()) {
                node.set("invoice", invoiceJson(created.invoiceId().get()));
            } else {
                node.putNull("invoice");
            }
            return node;
        }
    }

    /**
     * Refunds {@code amount} (default: what is left) of a charge, named directly or by its payment intent. Each
     * refund's settlement amount is the difference of the converted cumulative refunds, so a charge refunded in
     * parts gives back exactly what it brought in, to the cent.
     */
    ObjectNode refund(Optional<String> chargeId, Optional<String> intentId, OptionalLong amount,
                      Map<String, String> metadata) {
        synchronized (state) {
            requireRoom(refunds.size(), "refunds");
            state.requireTxnRoom();
            ChargeRecord record = chargeFor(chargeId, intentId);
            StripeEventJson.Charge charge = record.charge();
            if (record.disputeId().isPresent()) {
                throw StripeApiError.refused("charge_disputed", "charge", "Charge " + charge.id()
                        + " has been charged back; cannot issue a refund.");
            }
            long refunded = charge.amountRefundedMinor();
            long remaining = charge.amountMinor() - refunded;
            if (remaining == 0) {
                throw StripeApiError.refused("charge_already_refunded", "charge", "Charge " + charge.id()
                        + " has already been refunded.");
            }
            long refundMinor = amount.orElse(remaining);
            if (refundMinor > remaining) {
                throw StripeApiError.refused("amount_too_large", "amount", "Refund amount (" + refundMinor
                        + ") is greater than unrefunded amount on charge (" + remaining + ").");
            }
            String settlement = state.settlementCurrency();
            long settledDelta = settled(record, refunded + refundMinor) - settled(record, refunded);
            String refundId = state.ids.next("re");
            Txn txn = state.post(Balances.PLATFORM, "refund", "refund", -settledDelta, 0, settlement,
                    record.exchangeRate(), refundId, false);
            ChargeRecord updated = record.withCharge(charge.withAmountRefunded(refunded + refundMinor));
            charges.put(charge.id(), updated);
            RefundRecord refund = new RefundRecord(refundId, charge.id(), refundMinor, txn.id(), metadata,
                    txn.bt().created());
            refunds.put(refundId, refund);
            state.emit("charge.refunded", chargeJson(updated, false), Optional.empty());
            state.emit("refund.created", refundJson(refund, false), Optional.empty());
            return refundJson(refund, false);
        }
    }

    /** Opens a dispute (status {@code needs_response}); the amount and Stripe's dispute fee leave the balance. */
    ObjectNode openDispute(String chargeId, OptionalLong amount) {
        synchronized (state) {
            requireRoom(disputes.size(), "disputes");
            state.requireTxnRoom();
            ChargeRecord record = chargeFor(Optional.of(chargeId), Optional.empty());
            StripeEventJson.Charge charge = record.charge();
            if (record.disputeId().isPresent()) {
                throw StripeApiError.refused("charge_disputed", "charge", "Charge " + chargeId
                        + " already has a dispute: " + record.disputeId().get());
            }
            long disputable = charge.amountMinor() - charge.amountRefundedMinor();
            long disputeMinor = amount.orElse(disputable);
            if (disputeMinor > disputable) {
                throw StripeApiError.invalidParam("amountMinor", "amount_too_large", "A dispute cannot exceed the "
                        + "unrefunded amount of the charge (" + disputable + ").");
            }
            String disputeId = state.ids.next("dp");
            Txn txn = state.post(Balances.PLATFORM, "adjustment", "dispute", -settled(record, disputeMinor),
                    DISPUTE_FEE_MINOR, state.settlementCurrency(), record.exchangeRate(), disputeId, false);
            DisputeRecord dispute = new DisputeRecord(disputeId, chargeId, disputeMinor, "needs_response",
                    txn.bt().created(), List.of(txn.id()));
            disputes.put(disputeId, dispute);
            charges.put(chargeId, record.withDispute(disputeId));
            state.emit("charge.dispute.created", disputeJson(dispute), Optional.empty());
            state.emit("charge.dispute.funds_withdrawn", disputeJson(dispute), Optional.empty());
            return disputeJson(dispute);
        }
    }

    /** Closes a dispute as {@code won} (the disputed amount comes back) or {@code lost}. */
    ObjectNode closeDispute(String disputeId, String outcome) {
        if (!outcome.equals("won") && !outcome.equals("lost")) {
            throw StripeApiError.invalidParam("status", "parameter_invalid", "status must be won or lost, got '"
                    + outcome + "'.");
        }
        synchronized (state) {
            state.requireTxnRoom();
            DisputeRecord dispute = disputes.get(disputeId);
            if (dispute == null) {
                throw StripeApiError.notFound("dispute", disputeId);
            }
            if (!dispute.status().equals("needs_response")) {
                throw StripeApiError.refused(null, "dispute", "Dispute " + disputeId + " is already closed ("
                        + dispute.status() + ").");
            }
            ChargeRecord record = charges.get(dispute.chargeId());
            List<String> txnIds = new ArrayList<>(dispute.txnIds());
            if (outcome.equals("won")) {
                Txn txn = state.post(Balances.PLATFORM, "adjustment", "dispute_reversal",
                        settled(record, dispute.amountMinor()), 0, state.settlementCurrency(),
                        record.exchangeRate(), disputeId, false);
                txnIds.add(txn.id());
            }
            DisputeRecord closed = dispute.closed(outcome, txnIds);
            disputes.put(disputeId, closed);
            if (outcome.equals("won")) {
                state.emit("charge.dispute.funds_reinstated", disputeJson(closed), Optional.empty());
            }
            state.emit("charge.dispute.closed", disputeJson(closed), Optional.empty());
            return disputeJson(closed);
        }
    }

    ObjectNode charge(String id, Expand expand) {
        synchronized (state) {
            ChargeRecord record = charges.get(id);
            if (record == null) {
                throw StripeApiError.notFound("charge", id);
            }
            return chargeJson(record, expand.has("balance_transaction"));
        }
    }

    ObjectNode paymentIntent(String id, Expand expand) {
        synchronized (state) {
            String chargeId = chargeByIntent.get(id);
            if (chargeId == null) {
                throw StripeApiError.notFound("payment_intent", id);
            }
            ChargeRecord record = charges.get(chargeId);
            ObjectNode node = intentJson(record);
            boolean expandTxn = expand.has("latest_charge.balance_transaction");
            if (expandTxn || expand.has("latest_charge")) {
                node.set("latest_charge", chargeJson(record, expandTxn));
            }
            return node;
        }
    }

    ObjectNode invoice(String id) {
        synchronized (state) {
            if (!invoices.containsKey(id)) {
                throw StripeApiError.notFound("invoice", id);
            }
            return invoiceJson(id);
        }
    }

    ObjectNode refund(String id, Expand expand) {
        synchronized (state) {
            RefundRecord refund = refunds.get(id);
            if (refund == null) {
                throw StripeApiError.notFound("refund", id);
            }
            return refundJson(refund, expand.has("balance_transaction"));
        }
    }

    ObjectNode dispute(String id) {
        synchronized (state) {
            DisputeRecord dispute = disputes.get(id);
            if (dispute == null) {
                throw StripeApiError.notFound("dispute", id);
            }
            return disputeJson(dispute);
        }
    }

    private ChargeRecord chargeFor(Optional<String> chargeId, Optional<String> intentId) {
        if (chargeId.isPresent()) {
            ChargeRecord record = charges.get(chargeId.get());
            if (record == null) {
                throw StripeApiError.noSuchParamObject("charge", "charge", chargeId.get());
            }
            return record;
        }
        if (intentId.isPresent()) {
            String id = chargeByIntent.get(intentId.get());
            if (id == null) {
                throw StripeApiError.noSuchParamObject("payment_intent", "payment_intent", intentId.get());
            }
            return charges.get(id);
        }
        throw StripeApiError.invalidParam("charge", "parameter_missing",
                "One of the following params should be provided for this request: payment_intent or charge.");
    }

    /** {@code amountMinor} of the charge's currency in the settlement currency, at the charge's own rate. */
    private long settled(ChargeRecord record, long amountMinor) {
        return ExchangeRates.convert(amountMinor, record.exchangeRate(), record.charge().currency(),
                state.settlementCurrency());
    }

    private ObjectNode chargeJson(ChargeRecord record, boolean expandTxn) {
        ObjectNode node = record.charge().toJson();
        putCustomer(node, record);
        SandboxPayment.BillingAddress address = billingAddressByCharge.get(record.charge().id());
        if (address != null) {
            ObjectNode details = node.putObject("billing_details");
            ObjectNode json = details.putObject("address");
            json.put("country", address.country());
            json.put("state", address.state().orElse(null));
            details.putNull("email");
            details.putNull("name");
        }
        node.put("disputed", record.disputeId().isPresent());
        if (expandTxn) {
            state.txn(record.txnId()).ifPresent(txn -> node.set("balance_transaction", txn.toJson()));
        }
        return node;
    }

    private ObjectNode intentJson(ChargeRecord record) {
        ObjectNode node = StripeEventJson.paymentIntent(record.charge(), false);
        putCustomer(node, record);
        return node;
    }

    private void putCustomer(ObjectNode node, ChargeRecord record) {
        String customer = customerByCharge.get(record.charge().id());
        if (customer == null) {
            node.putNull("customer");
        } else {
            node.put("customer", customer);
        }
    }

    private ObjectNode invoiceJson(String id) {
        InvoiceRecord invoice = invoices.get(id);
        StripeEventJson.Charge charge = charges.get(invoice.chargeId()).charge();
        if (invoice.billing().isEmpty()) {
            return StripeEventJson.invoice(invoice.id(), invoice.subscriptionId(), charge);
        }
        InvoiceBilling billing = invoice.billing().get();
        ObjectNode node = StripeEventJson.invoice(invoice.id(), invoice.subscriptionId(),
                Optional.of(billing.customerId()), billing.subscriptionMetadata(), charge);
        node.put("billing_reason", billing.billingReason());
        return node;
    }

    private ObjectNode refundJson(RefundRecord refund, boolean expandTxn) {
        ObjectNode node = StripeEventJson.refund(refund.id(), charges.get(refund.chargeId()).charge(),
                refund.amountMinor(), refund.txnId(), refund.metadata(), refund.created());
        if (expandTxn) {
            state.txn(refund.txnId()).ifPresent(txn -> node.set("balance_transaction", txn.toJson()));
        }
        return node;
    }

    private ObjectNode disputeJson(DisputeRecord dispute) {
        ObjectNode node = StripeEventJson.dispute(dispute.id(), charges.get(dispute.chargeId()).charge(),
                dispute.amountMinor(), dispute.status(), dispute.created());
        ArrayNode txns = node.putArray("balance_transactions");
        dispute.txnIds().forEach(id -> state.txn(id).ifPresent(txn -> txns.add(txn.toJson())));
        node.put("is_charge_refundable", false);
        return node;
    }

    static void requireRoom(int size, String noun) {
        if (size >= OBJECTS_MAX) {
            throw new StripeApiError(503, StripeApiError.API_ERROR, null, "The sandbox holds " + OBJECTS_MAX + " "
                    + noun + ", its limit; restart it.", null, false);
        }
    }
}
