package ai.mirroros.licensing.ingest;

import ai.mirroros.licensing.LicensingException;
import ai.mirroros.licensing.money.CurrencyUnit;
import ai.mirroros.licensing.money.Money;
import ai.mirroros.licensing.revenue.PaymentAdjustments;
import ai.mirroros.licensing.revenue.PaymentOrigin;
import ai.mirroros.licensing.stripe.SettledCharge;
import ai.mirroros.licensing.payout.ConnectEvent;
import com.stripe.model.Account;
import com.stripe.model.Charge;
import com.stripe.model.Transfer;
import com.stripe.model.Dispute;
import com.stripe.model.Event;
import com.stripe.model.Invoice;
import com.stripe.model.InvoicePayment;
import com.stripe.model.PaymentIntent;
import com.stripe.model.StripeObject;
import com.stripe.net.ApiResource;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a Stripe event with stripe-java's typed objects and decides what it asks of the engine. Pure: no database,
 * no network. The metadata contract the platform's checkout fulfils is documented in docs/STRIPE_INTEGRATION.md.
 */
public final class StripeEventDecoder {
    public static final String VAULT_ID = PaymentOrigin.VAULT_ID;
    public static final String PRODUCT_TYPE = PaymentOrigin.PRODUCT_TYPE;
    /** The products a payment can be for; anything else is a checkout bug worth looking at, so it is parked. */
    public static final Set<String> PRODUCT_TYPES = Set.of("template", "hosted_platform", "agent_export",
            "loop_export", "platform_fork");

    private StripeEventDecoder() {
    }

    public static EventAction decode(String payload) {
        Event event;
        StripeObject object;
        try {
            event = ApiResource.GSON.fromJson(payload, Event.class);
            if (event == null || event.getType() == null || event.getDataObjectDeserializer() == null) {
                return new EventAction.Park("not a Stripe event: no type or data.object");
            }
            object = event.getDataObjectDeserializer().deserializeUnsafe();
        } catch (RuntimeException | com.stripe.exception.EventDataObjectDeserializationException e) {
            // Gson reports malformed JSON and wrong shapes as unchecked exceptions.
            return new EventAction.Park("cannot read the event's data.object: " + e.getMessage());
        }
        Instant at = Instant.ofEpochSecond(event.getCreated() == null ? 0 : event.getCreated());
        try {
            return switch (event.getType()) {
                case "payment_intent.succeeded" -> paymentIntent((PaymentIntent) object, at);
                case "charge.succeeded" -> charge((Charge) object, at);
                case "invoice.paid" -> invoice((Invoice) object, at);
                case "charge.refunded" -> refund((Charge) object, at);
                case "charge.dispute.created" -> disputeOpened((Dispute) object, at);
                case "charge.dispute.closed" -> disputeClosed((Dispute) object, at);
                case "account.updated" -> accountUpdated((Account) object, at);
                case "transfer.reversed" -> transferReversed((Transfer) object, at);
                case "payout.failed" -> payoutFailed(event.getAccount(), (com.stripe.model.Payout) object, at);
                case "customer.subscription.deleted" -> subscriptionEnded((com.stripe.model.Subscription) object, at);
                default -> new EventAction.Ignore("event type " + event.getType() + " is not used by the engine");
            };
        } catch (ClassCastException e) {
            return new EventAction.Park("event " + event.getType() + " carries a " + object.getClass().getSimpleName()
                    + ", not the object Stripe sends with it");
        } catch (LicensingException | NullPointerException e) {
            return new EventAction.Park("event " + event.getType() + " is missing data the engine needs: "
                    + e.getMessage());
        }
    }

    private static EventAction accountUpdated(Account account, Instant at) {
        Account.Requirements requirements = account.getRequirements();
        List<String> due = requirements == null || requirements.getCurrentlyDue() == null ? List.of()
                : requirements.getCurrentlyDue();
        Optional<String> disabled = requirements == null ? Optional.empty()
                : nonBlank(requirements.getDisabledReason());
        return new EventAction.Connect(new ConnectEvent.AccountUpdated(account.getId(), due, disabled,
                Boolean.TRUE.equals(account.getPayoutsEnabled()), at));
    }

