package ai.mirroros.licensing.ingest;

import ai.mirroros.licensing.money.Money;
import ai.mirroros.licensing.payout.ConnectEvent;
import ai.mirroros.licensing.revenue.PaymentAdjustments;
import ai.mirroros.licensing.stripe.SettledCharge;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** What a Stripe event asks of the engine, decided from the payload alone. */
public sealed interface EventAction {

    /**
     * A customer payment. {@code paymentKey} is the id every event of the same payment agrees on (the payment intent,
     * else the charge, else the invoice), so that whichever of them arrives first posts it and the rest find it
     * posted. {@code problem} is set when the metadata contract is not met; the payment is then parked, waiting for
     * another event of the same payment that carries it (an {@code invoice.paid} for a subscription charge).
     * {@code paymentIntentId} is set when only the intent leads to Stripe's fee (a subscription's invoice).
     * {@code cardFingerprint} is the charge's {@code payment_method_details.card.fingerprint}, when the payload
     * carries the charge (risk scoring counts payments per card).
     */
    record Pay(String paymentKey, List<String> stripeIds, Optional<String> vaultId, Map<String, String> metadata,
               Money charged, Instant occurredAt, Optional<SettledCharge> settled,
               Optional<String> balanceTransactionId, Optional<String> chargeId, Optional<String> problem,
               Optional<String> customerId, Optional<String> paymentIntentId, Optional<String> cardFingerprint)
            implements EventAction {
        public Pay {
            Objects.requireNonNull(paymentKey, "paymentKey");
            stripeIds = List.copyOf(stripeIds);
            Objects.requireNonNull(vaultId, "vaultId");
            metadata = Map.copyOf(metadata);
            Objects.requireNonNull(charged, "charged");
            Objects.requireNonNull(occurredAt, "occurredAt");
            Objects.requireNonNull(settled, "settled");
            Objects.requireNonNull(balanceTransactionId, "balanceTransactionId");
            Objects.requireNonNull(chargeId, "chargeId");
            Objects.requireNonNull(problem, "problem");
            Objects.requireNonNull(customerId, "customerId");
            Objects.requireNonNull(paymentIntentId, "paymentIntentId");
            Objects.requireNonNull(cardFingerprint, "cardFingerprint");
        }

        /** True when the fee and settled amount must be fetched from Stripe. */
        public boolean needsLookup() {
            return settled.isEmpty() && (balanceTransactionId.isPresent() || chargeId.isPresent()
                    || paymentIntentId.isPresent());
        }
    }

    /** A refund or dispute on an earlier payment. */
    record Adjust(PaymentAdjustments.Adjustment adjustment) implements EventAction {
        public Adjust {
            Objects.requireNonNull(adjustment, "adjustment");
        }
    }

    /** A Connect event for the payout side: KYC, a transfer reversal, a connected account's failed bank payout. */
    record Connect(ConnectEvent event) implements EventAction {
        public Connect {
            Objects.requireNonNull(event, "event");
        }
    }

    /**
     * A subscription ended ({@code customer.subscription.deleted}): the hosted platform it billed churned.
     *
     * @param hostedPlatformId the subscription's {@code hosted_platform_id} metadata, when it has one
     */
    record SubscriptionEnded(String subscriptionId, Optional<String> hostedPlatformId, Instant endedAt)
            implements EventAction {
        public SubscriptionEnded {
            Objects.requireNonNull(subscriptionId, "subscriptionId");
            Objects.requireNonNull(hostedPlatformId, "hostedPlatformId");
            Objects.requireNonNull(endedAt, "endedAt");
        }
    }

    /** Stored, and deliberately not acted on. */
    record Ignore(String reason) implements EventAction {
        public Ignore {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** Cannot be processed as it stands; the reason says why. */
    record Park(String reason) implements EventAction {
        public Park {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
