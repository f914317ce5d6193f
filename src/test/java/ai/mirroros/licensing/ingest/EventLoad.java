package ai.mirroros.licensing.ingest;

import ai.mirroros.licensing.LicensingApp;
import ai.mirroros.licensing.money.CurrencyUnit;
import ai.mirroros.licensing.money.Money;
import ai.mirroros.licensing.revenue.PaymentAdjustments;
import ai.mirroros.licensing.revenue.PaymentEvent;
import ai.mirroros.licensing.revenue.PaymentOrigin;
import ai.mirroros.licensing.revenue.PaymentPosting;
import ai.mirroros.licensing.store.TestDatabases;
import ai.mirroros.licensing.stripe.StripeEventJson;
import ai.mirroros.licensing.vault.VaultRegistryFile;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * A deterministic load of Stripe events for the reliability tests: payments over the example vaults, each announced
 * twice (payment_intent.succeeded and charge.succeeded, as Stripe does), some refunded, all shuffled so that refunds
 * can arrive before their payment. It also knows what the books must look like afterwards: {@link #reference} posts
 * the same payments and refunds directly (PaymentPosting, PaymentAdjustments) into a fresh database, bypassing the
 * inbox, the decoder and HTTP entirely.
 */
final class EventLoad {
    static final Instant REGISTERED = Instant.parse("2026-01-01T00:00:00Z");
    static final Path REGISTRY = Path.of("examples/licensed-vaults.json");
    /**
     * The volume bonus makes a payment's split depend on the revenue posted before it, so processing order would
     * change the books once a vault crosses its threshold. Every vault stays below the smallest threshold in the
     * example registry (startup-vault: 10,000.00 in 30 days), which makes the expected ledger order-independent.
     */
    private static final long VAULT_REVENUE_MINOR_MAX = 1_000_000;
    private static final List<String> VAULTS = List.of("enterprise-vault.sig", "agency-fork.sig",
            "startup-vault.sig", "individual-vault.sig", "premium-enterprise-vault.sig");
    private static final Instant FIRST_PAYMENT = Instant.parse("2026-03-10T12:00:00Z");

    /** One Stripe event as Stripe would POST it. */
    record StripeEvent(String id, String type, String body) {
    }

    /** One customer payment and, if refunded, the cumulative amount refunded. */
    record Payment(String key, StripeEventJson.Charge charge, String vaultId, Optional<Long> refundedMinor) {
        CurrencyUnit currency() {
            return CurrencyUnit.of(charge.currency().toUpperCase(Locale.ROOT));
        }

        Instant refundedAt() {
            return charge.created().plus(Duration.ofDays(1));
        }
    }

    private static final Map<String, Books> REFERENCES = new java.util.concurrent.ConcurrentHashMap<>();

    /** What identifies the load: tag, size and seed determine every event. */
    private final String name;
    private final List<Payment> payments;
    private final List<StripeEvent> events;

    private EventLoad(String name, List<Payment> payments, List<StripeEvent> events) {
        this.name = name;
        this.payments = List.copyOf(payments);
        this.events = List.copyOf(events);
    }

    /**
     * {@code paymentCount} payments (5.00 to 40.00, a third with Stripe's balance transaction embedded so that the
     * actual fee is used, the others from the fee schedule), every fifth refunded (half or in full).
     *
     * @param tag keeps the ids of one load apart from another's
     */
    static EventLoad generate(String tag, int paymentCount, long seed) {
        Random random = new Random(seed);
        List<Payment> payments = new ArrayList<>(paymentCount);
        List<StripeEvent> events = new ArrayList<>(paymentCount * 2 + paymentCount / 5);
        Map<String, Long> revenue = new LinkedHashMap<>();
        for (int i = 0; i < paymentCount; i++) {
            String vault = VAULTS.get(i % VAULTS.size());
            String currency = vault.equals("premium-enterprise-vault.sig") ? "eur" : "usd";
            long amountMinor = 500 + random.nextInt(3_501);
            revenue.merge(vault, amountMinor, Long::sum);
            Instant at = FIRST_PAYMENT.plus(Duration.ofMinutes(i));
            String id = tag + "_" + i;
            Optional<StripeEventJson.BalanceTransaction> settled = i % 3 == 0
                    ? Optional.of(new StripeEventJson.BalanceTransaction("txn_" + id, amountMinor,
                            amountMinor * 29 / 1_000 + 30, currency, Optional.empty(), at, "ch_" + id))
                    : Optional.empty();
            StripeEventJson.Charge charge = new StripeEventJson.Charge("ch_" + id, "pi_" + id, amountMinor, currency,
                    0, Map.of("vault_id", vault, "product_type", "template"), at,
                    settled.map(StripeEventJson.BalanceTransaction::id), settled);
            Optional<Long> refunded = i % 5 == 4 ? Optional.of(i % 2 == 0 ? amountMinor : amountMinor / 2)
                    : Optional.empty();
            Payment payment = new Payment("pi_" + id, charge, vault, refunded);
            payments.add(payment);
            events.add(new StripeEvent("evt_pi_" + id, "payment_intent.succeeded", StripeEventJson.event(
                    "evt_pi_" + id, "payment_intent.succeeded", at, StripeEventJson.paymentIntent(charge,
                            settled.isPresent()))));
            events.add(new StripeEvent("evt_ch_" + id, "charge.succeeded", WebhookClient.chargeSucceeded(
                    "evt_ch_" + id, charge, at)));
            refunded.ifPresent(minor -> events.add(new StripeEvent("evt_re_" + id, "charge.refunded",
                    WebhookClient.refunded("evt_re_" + id, charge, minor, payment.refundedAt()))));
        }
        revenue.forEach((vault, minor) -> {
            if (minor >= VAULT_REVENUE_MINOR_MAX) {
                throw new IllegalArgumentException(vault + " would reach a volume bonus threshold (" + minor
                        + " minor units); use fewer payments");
            }
        });
        Collections.shuffle(events, random);
        return new EventLoad(tag + "/" + paymentCount + "/" + seed, payments, events);
    }

    List<Payment> payments() {
        return payments;
    }

    /** Every event, shuffled. */
    List<StripeEvent> events() {
        return events;
    }

    long refundCount() {
        return payments.stream().filter(p -> p.refundedMinor().isPresent()).count();
    }

    /** The payment as the processor should post it, built here from the load's own figures, not from a payload. */
    static PaymentEvent paymentEvent(Payment payment) {
        CurrencyUnit currency = payment.currency();
        StripeEventJson.Charge charge = payment.charge();
        Optional<Money> fee = charge.balanceTransaction().map(bt -> Money.ofMinor(bt.feeMinor(), currency));
        PaymentOrigin origin = new PaymentOrigin(List.of(charge.paymentIntentId(), charge.id()),
                Optional.of("template"), charge.metadata(), Optional.empty(), Optional.empty());
        return new PaymentEvent(payment.key(), payment.vaultId(), Money.ofMinor(charge.amountMinor(), currency), fee,
                charge.created(), origin);
    }

    /**
     * The books after posting this load directly, once, in a fresh database. Computed on PostgreSQL once per load
     * and shared by the H2 and PostgreSQL runs of a test: the ledger's arithmetic is the application's, not the
     * database's, so both must arrive at the same books.
     */
    Books reference() {
        return REFERENCES.computeIfAbsent(name, n -> postDirectly(TestDatabases.Kind.POSTGRES));
    }

    private Books postDirectly(TestDatabases.Kind kind) {
        try (TestDatabases.TestDatabase fresh = TestDatabases.fresh(kind)) {
            LicensingApp app = LicensingApp.over(fresh.database(), Clock.fixed(REGISTERED, ZoneOffset.UTC));
            app.vaults().importVaults(VaultRegistryFile.load(REGISTRY).values(), REGISTERED);
            List<PaymentEvent> all = payments.stream().map(EventLoad::paymentEvent).toList();
            for (int from = 0; from < all.size(); from += PaymentPosting.BATCH_SIZE_MAX) {
                app.payments().postBatch(all.subList(from, Math.min(all.size(), from + PaymentPosting.BATCH_SIZE_MAX)));
            }
            PaymentAdjustments adjustments = app.adjustments(PaymentAdjustments.DisputePolicy.DEFAULT);
            fresh.database().jdbi().useTransaction(handle -> {
                for (Payment payment : payments) {
                    if (payment.refundedMinor().isPresent()) {
                        PaymentAdjustments.Result result = adjustments.apply(handle, new PaymentAdjustments.Refund(
                                List.of(payment.charge().paymentIntentId(), payment.charge().id()),
                                Money.ofMinor(payment.refundedMinor().get(), payment.currency()),
                                payment.refundedAt()));
                        if (!(result instanceof PaymentAdjustments.Result.Applied)) {
                            throw new IllegalStateException("reference refund not applied: " + result);
                        }
                    }
                }
            });
            return Books.read(app);
        }
    }
}
