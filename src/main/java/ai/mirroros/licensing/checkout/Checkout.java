package ai.mirroros.licensing.checkout;

import ai.mirroros.licensing.LicensingException;
import ai.mirroros.licensing.marketplace.AgentTemplate;
import ai.mirroros.licensing.marketplace.ExportKind;
import ai.mirroros.licensing.marketplace.ExportPricing;
import ai.mirroros.licensing.marketplace.TemplateStore;
import ai.mirroros.licensing.money.Money;
import ai.mirroros.licensing.revenue.PaymentOrigin;
import ai.mirroros.licensing.vault.LicensedVault;
import ai.mirroros.licensing.vault.VaultRegistry;
import com.stripe.StripeClient;
import com.stripe.exception.ApiConnectionException;
import com.stripe.exception.StripeException;
import com.stripe.model.PaymentIntent;
import com.stripe.net.RequestOptions;
import com.stripe.param.PaymentIntentCreateParams;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Prices a purchase ({@link #quote}) and charges it through a Stripe PaymentIntent ({@link #pay}): created and
 * confirmed in one call, with an idempotency key, the checkout's metadata and the customer. Compute, then apply: a
 * quote touches nothing outside the database, so every refusal happens before Stripe is called.
 */
public final class Checkout {
    /** Stripe's test card; a real storefront collects the customer's own payment method instead. */
    public static final String TEST_PAYMENT_METHOD = "pm_card_visa";

    private final VaultRegistry vaults;
    private final TemplateStore templates;
    private final ExportPricing pricing;
    private final Clock clock;

    public Checkout(VaultRegistry vaults, TemplateStore templates, ExportPricing pricing, Clock clock) {
        this.vaults = Objects.requireNonNull(vaults, "vaults");
        this.templates = Objects.requireNonNull(templates, "templates");
        this.pricing = Objects.requireNonNull(pricing, "pricing");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** What {@code item} costs {@code buyer} now, and the metadata its payment will carry; refusals are errors. */
    public CheckoutQuote quote(CheckoutItem item, Buyer buyer) {
        Instant now = clock.instant();
        return switch (item) {
            case CheckoutItem.TemplatePurchase purchase -> templateQuote(purchase, buyer, now);
            case CheckoutItem.ExportPurchase purchase -> exportQuote(purchase, buyer, now);
        };
    }

    private CheckoutQuote templateQuote(CheckoutItem.TemplatePurchase purchase, Buyer buyer, Instant now) {
        AgentTemplate template = templates.require(purchase.templateId());
        if (!template.listed()) {
            throw new LicensingException("template_not_listed", "template " + template.templateId()
                    + " is not listed on the marketplace, so it cannot be bought; publish it with: licensing "
                    + "templates publish " + template.templateId());
        }
        LicensedVault vault = sellingVault(template.vaultId(), now);
        if (!vault.monetizationConfig().enableAgentTemplateResale()) {
            throw new LicensingException("template_resale_disabled", "vault '" + vault.vaultId()
                    + "' no longer resells templates (monetizationConfig.enableAgentTemplateResale is off)");
        }
        Map<String, String> metadata = metadata(vault, "template", buyer);
        metadata.put(PaymentOrigin.TEMPLATE_ID, template.templateId());
        return new CheckoutQuote(vault.vaultId(), template.price().price(), "template", metadata,
                buyer.customerId(), "Agent template: " + template.displayName() + " (" + template.templateId() + ")",
                "the template's price");
    }

    private CheckoutQuote exportQuote(CheckoutItem.ExportPurchase purchase, Buyer buyer, Instant now) {
        ExportKind kind = purchase.kind();
        if (kind == ExportKind.LOOP && purchase.agentLoopId().isEmpty()) {
            throw new LicensingException("missing_loop_id", "a loop export names the agent loop it exports: "
                    + "give --loop-id");
        }
        if (kind != ExportKind.LOOP && purchase.agentLoopId().isPresent()) {
            throw new LicensingException("unexpected_loop_id", "--loop-id goes with --kind loop only");
        }
        purchase.agentLoopId().filter(id -> id.length() > 100).ifPresent(id -> {
            throw new LicensingException("invalid_loop_id", "loop id is " + id.length()
                    + " characters; at most 100 are allowed");
        });
        LicensedVault vault = sellingVault(purchase.vaultId(), now);
        ExportPricing.Fee fee = pricing.fee(vault, kind);
        if (!fee.amount().isPositive()) {
            throw new LicensingException("nothing_to_charge", "vault '" + vault.vaultId() + "' charges "
                    + fee.amount() + " for a " + kind.cliName() + " export (" + fee.source().describe()
                    + "); there is nothing to check out");
        }
        Map<String, String> metadata = metadata(vault, kind.productType(), buyer);
        purchase.agentLoopId().ifPresent(id -> metadata.put(PaymentOrigin.AGENT_LOOP_ID, id));
        String what = switch (kind) {
            case AGENT -> "Agent export";
            case LOOP -> "Agent-loop export " + purchase.agentLoopId().orElseThrow();
            case PLATFORM_FORK -> "Platform fork";
        };
        return new CheckoutQuote(vault.vaultId(), fee.amount(), kind.productType(), metadata, buyer.customerId(),
                what + " from " + vault.vaultId(), fee.source().describe());
    }

    /**
     * Creates and confirms the PaymentIntent for {@code quote}. {@code idempotencyKey} makes a retry (the same key)
     * return the first intent instead of charging twice; {@link #newIdempotencyKey()} gives a fresh one.
     */
    public CheckoutResult pay(StripeClient stripe, CheckoutQuote quote, String paymentMethod, String idempotencyKey) {
        PaymentIntentCreateParams.Builder params = PaymentIntentCreateParams.builder()
                .setAmount(quote.amount().amountMinor())
                .setCurrency(quote.amount().currency().code().toLowerCase(Locale.ROOT))
                .putAllMetadata(quote.metadata())
                .setDescription(quote.description())
                .setConfirm(true)
                .setPaymentMethod(paymentMethod)
                .addPaymentMethodType("card");
        quote.customerId().ifPresent(params::setCustomer);
        PaymentIntent intent;
        try {
            intent = stripe.v1().paymentIntents().create(params.build(),
                    RequestOptions.builder().setIdempotencyKey(idempotencyKey).build());
        } catch (StripeException e) {
            throw new LicensingException("stripe_failed", "Stripe did not take the payment of " + quote.amount()
                    + ": " + describe(e) + "; nothing was charged unless Stripe says otherwise (rerun with "
                    + "--idempotency-key " + idempotencyKey + " to retry safely)");
        }
        Money charged = Money.ofMinor(intent.getAmount(), intent.getCurrency());
        if (!charged.equals(quote.amount())) {
            // The idempotency key was used before for another amount: Stripe answered with that first intent.
            throw new LicensingException("idempotency_key_reused", "idempotency key " + idempotencyKey
                    + " belongs to payment intent " + intent.getId() + " for " + charged + ", not " + quote.amount()
                    + "; use a new key");
        }
        return new CheckoutResult(intent.getId(), intent.getStatus(), charged, quote, idempotencyKey);
    }

    /** A key for one checkout attempt. */
    public static String newIdempotencyKey() {
        return "checkout-" + UUID.randomUUID();
    }

    private LicensedVault sellingVault(String vaultId, Instant now) {
        LicensedVault vault = vaults.require(vaultId, now);
        if (!vault.monetizationConfig().stripeIntegration()) {
            throw new LicensingException("stripe_integration_disabled", "vault '" + vaultId + "' does not sell "
                    + "through Stripe (monetizationConfig.stripeIntegration is off)");
        }
        return vault;
    }

    private static Map<String, String> metadata(LicensedVault vault, String productType, Buyer buyer) {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put(PaymentOrigin.VAULT_ID, vault.vaultId());
        metadata.put(PaymentOrigin.PRODUCT_TYPE, productType);
        buyer.referralCode().ifPresent(code -> metadata.put(PaymentOrigin.REFERRAL_CODE, code));
        buyer.country().ifPresent(country -> metadata.put(PaymentOrigin.CUSTOMER_COUNTRY, country));
        buyer.region().ifPresent(region -> metadata.put(PaymentOrigin.CUSTOMER_REGION, region));
        return metadata;
    }

    /** Stripe's error on one line: its status and message, or what the connection failure was. */
    private static String describe(StripeException e) {
        if (e instanceof ApiConnectionException) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            return "could not reach Stripe (" + String.valueOf(cause.getMessage()).replaceAll("\\s+", " ").strip()
                    + ")";
        }
        String message = e.getStripeError() != null && e.getStripeError().getMessage() != null
                ? e.getStripeError().getMessage() : String.valueOf(e.getMessage());
        String status = e.getStatusCode() == null || e.getStatusCode() == 0 ? "" : "HTTP " + e.getStatusCode() + ": ";
        return status + message.replaceAll("\\s+", " ").strip().replaceAll("\\.$", "");
    }
}
