package ai.mirroros.licensing.stripe.sandbox;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A customer payment to simulate: {@code SandboxPayment.of(10_000, "eur", Map.of("vault_id", "v1"))}.
 *
 * @param invoice also create a paid subscription invoice for it ({@code invoice.paid} and friends)
 * @param pending leave the net in the pending balance (as Stripe does for two days) instead of available; the
 *                default is available at once, like Stripe's {@code 4000 0000 0000 0077} test card
 * @param customer the Stripe customer paying, set as {@code customer} on the payment intent and the charge
 * @param billingAddress the card's billing address (country and state), shown as {@code billing_details.address} on
 *                       the charge
 */
public record SandboxPayment(long amountMinor, String currency, Map<String, String> metadata, boolean invoice,
                             boolean pending, Optional<String> customer, Optional<BillingAddress> billingAddress) {
    public SandboxPayment {
        if (amountMinor < 1 || amountMinor > Params.AMOUNT_MAX) {
            throw new IllegalArgumentException("amountMinor must be 1.." + Params.AMOUNT_MAX + ": " + amountMinor);
        }
        Objects.requireNonNull(currency, "currency");
        metadata = Map.copyOf(metadata);
        Objects.requireNonNull(customer, "customer");
        Objects.requireNonNull(billingAddress, "billingAddress");
    }

    /** The country (ISO 3166-1 alpha-2) and state or province of a billing address. */
    public record BillingAddress(String country, Optional<String> state) {
        public BillingAddress {
            Objects.requireNonNull(country, "country");
            Objects.requireNonNull(state, "state");
        }
    }

    public SandboxPayment(long amountMinor, String currency, Map<String, String> metadata, boolean invoice,
                          boolean pending, Optional<String> customer) {
        this(amountMinor, currency, metadata, invoice, pending, customer, Optional.empty());
    }

    /** A payment without a customer. */
    public SandboxPayment(long amountMinor, String currency, Map<String, String> metadata, boolean invoice,
                          boolean pending) {
        this(amountMinor, currency, metadata, invoice, pending, Optional.empty());
    }

    public static SandboxPayment of(long amountMinor, String currency, Map<String, String> metadata) {
        return new SandboxPayment(amountMinor, currency, metadata, false, false);
    }

    public SandboxPayment asInvoice() {
        return new SandboxPayment(amountMinor, currency, metadata, true, pending, customer, billingAddress);
    }

    public SandboxPayment leftPending() {
        return new SandboxPayment(amountMinor, currency, metadata, invoice, true, customer, billingAddress);
    }

    public SandboxPayment byCustomer(String customerId) {
        return new SandboxPayment(amountMinor, currency, metadata, invoice, pending, Optional.of(customerId),
                billingAddress);
    }

    public SandboxPayment billedTo(String country, Optional<String> state) {
        return new SandboxPayment(amountMinor, currency, metadata, invoice, pending, customer,
                Optional.of(new BillingAddress(country, state)));
    }
}