    private static EventAction transferReversed(Transfer transfer, Instant at) {
        Optional<String> payoutId = nonBlank(transfer.getTransferGroup())
                .or(() -> Optional.ofNullable(transfer.getMetadata()).flatMap(m -> nonBlank(m.get("payout_id"))));
        return new EventAction.Connect(new ConnectEvent.TransferReversed(transfer.getId(), payoutId,
                transfer.getAmountReversed() == null ? 0 : transfer.getAmountReversed(),
                transfer.getCurrency().toUpperCase(java.util.Locale.ROOT), at));
    }

    /** Only a connected account's payout concerns the engine; the platform's own bank payouts do not. */
    private static EventAction payoutFailed(String account, com.stripe.model.Payout payout, Instant at) {
        if (account == null || account.isBlank()) {
            return new EventAction.Ignore("payout.failed of the platform's own balance: not a partner payout");
        }
        return new EventAction.Connect(new ConnectEvent.BankPayoutFailed(account, payout.getId(), payout.getAmount(),
                payout.getCurrency(), nonBlank(payout.getFailureCode()), nonBlank(payout.getFailureMessage()), at));
    }

    private static EventAction subscriptionEnded(com.stripe.model.Subscription subscription, Instant at) {
        Optional<String> platform = Optional.ofNullable(subscription.getMetadata())
                .flatMap(m -> nonBlank(m.get(PaymentOrigin.HOSTED_PLATFORM_ID)));
        return new EventAction.SubscriptionEnded(subscription.getId(), platform, at);
    }

    private static EventAction paymentIntent(PaymentIntent intent, Instant at) {
        Charge latest = intent.getLatestChargeObject();
        Optional<String> chargeId = latest != null ? Optional.of(latest.getId()) : nonBlank(intent.getLatestCharge());
        Optional<SettledCharge> settled = Optional.ofNullable(latest).map(Charge::getBalanceTransactionObject)
                .map(SettledCharge::of);
        Optional<String> btId = Optional.ofNullable(latest).flatMap(c -> nonBlank(c.getBalanceTransaction()));
        List<String> ids = ids(intent.getId(), chargeId.orElse(null));
        long amount = intent.getAmountReceived() != null ? intent.getAmountReceived() : intent.getAmount();
        return pay(intent.getId(), ids, intent.getMetadata(), money(amount, intent.getCurrency()), at, settled, btId,
                chargeId, nonBlank(intent.getCustomer()), Optional.empty(), cardFingerprint(latest));
    }

    private static EventAction charge(Charge charge, Instant at) {
        String key = nonBlank(charge.getPaymentIntent()).orElse(charge.getId());
        long amount = charge.getAmountCaptured() != null && charge.getAmountCaptured() > 0
                ? charge.getAmountCaptured() : charge.getAmount();
        return pay(key, ids(charge.getPaymentIntent(), charge.getId()), charge.getMetadata(),
                money(amount, charge.getCurrency()), at,
                Optional.ofNullable(charge.getBalanceTransactionObject()).map(SettledCharge::of),
                nonBlank(charge.getBalanceTransaction()), Optional.of(charge.getId()), nonBlank(charge.getCustomer()),
                Optional.empty(), cardFingerprint(charge));
    }

    private static EventAction invoice(Invoice invoice, Instant at) {
        if (invoice.getAmountPaid() == null || invoice.getAmountPaid() <= 0) {
            return new EventAction.Ignore("invoice " + invoice.getId() + " paid nothing (amount_paid 0)");
        }
        Optional<InvoicePayment.Payment> payment = Optional.ofNullable(invoice.getPayments())
                .map(list -> list.getData()).filter(data -> !data.isEmpty())
                .map(data -> data.getFirst().getPayment());
        Optional<String> intentId = payment.flatMap(p -> nonBlank(p.getPaymentIntent()));
        Optional<String> chargeId = payment.flatMap(p -> nonBlank(p.getCharge()));
        String key = intentId.or(() -> chargeId).orElse(invoice.getId());
        Map<String, String> metadata = new LinkedHashMap<>();
        Optional.ofNullable(invoice.getParent()).map(Invoice.Parent::getSubscriptionDetails)
                .map(Invoice.Parent.SubscriptionDetails::getMetadata).ifPresent(metadata::putAll);
        if (invoice.getMetadata() != null) {
            metadata.putAll(invoice.getMetadata());
        }
        return pay(key, ids(invoice.getId(), intentId.orElse(null), chargeId.orElse(null)), metadata,
                money(invoice.getAmountPaid(), invoice.getCurrency()), at, Optional.empty(), Optional.empty(),
                chargeId, nonBlank(invoice.getCustomer()), chargeId.isEmpty() ? intentId : Optional.empty(),
                Optional.empty());
    }

