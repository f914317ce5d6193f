package ai.mirroros.licensing.hosting;

import ai.mirroros.licensing.LicensingException;
import ai.mirroros.licensing.revenue.PaymentOrigin;
import com.stripe.StripeClient;
import com.stripe.exception.ApiConnectionException;
import com.stripe.exception.StripeException;
import com.stripe.model.Subscription;
import com.stripe.net.RequestOptions;
import com.stripe.param.CustomerCreateParams;
import com.stripe.param.PriceCreateParams;
import com.stripe.param.ProductCreateParams;
import com.stripe.param.SubscriptionCreateParams;
import com.stripe.param.SubscriptionListParams;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A hosted platform's Stripe Billing objects, made through stripe-java. Every create carries the idempotency key
 * {@code hosted-<platform id>-<step>}, so a retry or a resumed fork gets the object the first attempt made (for
 * Stripe's 24 hours; past them {@link #findSubscription} finds the subscription by its metadata).
 */
final class HostedBilling {
    /** The product type hosted-platform invoices carry in their metadata (docs/STRIPE_INTEGRATION.md). */
    static final String PRODUCT_TYPE = "hosted_platform";
    static final String CLIENT = "client";
    /** A platform has its own customer, so its subscriptions are few; one page holds them all. */
    private static final long SUBSCRIPTIONS_PAGE = 100;

    private final StripeClient stripe;

    HostedBilling(StripeClient stripe) {
        this.stripe = Objects.requireNonNull(stripe, "stripe");
    }

    static String idempotencyKey(String hostedPlatformId, String step) {
        return "hosted-" + hostedPlatformId + "-" + step;
    }

    /** What the subscription — and so every invoice — carries: the checkout contract's keys. */
    static Map<String, String> subscriptionMetadata(HostedPlatform platform) {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put(PaymentOrigin.VAULT_ID, platform.vaultId());
        metadata.put(PaymentOrigin.PRODUCT_TYPE, PRODUCT_TYPE);
        metadata.put(PaymentOrigin.HOSTED_PLATFORM_ID, platform.hostedPlatformId());
        metadata.put(CLIENT, platform.client());
        return metadata;
    }

    String createCustomer(HostedPlatform platform) {
        CustomerCreateParams params = CustomerCreateParams.builder()
                .setName(platform.client())
                .putMetadata(PaymentOrigin.HOSTED_PLATFORM_ID, platform.hostedPlatformId())
                .putMetadata(PaymentOrigin.VAULT_ID, platform.vaultId())
                .build();
        return call(platform, "customer", () -> stripe.v1().customers().create(params, key(platform, "customer"))
                .getId());
    }

    String createProduct(HostedPlatform platform) {
        ProductCreateParams.Builder params = ProductCreateParams.builder()
                .setName(platform.branding().name().orElse(platform.client() + " hosted platform"))
                .putMetadata(PaymentOrigin.HOSTED_PLATFORM_ID, platform.hostedPlatformId())
                .putMetadata(PaymentOrigin.VAULT_ID, platform.vaultId())
                .putMetadata("tier", platform.plan().tier().wireName());
        platform.domain().ifPresent(domain -> params.putMetadata("domain", domain));
        return call(platform, "product", () -> stripe.v1().products().create(params.build(),
                key(platform, "product")).getId());
    }

    String createPrice(HostedPlatform platform) {
        String productId = platform.stripe().productId().orElseThrow();
        PriceCreateParams params = PriceCreateParams.builder()
                .setProduct(productId)
                .setUnitAmount(platform.monthlyPrice().amountMinor())
                .setCurrency(platform.monthlyPrice().currency().code().toLowerCase(Locale.ROOT))
                .setRecurring(PriceCreateParams.Recurring.builder()
                        .setInterval(PriceCreateParams.Recurring.Interval.MONTH).build())
                .putMetadata(PaymentOrigin.HOSTED_PLATFORM_ID, platform.hostedPlatformId())
                .putMetadata("tier", platform.plan().tier().wireName())
                .build();
        return call(platform, "price", () -> stripe.v1().prices().create(params, key(platform, "price")).getId());
    }

    Subscription createSubscription(HostedPlatform platform) {
        SubscriptionCreateParams params = SubscriptionCreateParams.builder()
                .setCustomer(platform.stripe().customerId().orElseThrow())
                .addItem(SubscriptionCreateParams.Item.builder()
                        .setPrice(platform.stripe().priceId().orElseThrow()).build())
                .putAllMetadata(subscriptionMetadata(platform))
                .build();
        return call(platform, "subscription", () -> stripe.v1().subscriptions().create(params,
                key(platform, "subscription")));
    }

    /** The platform's subscription among its customer's, found by metadata: a fork resumed after Stripe's 24 h. */
    Optional<Subscription> findSubscription(HostedPlatform platform) {
        SubscriptionListParams params = SubscriptionListParams.builder()
                .setCustomer(platform.stripe().customerId().orElseThrow())
                .setStatus(SubscriptionListParams.Status.ALL)
                .setLimit(SUBSCRIPTIONS_PAGE)
                .build();
        return call(platform, "subscription list", () -> stripe.v1().subscriptions().list(params).getData().stream()
                .filter(s -> s.getMetadata() != null
                        && platform.hostedPlatformId().equals(s.getMetadata().get(PaymentOrigin.HOSTED_PLATFORM_ID)))
                .findFirst());
    }

    Subscription retrieveSubscription(HostedPlatform platform, String subscriptionId) {
        return call(platform, "subscription", () -> stripe.v1().subscriptions().retrieve(subscriptionId));
    }

    Subscription cancelSubscription(HostedPlatform platform, String subscriptionId) {
        return call(platform, "subscription cancel", () -> stripe.v1().subscriptions().cancel(subscriptionId));
    }

    private static RequestOptions key(HostedPlatform platform, String step) {
        return RequestOptions.builder().setIdempotencyKey(idempotencyKey(platform.hostedPlatformId(), step)).build();
    }

    @FunctionalInterface
    private interface StripeCall<T> {
        T run() throws StripeException;
    }

    private static <T> T call(HostedPlatform platform, String what, StripeCall<T> call) {
        try {
            T result = call.run();
            if (result == null) {
                throw new LicensingException("stripe_failed", "Stripe's answer for the " + what + " of hosted "
                        + "platform " + platform.hostedPlatformId() + " was empty");
            }
            return result;
        } catch (StripeException e) {
            throw new LicensingException("stripe_failed", "Stripe refused or did not answer the " + what
                    + " of hosted platform " + platform.hostedPlatformId() + ": " + describe(e));
        }
    }

    static String describe(StripeException e) {
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
