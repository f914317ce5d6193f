package ai.mirroros.licensing.stripe.sandbox;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Stripe Billing, as the hosted platforms use it: customers, products, monthly prices and subscriptions with one
 * item, collected automatically. The customer always pays (as if a test card were attached; a 402 fault stands in
 * for a decline): creating a subscription pays its first invoice at once, and {@link #renew} bills every period that
 * has ended by the sandbox clock, one paid invoice per month, through {@link Payments} — so charges, balance
 * transactions and the platform balance move exactly as for any other payment.
 */
final class Subscriptions {
    /** Stripe's subscription statuses the sandbox reaches: paid at once, or canceled. */
    static final String ACTIVE = "active";
    static final String CANCELED = "canceled";
    static final Set<String> LIST_STATUSES = Set.of(ACTIVE, CANCELED, "all");
    /**
     * Periods billed per subscription by one renewal: ten years of months. A clock moved further than that bills
     * the rest on the next renewal, so one request never runs unbounded.
     */
    static final int PERIODS_PER_RENEWAL_MAX = 120;

    private record Customer(String id, Optional<String> email, Optional<String> name, Map<String, String> metadata,
                            Instant created) {
    }

    private record Product(String id, String name, Map<String, String> metadata, Instant created) {
    }

    private record Price(String id, String productId, long unitAmountMinor, String currency,
                         Map<String, String> metadata, Instant created) {
    }

    /**
     * @param anchor      the billing cycle anchor: period {@code n} runs from anchor + n months to anchor + n + 1
     *                    months (UTC), so a subscription started on the 31st bills on the last day of short months
     *                    and on the 31st again after them, as Stripe's does
     * @param periodIndex the current period, 0 for the first
     */
    private record Subscription(String id, String customerId, String priceId, String itemId,
                                Map<String, String> metadata, String status, Instant created, Instant anchor,
                                int periodIndex, String latestInvoiceId, Optional<Instant> canceledAt) {
        Instant currentPeriodStart() {
            return plusMonths(anchor, periodIndex);
        }

        Instant currentPeriodEnd() {
            return plusMonths(anchor, periodIndex + 1);
        }

        Subscription renewed(String invoiceId) {
            return new Subscription(id, customerId, priceId, itemId, metadata, status, created, anchor,
                    periodIndex + 1, invoiceId, canceledAt);
        }

        Subscription canceled(Instant at) {
            return new Subscription(id, customerId, priceId, itemId, metadata, CANCELED, created, anchor, periodIndex,
                    latestInvoiceId, Optional.of(at));
        }
    }

    private final SandboxState state;
    private final Payments payments;
    private final Map<String, Customer> customers = new LinkedHashMap<>();
    private final Map<String, Product> products = new LinkedHashMap<>();
    private final Map<String, Price> prices = new LinkedHashMap<>();
    /** In creation order: renewals bill in it, lists read it backwards. */
    private final Map<String, Subscription> subscriptions = new LinkedHashMap<>();

    Subscriptions(SandboxState state, Payments payments) {
        this.state = state;
        this.payments = payments;
    }

    ObjectNode createCustomer(Optional<String> email, Optional<String> name, Map<String, String> metadata) {
        synchronized (state) {
            Payments.requireRoom(customers.size(), "customers");
            Customer customer = new Customer(state.ids.next("cus"), email, name, Map.copyOf(metadata), state.now());
            customers.put(customer.id(), customer);
            ObjectNode json = customerJson(customer);
            state.emit("customer.created", json, Optional.empty());
            return json;
        }
    }

    ObjectNode customer(String id) {
        synchronized (state) {
            return customerJson(find(customers, id, "customer"));
        }
    }

    ObjectNode createProduct(String name, Map<String, String> metadata) {
        synchronized (state) {
            Payments.requireRoom(products.size(), "products");
            Product product = new Product(state.ids.next("prod"), name, Map.copyOf(metadata), state.now());
            products.put(product.id(), product);
            ObjectNode json = productJson(product);
            state.emit("product.created", json, Optional.empty());
            return json;
        }
    }

    ObjectNode product(String id) {
        synchronized (state) {
            return productJson(find(products, id, "product"));
        }
    }

    /**
     * A monthly price. Refused up front when one period could never be charged (below Stripe's minimum charge once
     * converted), so that a subscription's invoices cannot fail for it later.
     */
    ObjectNode createPrice(String productId, long unitAmountMinor, String currency, String interval,
                           long intervalCount, Map<String, String> metadata) {
        String code = state.rates.require(currency, "currency");
        if (!interval.equals("month") || intervalCount != 1) {
            throw StripeApiError.invalidParam("recurring[interval]", "parameter_invalid",
                    "The sandbox bills monthly prices only: recurring[interval]=month, interval_count 1.");
        }
        long settled = ExchangeRates.convert(unitAmountMinor, state.rates.rate(code, state.settlementCurrency()),
                code, state.settlementCurrency());
        if (settled < Payments.SETTLED_MINOR_MIN) {
            throw StripeApiError.invalidParam("unit_amount", "amount_too_small", "unit_amount must convert to at "
                    + "least " + Payments.SETTLED_MINOR_MIN + " " + state.settlementCurrency() + " minor units.");
        }
        synchronized (state) {
            if (!products.containsKey(productId)) {
                throw StripeApiError.noSuchParamObject("product", "product", productId);
            }
            Payments.requireRoom(prices.size(), "prices");
            Price price = new Price(state.ids.next("price"), productId, unitAmountMinor, code, Map.copyOf(metadata),
                    state.now());
            prices.put(price.id(), price);
            ObjectNode json = priceJson(price);
            state.emit("price.created", json, Optional.empty());
            return json;
        }
    }

    ObjectNode price(String id) {
        synchronized (state) {
            return priceJson(find(prices, id, "price"));
        }
    }

    /**
     * Subscribes the customer to the price; its first period starts now and its first invoice is paid at once.
     * Events: {@code customer.subscription.created}, then the payment's ({@code charge.succeeded},
     * {@code payment_intent.succeeded}, {@code invoice.paid}, {@code invoice.payment_succeeded}).
     */
    ObjectNode createSubscription(String customerId, String priceId, Map<String, String> metadata) {
        synchronized (state) {
            if (!customers.containsKey(customerId)) {
                throw StripeApiError.noSuchParamObject("customer", "customer", customerId);
            }
            Price price = prices.get(priceId);
            if (price == null) {
                throw StripeApiError.noSuchParamObject("items[0][price]", "price", priceId);
            }
            Payments.requireRoom(subscriptions.size(), "subscriptions");
            state.requireTxnRoom();
            Instant now = state.now();
            Subscription subscription = new Subscription(state.ids.next("sub"), customerId, priceId,
                    state.ids.next("si"), Map.copyOf(metadata), ACTIVE, now, now, 0, state.ids.next("in"),
                    Optional.empty());
            subscriptions.put(subscription.id(), subscription);
            state.emit("customer.subscription.created", subscriptionJson(subscription), Optional.empty());
            // The price was checked against the minimum charge when it was created: this payment cannot be refused.
            payments.payInvoice(price.unitAmountMinor(), price.currency(), billing(subscription,
                    "subscription_create"));
            return subscriptionJson(subscription);
        }
    }

    ObjectNode subscription(String id) {
        synchronized (state) {
            return subscriptionJson(find(subscriptions, id, "subscription"));
        }
    }

    /** {@code GET /v1/subscriptions}: newest first; by default the ones not canceled, as Stripe lists them. */
    ObjectNode listSubscriptions(Params params, Optional<String> customerId, Optional<String> priceId,
                                 String status) {
        if (!LIST_STATUSES.contains(status)) {
            throw StripeApiError.invalidParam("status", "parameter_invalid", "Invalid status: must be one of "
                    + "active, canceled or all (the sandbox's subscriptions are never in the other states).");
        }
        synchronized (state) {
            List<Subscription> newestFirst = new ArrayList<>(subscriptions.values()).reversed().stream()
                    .filter(s -> customerId.isEmpty() || customerId.get().equals(s.customerId()))
                    .filter(s -> priceId.isEmpty() || priceId.get().equals(s.priceId()))
                    .filter(s -> status.equals("all") || status.equals(s.status()))
                    .toList();
            return SandboxJson.page(newestFirst, Subscription::id, params, "/v1/subscriptions",
                    this::subscriptionJson);
        }
    }

    /**
     * Cancels at once ({@code DELETE /v1/subscriptions/{id}}): status {@code canceled}, no further invoices,
     * {@code customer.subscription.deleted}. As at Stripe, a canceled subscription can still be retrieved but not
     * canceled again (404).
     */
    ObjectNode cancel(String id) {
        synchronized (state) {
            Subscription subscription = subscriptions.get(id);
            if (subscription == null || subscription.status().equals(CANCELED)) {
                throw StripeApiError.notFound("subscription", id);
            }
            Subscription canceled = subscription.canceled(state.now());
            subscriptions.put(id, canceled);
            ObjectNode json = subscriptionJson(canceled);
            state.emit("customer.subscription.deleted", json, Optional.empty());
            return json;
        }
    }

    /**
     * Bills every active subscription whose current period has ended by the sandbox clock: per elapsed period one
     * paid invoice ({@code subscription_cycle}) and a {@code customer.subscription.updated} with the next period.
     * Returns the payments made, oldest first. Invoices are dated when the renewal runs; move the clock a month at a
     * time for invoices a month apart.
     */
    List<CreatedPayment> renew() {
        synchronized (state) {
            Instant now = state.now();
            List<CreatedPayment> paid = new ArrayList<>();
            for (Subscription subscription : List.copyOf(subscriptions.values())) {
                Subscription current = subscription;
                for (int billed = 0; billed < PERIODS_PER_RENEWAL_MAX && current.status().equals(ACTIVE)
                        && !current.currentPeriodEnd().isAfter(now); billed++) {
                    state.requireTxnRoom();
                    Price price = prices.get(current.priceId());
                    current = current.renewed(state.ids.next("in"));
                    subscriptions.put(current.id(), current);
                    paid.add(payments.payInvoice(price.unitAmountMinor(), price.currency(),
                            billing(current, "subscription_cycle")));
                    state.emit("customer.subscription.updated", subscriptionJson(current), Optional.empty());
                }
            }
            return paid;
        }
    }

    private static Payments.InvoiceBilling billing(Subscription subscription, String reason) {
        return new Payments.InvoiceBilling(subscription.latestInvoiceId(), subscription.id(),
                subscription.customerId(), subscription.metadata(), reason);
    }

    private static <T> T find(Map<String, T> objects, String id, String noun) {
        T found = objects.get(id);
        if (found == null) {
            throw StripeApiError.notFound(noun, id);
        }
        return found;
    }

    static Instant plusMonths(Instant anchor, long months) {
        return anchor.atZone(ZoneOffset.UTC).plusMonths(months).toInstant();
    }

    private static void putTime(ObjectNode node, String field, Optional<Instant> at) {
        if (at.isPresent()) {
            node.put(field, at.get().getEpochSecond());
        } else {
            node.putNull(field);
        }
    }

    private static ObjectNode customerJson(Customer customer) {
        ObjectNode node = SandboxJson.NODES.objectNode();
        node.put("id", customer.id());
        node.put("object", "customer");
        node.put("created", customer.created().getEpochSecond());
        node.put("delinquent", false);
        SandboxJson.putOptional(node, "email", customer.email());
        node.put("livemode", false);
        SandboxJson.putMetadata(node, customer.metadata());
        SandboxJson.putOptional(node, "name", customer.name());
        return node;
    }

    private static ObjectNode productJson(Product product) {
        ObjectNode node = SandboxJson.NODES.objectNode();
        node.put("id", product.id());
        node.put("object", "product");
        node.put("active", true);
        node.put("created", product.created().getEpochSecond());
        node.put("livemode", false);
        SandboxJson.putMetadata(node, product.metadata());
        node.put("name", product.name());
        node.put("updated", product.created().getEpochSecond());
        return node;
    }

    private static ObjectNode priceJson(Price price) {
        ObjectNode node = SandboxJson.NODES.objectNode();
        node.put("id", price.id());
        node.put("object", "price");
        node.put("active", true);
        node.put("billing_scheme", "per_unit");
        node.put("created", price.created().getEpochSecond());
        node.put("currency", price.currency());
        node.put("livemode", false);
        SandboxJson.putMetadata(node, price.metadata());
        node.put("product", price.productId());
        ObjectNode recurring = node.putObject("recurring");
        recurring.put("interval", "month");
        recurring.put("interval_count", 1);
        recurring.put("usage_type", "licensed");
        node.put("type", "recurring");
        node.put("unit_amount", price.unitAmountMinor());
        node.put("unit_amount_decimal", Long.toString(price.unitAmountMinor()));
        return node;
    }

    /** Since API version 2025-03-31 the current period is the item's, not the subscription's. */
    private ObjectNode subscriptionJson(Subscription subscription) {
        Price price = prices.get(subscription.priceId());
        ObjectNode node = SandboxJson.NODES.objectNode();
        node.put("id", subscription.id());
        node.put("object", "subscription");
        node.put("billing_cycle_anchor", subscription.anchor().getEpochSecond());
        node.putNull("cancel_at");
        node.put("cancel_at_period_end", false);
        putTime(node, "canceled_at", subscription.canceledAt());
        node.put("collection_method", "charge_automatically");
        node.put("created", subscription.created().getEpochSecond());
        node.put("currency", price.currency());
        node.put("customer", subscription.customerId());
        // Canceled at once: it ends when it is canceled.
        putTime(node, "ended_at", subscription.canceledAt());
        ObjectNode items = node.putObject("items");
        items.put("object", "list");
        ObjectNode item = items.putArray("data").addObject();
        item.put("id", subscription.itemId());
        item.put("object", "subscription_item");
        item.put("created", subscription.created().getEpochSecond());
        item.put("current_period_end", subscription.currentPeriodEnd().getEpochSecond());
        item.put("current_period_start", subscription.currentPeriodStart().getEpochSecond());
        SandboxJson.putMetadata(item, Map.of());
        item.set("price", priceJson(price));
        item.put("quantity", 1);
        item.put("subscription", subscription.id());
        items.put("has_more", false);
        items.put("url", "/v1/subscription_items?subscription=" + subscription.id());
        node.put("latest_invoice", subscription.latestInvoiceId());
        node.put("livemode", false);
        SandboxJson.putMetadata(node, subscription.metadata());
        node.put("start_date", subscription.created().getEpochSecond());
        node.put("status", subscription.status());
        return node;
    }
}