    /** The card's fingerprint (same card, same value across customers), when the charge is in the payload. */
    private static Optional<String> cardFingerprint(Charge charge) {
        return Optional.ofNullable(charge).map(Charge::getPaymentMethodDetails)
                .map(Charge.PaymentMethodDetails::getCard)
                .flatMap(card -> nonBlank(card.getFingerprint()));
    }

    private static EventAction pay(String key, List<String> ids, Map<String, String> metadata, Money charged,
                                   Instant at, Optional<SettledCharge> settled, Optional<String> btId,
                                   Optional<String> chargeId, Optional<String> customerId,
                                   Optional<String> paymentIntentId, Optional<String> cardFingerprint) {
        Map<String, String> meta = metadata == null ? Map.of() : metadata;
        Optional<String> vaultId = nonBlank(meta.get(VAULT_ID));
        Optional<String> productType = nonBlank(meta.get(PRODUCT_TYPE));
        Optional<String> problem = Optional.empty();
        if (vaultId.isEmpty()) {
            problem = Optional.of("metadata vault_id is missing");
        } else if (productType.isEmpty()) {
            problem = Optional.of("metadata product_type is missing");
        } else if (!PRODUCT_TYPES.contains(productType.get())) {
            problem = Optional.of("metadata product_type '" + productType.get() + "' is not one of "
                    + PRODUCT_TYPES.stream().sorted().toList());
        }
        return new EventAction.Pay(key, ids, vaultId, meta, charged, at, settled, btId, chargeId, problem,
                customerId, paymentIntentId, cardFingerprint);
    }

    private static EventAction refund(Charge charge, Instant at) {
        return new EventAction.Adjust(new PaymentAdjustments.Refund(ids(charge.getPaymentIntent(), charge.getId()),
                money(charge.getAmountRefunded(), charge.getCurrency()), at));
    }

    private static EventAction disputeOpened(Dispute dispute, Instant at) {
        return new EventAction.Adjust(new PaymentAdjustments.DisputeOpened(dispute.getId(),
                ids(dispute.getPaymentIntent(), dispute.getCharge()), money(dispute.getAmount(),
                dispute.getCurrency()), at));
    }

    private static EventAction disputeClosed(Dispute dispute, Instant at) {
        String status = String.valueOf(dispute.getStatus());
        if (!status.equals("won") && !status.equals("lost")) {
            // warning_closed: an inquiry closed without a chargeback; no money moved.
            return new EventAction.Ignore("dispute " + dispute.getId() + " closed as " + status
                    + "; no funds were withdrawn");
        }
        return new EventAction.Adjust(new PaymentAdjustments.DisputeClosed(dispute.getId(),
                ids(dispute.getPaymentIntent(), dispute.getCharge()), money(dispute.getAmount(),
                dispute.getCurrency()), status.equals("won"), at));
    }

    private static Money money(Long amountMinor, String currency) {
        if (amountMinor == null || currency == null) {
            throw new LicensingException("missing_amount", "amount or currency is missing");
        }
        return Money.ofMinor(amountMinor, CurrencyUnit.of(currency.toUpperCase(Locale.ROOT)));
    }

    private static List<String> ids(String... ids) {
        List<String> present = new ArrayList<>();
        for (String id : ids) {
            if (id != null && !id.isBlank() && !present.contains(id)) {
                present.add(id);
            }
        }
        if (present.isEmpty()) {
            throw new LicensingException("missing_id", "the object names no payment intent, charge or invoice");
        }
        return List.copyOf(present);
    }

    private static Optional<String> nonBlank(String value) {
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value);
    }
}
