package ai.mirroros.licensing.loadgen;

import ai.mirroros.licensing.stripe.StripeEventJson;
import ai.mirroros.licensing.stripe.StripeEventJson.BalanceTransaction;
import ai.mirroros.licensing.stripe.StripeEventJson.Charge;
import ai.mirroros.licensing.vault.LicensedVault;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * A seeded, endless stream of the Stripe webhook deliveries a live MirrorOS account produces, for the load
 * generator: the same seed, start and vaults give the same deliveries byte for byte. Per 1,000 draws:
 * <ul>
 *   <li>{@value #ONE_OFF_PER_MILLE} one-off purchases (template, agent or loop export, platform fork):
 *       {@code payment_intent.succeeded} immediately followed by {@code charge.succeeded} for the same payment
 *       intent (the engine must post the payment once);</li>
 *   <li>{@value #SUBSCRIPTION_PER_MILLE} hosted-platform subscription renewals: {@code invoice.paid} and its
 *       {@code charge.succeeded}, in either order, the charge without metadata as Stripe sends it;</li>
 *   <li>{@value #REDELIVERY_PER_MILLE} redeliveries of an earlier event (same id, same body);</li>
 *   <li>{@value #REFUND_PER_MILLE} {@code charge.refunded} of an earlier charge, partial or full, the charge's
 *       {@code amount_refunded} cumulative;</li>
 *   <li>{@value #DISPUTE_PER_MILLE} {@code charge.dispute.created} on an earlier charge.</li>
 * </ul>
 * Every charge embeds its balance transaction (fee 2.9 % + 30 minor units of the settled amount; for a EUR or GBP
 * charge to a USD-settling vault, the amount converted at a realistic exchange rate), and the payment intent
 * embeds its charge, so the engine never needs to call the Stripe API. A vault that settles in another currency
 * is charged in that currency, and so is every subscription. Metadata follows the integration contract
 * (docs/STRIPE_INTEGRATION.md): {@code vault_id}, {@code product_type},
 * {@code template_id} or {@code hosted_platform_id}, sometimes {@code referral_code}, mostly
 * {@code customer_country}. Not thread-safe: one sender thread draws from it.
 */
public final class EventMix {
    static final int REDELIVERY_PER_MILLE = 30;
    static final int REFUND_PER_MILLE = 30;
    static final int DISPUTE_PER_MILLE = 10;
    static final int SUBSCRIPTION_PER_MILLE = 120;
    static final int ONE_OFF_PER_MILLE = 1_000 - REDELIVERY_PER_MILLE - REFUND_PER_MILLE - DISPUTE_PER_MILLE
            - SUBSCRIPTION_PER_MILLE;
    /**
     * Refunds and disputes pick among the last 4,096 charges, redeliveries among the last 1,024 events: bounded
     * memory for runs of any length, and still "earlier" by seconds to minutes, as in production.
     */
    static final int RECENT_CHARGES = 4_096;
    static final int RECENT_DELIVERIES = 1_024;
    /** Share (per mille) of a USD-settling vault's charges presented in EUR and in GBP. */
    static final int EUR_PER_MILLE = 80;
    static final int GBP_PER_MILLE = 50;
    /** Stripe's standard card pricing, applied to the settled amount: 2.9 % HALF_UP + 30 minor units. */
    static final long FEE_PER_MILLE = 29;
    static final long FEE_FIXED_MINOR = 30;
    /** Exchange rates to USD in millionths, jittered by up to ±0.5 % per charge like a moving market. */
    private static final Map<String, Long> USD_RATE_MICROS = Map.of("EUR", 1_084_200L, "GBP", 1_269_500L);
    private static final String ID_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    /** Stripe object ids are a prefix and 24 base-62 characters. */
    private static final int ID_CHARS = 24;
    private static final String[] COUNTRIES_USD = {"US", "US", "US", "US", "US", "US", "CA", "AU", "JP", "BR", "SG"};
    private static final String[] COUNTRIES_EUR = {"DE", "FR", "NL", "ES", "IT", "IE", "AT", "BE"};
    private static final String[] COUNTRIES_GBP = {"GB"};

    /** One webhook delivery; {@code body} is the exact JSON to sign and send, never modified. */
    public record Delivery(String eventId, String type, byte[] body, boolean redelivery) {
        public Delivery {
            Objects.requireNonNull(eventId, "eventId");
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(body, "body");
        }
    }

    /** A vault the stream sells for, and which products its monetization config switches on. */
    public record VaultProfile(String vaultId, String settlementCurrency, boolean templates, boolean hostedPlatforms,
                               boolean exports, boolean referralProgram) {
        public VaultProfile {
            Objects.requireNonNull(vaultId, "vaultId");
            Objects.requireNonNull(settlementCurrency, "settlementCurrency");
        }

        /** Empty when the vault has no Stripe integration: no Stripe event can name it. */
        public static Optional<VaultProfile> of(LicensedVault vault) {
            var config = vault.monetizationConfig();
            if (!config.stripeIntegration()) {
                return Optional.empty();
            }
            return Optional.of(new VaultProfile(vault.vaultId(), vault.settlementCurrency().code(),
                    config.enableAgentTemplateResale(), config.enableHostedMirrorPlatforms(),
                    config.enableCustomExportFees(), config.referralProgram()));
        }
    }

    private enum Product {
        TEMPLATE("template", 600), AGENT_EXPORT("agent_export", 200), LOOP_EXPORT("loop_export", 130),
        PLATFORM_FORK("platform_fork", 70), HOSTED_PLATFORM("hosted_platform", 0);

        final String wireName;
        /** Weight among one-off purchases; hosted platforms are sold only as subscriptions. */
        final int oneOffWeight;

        Product(String wireName, int oneOffWeight) {
            this.wireName = wireName;
            this.oneOffWeight = oneOffWeight;
        }

        boolean soldBy(VaultProfile vault) {
            return switch (this) {
                case TEMPLATE -> vault.templates();
                case AGENT_EXPORT, LOOP_EXPORT, PLATFORM_FORK -> vault.exports();
                case HOSTED_PLATFORM -> vault.hostedPlatforms();
            };
        }
    }

    /** A charge the stream has sent, as Stripe now knows it. */
    private static final class ChargeState {
        Charge charge;
        boolean disputed;

        ChargeState(Charge charge) {
            this.charge = charge;
        }

        long refundableMinor() {
            return disputed ? 0 : charge.amountMinor() - charge.amountRefundedMinor();
        }
    }

    private final SplittableRandom random;
    private final Instant start;
    private final long spacingNanos;
    private final Map<Product, List<VaultProfile>> sellers = new LinkedHashMap<>();
    private final ArrayDeque<Delivery> followUps = new ArrayDeque<>();
    private final ChargeState[] recentCharges = new ChargeState[RECENT_CHARGES];
    private long chargesSeen;
    private final Delivery[] recentDeliveries = new Delivery[RECENT_DELIVERIES];
    private long deliveriesSeen;
    private long emitted;
    private long redeliveries;
    private final Map<String, Long> countsByType = new TreeMap<>();

    /**
     * @param start   the {@code created} time of the first event
     * @param spacing how far {@code created} advances per event (about 1 / the send rate)
     */
    public EventMix(long seed, Instant start, Duration spacing, Collection<VaultProfile> vaults) {
        this.random = new SplittableRandom(seed);
        this.start = Objects.requireNonNull(start, "start");
        this.spacingNanos = spacing.toNanos();
        if (spacingNanos < 0) {
            throw new IllegalArgumentException("spacing must not be negative: " + spacing);
        }
        List<VaultProfile> sorted = vaults.stream().sorted(Comparator.comparing(VaultProfile::vaultId)).toList();
        for (Product product : Product.values()) {
            List<VaultProfile> selling = sorted.stream().filter(product::soldBy).toList();
            if (!selling.isEmpty()) {
                sellers.put(product, selling);
            }
        }
        if (sellers.keySet().stream().noneMatch(p -> p.oneOffWeight > 0)) {
            throw new IllegalArgumentException("no vault with Stripe integration sells templates or exports; "
                    + "the event mix needs at least one");
        }
    }

    /** The mix over a registry's vaults (those with Stripe integration). */
    public static EventMix of(long seed, Instant start, Duration spacing, Collection<LicensedVault> vaults) {
        return new EventMix(seed, start, spacing,
                vaults.stream().flatMap(v -> VaultProfile.of(v).stream()).toList());
    }

    /** A fresh mix over the same vaults, start and spacing with another seed; for warming up without drawing. */
    public EventMix withSeed(long seed) {
        return new EventMix(seed, start, Duration.ofNanos(spacingNanos),
                sellers.values().stream().flatMap(List::stream).distinct().toList());
    }

    /** The next delivery. */
    public Delivery next() {
        Delivery delivery = followUps.isEmpty() ? draw() : followUps.removeFirst();
        emitted++;
        countsByType.merge(delivery.type(), 1L, Long::sum);
        if (delivery.redelivery()) {
            redeliveries++;
        }
        return delivery;
    }

    /** Deliveries handed out so far, by event type (redeliveries included). */
    public Map<String, Long> countsByType() {
        return Map.copyOf(countsByType);
    }

    /** How many of the deliveries handed out repeated an earlier event id. */
    public long redeliveries() {
        return redeliveries;
    }

    private Delivery draw() {
        int roll = random.nextInt(1_000);
        if (roll < REDELIVERY_PER_MILLE && deliveriesSeen > 0) {
            return redelivery();
        }
        roll -= REDELIVERY_PER_MILLE;
        if (roll >= 0 && roll < REFUND_PER_MILLE) {
            ChargeState refundable = pickCharge();
            if (refundable != null) {
                return refund(refundable);
            }
        }
        roll -= REFUND_PER_MILLE;
        if (roll >= 0 && roll < DISPUTE_PER_MILLE) {
            ChargeState disputable = pickCharge();
            if (disputable != null) {
                return dispute(disputable);
            }
        }
        roll -= DISPUTE_PER_MILLE;
        if (roll >= 0 && roll < SUBSCRIPTION_PER_MILLE && sellers.containsKey(Product.HOSTED_PLATFORM)) {
            return subscriptionRenewal();
        }
        return oneOffPurchase();
    }

    private Delivery oneOffPurchase() {
        Product product = pickOneOffProduct();
        Charge charge = newCharge(pick(sellers.get(product)), product);
        rememberCharge(charge);
        Delivery intent = deliver("payment_intent.succeeded", StripeEventJson.paymentIntent(charge, true));
        followUps.addLast(deliver("charge.succeeded", charge.toJson()));
        return intent;
    }

    /**
     * A renewal's two events come in either order. The metadata sits on the subscription (so on the invoice); the
     * charge Stripe creates for the invoice has none (docs/STRIPE_INTEGRATION.md).
     */
    private Delivery subscriptionRenewal() {
        Charge charge = newCharge(pick(sellers.get(Product.HOSTED_PLATFORM)), Product.HOSTED_PLATFORM);
        Charge bare = new Charge(charge.id(), charge.paymentIntentId(), charge.amountMinor(), charge.currency(), 0,
                Map.of(), charge.created(), charge.balanceTransactionId(), charge.balanceTransaction());
        rememberCharge(bare);
        Delivery invoice = deliver("invoice.paid", StripeEventJson.invoice(id("in_"), id("sub_"), charge));
        Delivery paid = deliver("charge.succeeded", bare.toJson());
        boolean chargeFirst = random.nextBoolean();
        followUps.addLast(chargeFirst ? invoice : paid);
        return chargeFirst ? paid : invoice;
    }

    private Delivery redelivery() {
        Delivery earlier = recentDeliveries[random.nextInt((int) Math.min(deliveriesSeen, RECENT_DELIVERIES))];
        return new Delivery(earlier.eventId(), earlier.type(), earlier.body(), true);
    }

    /** Refunds 10–59 % of what is left (whole units when possible), or, two times in five, all of it. */
    private Delivery refund(ChargeState state) {
        Charge charge = state.charge;
        long refundable = state.refundableMinor();
        long refundedMinor;
        if (random.nextInt(5) < 2 || refundable < 200) {
            refundedMinor = charge.amountMinor();
        } else {
            long part = refundable * (10 + random.nextInt(50)) / 100;
            part = part >= 100 ? part / 100 * 100 : Math.max(1, part);
            refundedMinor = charge.amountRefundedMinor() + part;
        }
        state.charge = charge.withAmountRefunded(refundedMinor);
        return deliver("charge.refunded", state.charge.toJson());
    }

    /** Disputes what was not refunded; a disputed charge is refunded or disputed no more. */
    private Delivery dispute(ChargeState state) {
        long amount = state.refundableMinor();
        state.disputed = true;
        return deliver("charge.dispute.created",
                StripeEventJson.dispute(id("dp_"), state.charge, amount, "needs_response", now()));
    }

    /** A recent charge with something left to refund or dispute, or null after a few misses. */
    private ChargeState pickCharge() {
        int filled = (int) Math.min(chargesSeen, RECENT_CHARGES);
        for (int attempt = 0; attempt < 4 && filled > 0; attempt++) {
            ChargeState candidate = recentCharges[random.nextInt(filled)];
            if (candidate.refundableMinor() > 0) {
                return candidate;
            }
        }
        return null;
    }

    private Product pickOneOffProduct() {
        int total = 0;
        for (Product p : sellers.keySet()) {
            total += p.oneOffWeight;
        }
        int roll = random.nextInt(total);
        for (Product p : sellers.keySet()) {
            roll -= p.oneOffWeight;
            if (roll < 0) {
                return p;
            }
        }
        throw new AssertionError("weights cover the roll");
    }

    /**
     * A charge of one purchase. Subscriptions are charged in the settlement currency: an invoice cannot embed its
     * balance transaction, so a foreign-currency renewal would need the Stripe API for its exchange rate, which
     * the benchmark avoids.
     */
    private Charge newCharge(VaultProfile vault, Product product) {
        String currency = product == Product.HOSTED_PLATFORM ? vault.settlementCurrency() : presentmentCurrency(vault);
        long amount = priceMinor(product);
        Instant created = now();
        String chargeId = id("ch_");
        long settledAmount = amount;
        Optional<BigDecimal> exchangeRate = Optional.empty();
        if (!currency.equals(vault.settlementCurrency())) {
            long base = USD_RATE_MICROS.get(currency);
            long rateMicros = base + random.nextLong(-base / 200, base / 200 + 1);
            settledAmount = (amount * rateMicros + 500_000) / 1_000_000;
            exchangeRate = Optional.of(BigDecimal.valueOf(rateMicros, 6));
        }
        long fee = (settledAmount * FEE_PER_MILLE + 500) / 1_000 + FEE_FIXED_MINOR;
        String btId = id("txn_");
        BalanceTransaction bt = new BalanceTransaction(btId, settledAmount, fee, vault.settlementCurrency(),
                exchangeRate, created, chargeId);
        return new Charge(chargeId, id("pi_"), amount, currency, 0, metadata(vault, product, currency),
                created, Optional.of(btId), Optional.of(bt));
    }

    /** The charge as its own events show it, for later refunds and disputes. */
    private void rememberCharge(Charge charge) {
        recentCharges[(int) (chargesSeen++ % RECENT_CHARGES)] = new ChargeState(charge);
    }

    private String presentmentCurrency(VaultProfile vault) {
        if (!vault.settlementCurrency().equals("USD")) {
            return vault.settlementCurrency();
        }
        int roll = random.nextInt(1_000);
        return roll < EUR_PER_MILLE ? "EUR" : roll < EUR_PER_MILLE + GBP_PER_MILLE ? "GBP" : "USD";
    }

    /**
     * Price points like the example registry's pricing (exports 39/79, forks 2,000), templates log-uniform over
     * 5.00–500.00 with half of them ending in .99, subscriptions at four plan prices: 5.00–2,000.00 overall.
     */
    private long priceMinor(Product product) {
        return switch (product) {
            case TEMPLATE -> {
                // StrictMath: the same seed must give the same prices on every JVM and CPU.
                double units = StrictMath.exp(StrictMath.log(5) + random.nextDouble() * StrictMath.log(100));
                long whole = Math.max(6, (long) units);
                yield random.nextBoolean() ? whole * 100 : (whole - 1) * 100 + 99;
            }
            case AGENT_EXPORT -> pick(29_00L, 39_00L, 49_00L);
            case LOOP_EXPORT -> pick(79_00L, 99_00L, 149_00L);
            case PLATFORM_FORK -> pick(1_500_00L, 2_000_00L);
            case HOSTED_PLATFORM -> pick(99_00L, 199_00L, 499_00L, 999_00L);
        };
    }

    private Map<String, String> metadata(VaultProfile vault, Product product, String currency) {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("vault_id", vault.vaultId());
        metadata.put("product_type", product.wireName);
        if (product == Product.TEMPLATE) {
            metadata.put("template_id", String.format("tpl_%04d", 1 + random.nextInt(250)));
        } else if (product == Product.HOSTED_PLATFORM) {
            metadata.put("hosted_platform_id", String.format("hp_%04d", 1 + random.nextInt(400)));
        }
        if (vault.referralProgram() && random.nextInt(100) < 15) {
            metadata.put("referral_code", "REF-" + id("").substring(0, 6).toUpperCase(java.util.Locale.ROOT));
        }
        if (random.nextInt(100) < 90) {
            String[] countries = switch (currency) {
                case "EUR" -> COUNTRIES_EUR;
                case "GBP" -> COUNTRIES_GBP;
                default -> COUNTRIES_USD;
            };
            metadata.put("customer_country", countries[random.nextInt(countries.length)]);
        }
        return metadata;
    }

    private Delivery deliver(String type, ObjectNode object) {
        String eventId = id("evt_");
        String json = StripeEventJson.event(eventId, type, now(), object);
        Delivery delivery = new Delivery(eventId, type, json.getBytes(StandardCharsets.UTF_8), false);
        recentDeliveries[(int) (deliveriesSeen++ % RECENT_DELIVERIES)] = delivery;
        return delivery;
    }

    private Instant now() {
        return start.plusNanos(emitted * spacingNanos);
    }

    private String id(String prefix) {
        char[] chars = new char[ID_CHARS];
        for (int i = 0; i < ID_CHARS; i++) {
            chars[i] = ID_ALPHABET.charAt(random.nextInt(ID_ALPHABET.length()));
        }
        return prefix + new String(chars);
    }

    private VaultProfile pick(List<VaultProfile> vaults) {
        return vaults.get(random.nextInt(vaults.size()));
    }

    private long pick(long... values) {
        return values[random.nextInt(values.length)];
    }
}
