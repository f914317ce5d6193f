package ai.mirroros.licensing.demo;

import ai.mirroros.licensing.money.Money;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** One thing that happens in the demo's history, at {@link #at()}; the seeder makes it happen in the sandbox. */
sealed interface DemoAction {
    Instant at();

    /**
     * A customer pays {@code price} at checkout with {@code metadata} (the metadata contract of
     * docs/STRIPE_INTEGRATION.md). {@code saleNo} names it for the
     * refunds and disputes that follow. {@code buyer} is the demo's name for the customer (e.g.
     * {@code startup-vault.sig#7}): the seeder makes one Stripe customer per name, so repeat buyers pay as the same
     * customer.
     */
    record Sale(Instant at, int saleNo, String vaultId, String productType, Money price,
                Map<String, String> metadata, String buyer) implements DemoAction {
        public Sale {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(price, "price");
            Objects.requireNonNull(buyer, "buyer");
            metadata = Map.copyOf(metadata);
        }
    }

    /** The customer gets {@code amount} back (empty: all of it). */
    record Refund(Instant at, int saleNo, Optional<Money> amount) implements DemoAction {
    }

    /** The customer's bank disputes the whole sale. */
    record DisputeOpened(Instant at, int saleNo) implements DemoAction {
    }

    record DisputeClosed(Instant at, int saleNo, boolean won) implements DemoAction {
    }

    /**
     * A vault forks a hosted platform for {@code client} at {@code monthly} a month: a Stripe customer, price and
     * subscription, whose first invoice is paid at once.
     */
    record HostedFork(Instant at, String vaultId, String client, Money monthly) implements DemoAction {
    }

    /** Stripe's daily billing run: every subscription whose period has ended is invoiced and paid. */
    record Renewals(Instant at) implements DemoAction {
    }

    /** The client leaves: its hosted platform's subscription is canceled (the vault's hosting churn). */
    record HostedCancel(Instant at, String client) implements DemoAction {
    }

    /** A payout run, as {@code licensing serve} would make on a payout day. */
    record PayoutRun(Instant at) implements DemoAction {
    }
}
