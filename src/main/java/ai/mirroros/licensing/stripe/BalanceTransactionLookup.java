package ai.mirroros.licensing.stripe;

import java.util.Optional;

/**
 * Fetches the balance transaction of a charge from Stripe when a webhook did not embed it. Failures are reported
 * as {@link Unavailable} with a reason a human can read in the event's record.
 */
public interface BalanceTransactionLookup {
    /** Used when no Stripe API key is configured: every lookup says so. */
    BalanceTransactionLookup NOT_CONFIGURED = new BalanceTransactionLookup() {
        @Override
        public SettledCharge byId(String balanceTransactionId) throws Unavailable {
            throw new Unavailable("no Stripe API key configured (LICENSING_STRIPE_API_KEY)");
        }

        @Override
        public SettledCharge forCharge(String chargeId) throws Unavailable {
            throw new Unavailable("no Stripe API key configured (LICENSING_STRIPE_API_KEY)");
        }

        @Override
        public SettledCharge forPaymentIntent(String paymentIntentId) throws Unavailable {
            throw new Unavailable("no Stripe API key configured (LICENSING_STRIPE_API_KEY)");
        }
    };

    SettledCharge byId(String balanceTransactionId) throws Unavailable;

    /** The balance transaction of a charge (a charge not yet settled has none: {@link Unavailable}). */
    SettledCharge forCharge(String chargeId) throws Unavailable;

    /**
     * The balance transaction of a payment intent's latest charge: what a subscription's {@code invoice.paid} names
     * (its {@code payments} list the intent, not the charge).
     */
    SettledCharge forPaymentIntent(String paymentIntentId) throws Unavailable;

    /** The fee could not be fetched: not configured, Stripe down or timing out, or the object has none yet. */
    final class Unavailable extends Exception {
        public Unavailable(String reason) {
            super(reason, null, false, false);
        }

        public Unavailable(String reason, Throwable cause) {
            super(reason, cause, false, false);
        }
    }

    /** A lookup is cheap to check before making: nothing configured means no network call. */
    default boolean configured() {
        return this != NOT_CONFIGURED;
    }

    static Optional<String> nonBlank(String value) {
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value);
    }
}
