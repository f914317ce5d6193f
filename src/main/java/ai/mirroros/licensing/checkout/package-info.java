/**
 * Checkout: turns "buy this template" or "buy this export" into a Stripe PaymentIntent at the price the marketplace
 * or the vault's export pricing sets, carrying the metadata the webhook ingestion attributes the payment by
 * ({@code vault_id}, {@code product_type}, {@code template_id}, {@code agent_loop_id}, …; see
 * docs/STRIPE_INTEGRATION.md). The payment itself is booked when Stripe's webhook arrives, like any other.
 */
package ai.mirroros.licensing.checkout;
