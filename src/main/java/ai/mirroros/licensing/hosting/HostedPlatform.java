package ai.mirroros.licensing.hosting;

import ai.mirroros.licensing.money.Money;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A white-label platform a vault hosts for one client, billed monthly by a Stripe subscription.
 *
 * @param parentVaultId the vault it was forked from (its place in the vault lineage)
 * @param forkDepth     the parent vault's fork depth + 1
 * @param canceledAt    when its subscription ended, for a canceled platform
 */
public record HostedPlatform(String hostedPlatformId, String vaultId, String client, MonthlyPlan plan,
                             Optional<String> domain, Branding branding, String parentVaultId, int forkDepth,
                             StripeIds stripe, HostedPlatformStatus status, Instant createdAt,
                             Optional<Instant> canceledAt) {
    public HostedPlatform {
        Objects.requireNonNull(hostedPlatformId, "hostedPlatformId");
        Objects.requireNonNull(vaultId, "vaultId");
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(branding, "branding");
        Objects.requireNonNull(parentVaultId, "parentVaultId");
        if (forkDepth < 1) {
            throw new IllegalArgumentException("a hosted platform is a fork: depth at least 1, got " + forkDepth);
        }
        Objects.requireNonNull(stripe, "stripe");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(canceledAt, "canceledAt");
        if (status == HostedPlatformStatus.ACTIVE && stripe.subscriptionId().isEmpty()) {
            throw new IllegalArgumentException(hostedPlatformId + " is active without a subscription");
        }
    }

    public Money monthlyPrice() {
        return plan.price();
    }

    /** The Stripe objects behind the platform, each present once Stripe created it. */
    public record StripeIds(Optional<String> customerId, Optional<String> productId, Optional<String> priceId,
                            Optional<String> subscriptionId) {
        public static final StripeIds NONE = new StripeIds(Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty());

        public StripeIds {
            Objects.requireNonNull(customerId, "customerId");
            Objects.requireNonNull(productId, "productId");
            Objects.requireNonNull(priceId, "priceId");
            Objects.requireNonNull(subscriptionId, "subscriptionId");
        }

        StripeIds withCustomer(String id) {
            return new StripeIds(Optional.of(id), productId, priceId, subscriptionId);
        }

        StripeIds withProduct(String id) {
            return new StripeIds(customerId, Optional.of(id), priceId, subscriptionId);
        }

        StripeIds withPrice(String id) {
            return new StripeIds(customerId, productId, Optional.of(id), subscriptionId);
        }

        StripeIds withSubscription(String id) {
            return new StripeIds(customerId, productId, priceId, Optional.of(id));
        }
    }

    HostedPlatform with(StripeIds ids) {
        return new HostedPlatform(hostedPlatformId, vaultId, client, plan, domain, branding, parentVaultId, forkDepth,
                ids, status, createdAt, canceledAt);
    }

    HostedPlatform with(HostedPlatformStatus newStatus, Optional<Instant> newCanceledAt) {
        return new HostedPlatform(hostedPlatformId, vaultId, client, plan, domain, branding, parentVaultId, forkDepth,
                stripe, newStatus, createdAt, newCanceledAt);
    }
}
