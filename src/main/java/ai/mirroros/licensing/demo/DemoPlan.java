package ai.mirroros.licensing.demo;

import ai.mirroros.licensing.demo.DemoAction.DisputeClosed;
import ai.mirroros.licensing.demo.DemoAction.DisputeOpened;
import ai.mirroros.licensing.demo.DemoAction.HostedCancel;
import ai.mirroros.licensing.demo.DemoAction.HostedFork;
import ai.mirroros.licensing.demo.DemoAction.PayoutRun;
import ai.mirroros.licensing.demo.DemoAction.Refund;
import ai.mirroros.licensing.demo.DemoAction.Renewals;
import ai.mirroros.licensing.demo.DemoAction.Sale;
import ai.mirroros.licensing.demo.DemoCast.Exports;
import ai.mirroros.licensing.demo.DemoCast.HostedClient;
import ai.mirroros.licensing.demo.DemoCast.PlatformFork;
import ai.mirroros.licensing.demo.DemoCast.Template;
import ai.mirroros.licensing.money.Money;
import ai.mirroros.licensing.payout.PayoutCalendar;
import ai.mirroros.licensing.platform.PlatformTerms;
import ai.mirroros.licensing.revenue.PaymentOrigin;
import ai.mirroros.licensing.vault.LicensedVault;
import ai.mirroros.licensing.vault.PricingConfiguration;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * The demo's history as actions in time order. A pure function of the settings — no clock, no I/O — so one seed
 * always plans the same sales at the same moments for the same amounts. Each stream (a template's sales, a hosted
 * client's invoices, a vault's exports…) draws from its own random sequence, seeded from the demo seed and the
 * stream's name, so adding a stream does not reshuffle the others.
 */
final class DemoPlan {
    /** Product types of the metadata contract (docs/STRIPE_INTEGRATION.md). */
    static final String TEMPLATE = "template";
    static final String HOSTED_PLATFORM = "hosted_platform";
    static final String AGENT_EXPORT = "agent_export";
    static final String LOOP_EXPORT = "loop_export";
    static final String PLATFORM_FORK = "platform_fork";

    /** Exports grow with the partner's business, a little slower than its best templates. */
    static final int EXPORT_GROWTH_PERCENT = 10;
    /** Customers ask for their money back within two weeks, if at all. */
    static final Duration REFUND_AFTER_MAX = Duration.ofDays(14);
    /** The dispute: a chargeback six days after the sale, decided (lost) at most 20 days later. */
    static final Duration DISPUTE_AFTER = Duration.ofDays(6);
    static final Duration DISPUTE_DECIDED_AFTER_MAX = Duration.ofDays(20);
    /** Buyers look at a listing a few times before they buy; others browse without buying. */
    static final int VIEWS_PER_SALE = 4;
    static final int BROWSERS_PER_DAY_MIN = 5;
    /** Payout days' runs happen in the morning, before that day's sales. */
    static final LocalTime PAYOUT_RUN_TIME = LocalTime.of(9, 0);
    static final LocalTime INVOICE_TIME = LocalTime.of(10, 0);
    /** A leaving client cancels a couple of days before its next renewal, in the afternoon. */
    static final Duration CANCEL_BEFORE_RENEWAL = Duration.ofDays(2);
    static final LocalTime CANCEL_TIME = LocalTime.of(15, 0);
    /** Spreads stream names' hash codes over the seed space (the golden-ratio constant). */
    private static final long STREAM_MIX = 0x9E3779B97F4A7C15L;

    private record Timed(DemoAction action, int order) {
    }

    /** {@code views} visits to the listing of the cast's template {@code templateId} on {@code day}. */
    record Views(String templateId, LocalDate day, long views) {
    }

    /** Acquisition spend of {@code vaultId} for the calendar month starting {@code monthStart}. */
    record Spend(String vaultId, LocalDate monthStart, Money amount) {
    }

    private final DemoSettings settings;
    private final Instant start;
    private final Instant end;
    private final List<Timed> timeline = new ArrayList<>();
    private final List<Sale> sales = new ArrayList<>();
    private final Map<String, SplittableRandom> buyerStreams = new LinkedHashMap<>();
    private final List<Spend> spends = new ArrayList<>();
    private final List<Views> views = new ArrayList<>();
    /** Its own sequence, so that giving Canadian buyers a province reshuffles no other draw of the plan. */
    private final SplittableRandom provinces;

    private DemoPlan(DemoSettings settings) {
        this.settings = settings;
        this.start = settings.start();
        this.end = settings.asOf();
        this.provinces = random("provinces");
    }

    /** Plans every stream for {@code vaults} (the demo cast's, as registered) under the platform's {@code terms}. */
    static DemoPlan of(DemoSettings settings, List<LicensedVault> vaults, PlatformTerms terms) {
        DemoPlan plan = new DemoPlan(settings);
        plan.templateSales();
        plan.listingViews();
        plan.hostedPlatforms();
        plan.exports(vaults, terms);
        plan.platformForks(vaults, terms);
        Optional<Sale> disputed = plan.dispute();
        plan.refunds(disputed);
        plan.payoutRuns(vaults);
        plan.acquisitionSpend();
        return plan;
    }

    /** Every action, earliest first; two at the same second keep the order they were planned in. */
    List<DemoAction> actions() {
        return timeline.stream().sorted(Comparator.comparing((Timed t) -> t.action().at())
                .thenComparingInt(Timed::order)).map(Timed::action).toList();
    }

    /** What each vault spent on acquisition, per calendar month the history touches. */
    List<Spend> spends() {
        return List.copyOf(spends);
    }

    /** Each template's listing views, day by day. */
    List<Views> views() {
        return List.copyOf(views);
    }

    List<Sale> sales() {
        return List.copyOf(sales);
    }

    Instant start() {
        return start;
    }

    Instant end() {
        return end;
    }

    // ---- the streams --------------------------------------------------------------------------------------------

    /**
     * Marketplace template sales. Today a sale is a sandbox payment whose metadata names the template; wired to the
     * marketplace, the seeder creates and publishes the templates at the start ({@code TemplateStore.create}) and
     * sells them through {@code Checkout.quote}/{@code pay} with a sandbox customer (docs/DEMO.md).
     */
    private void templateSales() {
        for (Template template : DemoCast.TEMPLATES) {
            SplittableRandom random = random("template:" + template.templateId());
            for (int month = 0; month < settings.months(); month++) {
                int count = monthlyCount(random, template.salesPerMonth(), template.growthPercent(), month);
                for (int i = 0; i < count; i++) {
                    sale(momentIn(random, month), template.vaultId(), TEMPLATE, template.price(),
                            Map.of(PaymentOrigin.TEMPLATE_ID, template.templateId()), country(random),
                            buyer(template.vaultId(), month));
                }
            }
        }
    }

    /**
     * Visits to each template's listing on every day of the history: {@value #VIEWS_PER_SALE} per sale that day
     * (the buyers looked around first) plus a few dozen browsers who did not buy, so conversion is a few per cent.
     */
    private void listingViews() {
        Map<String, Map<LocalDate, Long>> salesByDay = new LinkedHashMap<>();
        for (Sale sale : sales) {
            if (sale.productType().equals(TEMPLATE)) {
                salesByDay.computeIfAbsent(sale.metadata().get(PaymentOrigin.TEMPLATE_ID), t -> new LinkedHashMap<>())
                        .merge(LocalDate.ofInstant(sale.at(), ZoneOffset.UTC), 1L, Long::sum);
            }
        }
        LocalDate first = LocalDate.ofInstant(start, ZoneOffset.UTC);
        LocalDate last = LocalDate.ofInstant(end, ZoneOffset.UTC);
        for (Template template : DemoCast.TEMPLATES) {
            SplittableRandom random = random("views:" + template.templateId());
            Map<LocalDate, Long> daily = salesByDay.getOrDefault(template.templateId(), Map.of());
            for (LocalDate day = first; !day.isAfter(last); day = day.plusDays(1)) {
                long browsers = random.nextInt(BROWSERS_PER_DAY_MIN,
                        BROWSERS_PER_DAY_MIN + 2 * template.salesPerMonth());
                views.add(new Views(template.templateId(), day, VIEWS_PER_SALE * daily.getOrDefault(day, 0L)
                        + browsers));
            }
        }
    }

    /**
     * Hosted platforms: each client's platform is forked on its billing day in its first month (the sandbox bills
     * the first month at once), Stripe's billing run renews the subscriptions every day at {@link #INVOICE_TIME},
     * and a client that leaves has its subscription canceled two days before the month it would no longer pay for.
     */
    private void hostedPlatforms() {
        LocalDate firstDay = LocalDate.ofInstant(start, ZoneOffset.UTC);
        Optional<Instant> firstFork = Optional.empty();
        for (HostedClient client : DemoCast.HOSTED_CLIENTS) {
            Instant forkAt = firstDay.plusMonths(client.firstMonth()).plusDays(client.billingDay())
                    .atTime(INVOICE_TIME).toInstant(ZoneOffset.UTC);
            if (!forkAt.isAfter(start) || !forkAt.isBefore(end)) {
                continue;
            }
            add(new HostedFork(forkAt, client.vaultId(), client.client(), client.monthly()));
            firstFork = firstFork.filter(f -> f.isBefore(forkAt)).or(() -> Optional.of(forkAt));
            if (client.lastMonth() != HostedClient.STILL_ACTIVE) {
                int monthsPaid = client.lastMonth() - client.firstMonth() + 1;
                Instant cancelAt = forkAt.atZone(ZoneOffset.UTC).plusMonths(monthsPaid).minus(CANCEL_BEFORE_RENEWAL)
                        .with(CANCEL_TIME).toInstant();
                if (cancelAt.isBefore(end)) {
                    add(new HostedCancel(cancelAt, client.client()));
                }
            }
        }
        LocalDate last = LocalDate.ofInstant(end, ZoneOffset.UTC);
        for (LocalDate day = firstFork.map(f -> LocalDate.ofInstant(f, ZoneOffset.UTC).plusDays(1)).orElse(last
                .plusDays(1)); !day.isAfter(last); day = day.plusDays(1)) {
            Instant at = day.atTime(INVOICE_TIME).toInstant(ZoneOffset.UTC);
            if (at.isBefore(end)) {
                add(new Renewals(at));
            }
        }
    }

    /**
     * Agent and agent-loop exports at each vault's export prices (the platform's when custom fees are off); wired
     * to checkout, these become {@code Checkout} export purchases priced by {@code ExportPricing}.
     */
    private void exports(List<LicensedVault> vaults, PlatformTerms terms) {
        for (Exports exports : DemoCast.EXPORTS) {
            PricingConfiguration pricing = DemoCast.exportPricing(vault(vaults, exports.vaultId()), terms);
            SplittableRandom random = random("exports:" + exports.vaultId());
            for (int month = 0; month < settings.months(); month++) {
                int agents = monthlyCount(random, exports.agentExportsPerMonth(), EXPORT_GROWTH_PERCENT, month);
                for (int i = 0; i < agents; i++) {
                    sale(momentIn(random, month), exports.vaultId(), AGENT_EXPORT, pricing.agentExportFee(),
                            Map.of(), country(random), buyer(exports.vaultId(), month));
                }
                int loops = monthlyCount(random, exports.loopExportsPerMonth(), EXPORT_GROWTH_PERCENT, month);
                for (int i = 0; i < loops; i++) {
                    String loopId = exports.loopIds().get(random.nextInt(exports.loopIds().size()));
                    sale(momentIn(random, month), exports.vaultId(), LOOP_EXPORT, pricing.agentLoopExportFee(),
                            Map.of(PaymentOrigin.AGENT_LOOP_ID, loopId), country(random),
                            buyer(exports.vaultId(), month));
                }
            }
        }
    }

    /** One-off platform forks at the vault's fork fee. */
    private void platformForks(List<LicensedVault> vaults, PlatformTerms terms) {
        for (PlatformFork fork : DemoCast.PLATFORM_FORKS) {
            if (fork.month() >= settings.months()) {
                continue;
            }
            SplittableRandom random = random("fork:" + fork.vaultId() + ":" + fork.month());
            PricingConfiguration pricing = DemoCast.exportPricing(vault(vaults, fork.vaultId()), terms);
            sale(momentIn(random, fork.month()), fork.vaultId(), PLATFORM_FORK, pricing.platformForkFee(), Map.of(),
                    country(random), buyer(fork.vaultId(), fork.month()));
        }
    }

    /**
     * The one dispute: a chargeback on an enterprise template sale from the first 40 % of the history, lost. None
     * when no such sale exists (a very short history).
     */
    private Optional<Sale> dispute() {
        SplittableRandom random = random("dispute");
        Instant latest = start.plus(Duration.between(start, end).multipliedBy(2).dividedBy(5));
        List<Sale> candidates = sales.stream().filter(s -> s.vaultId().equals(DemoCast.ENTERPRISE)
                && s.productType().equals(TEMPLATE) && s.at().isBefore(latest)).toList();
        if (candidates.isEmpty()) {
            return Optional.empty();
        }
        Sale sale = candidates.get(random.nextInt(candidates.size()));
        Instant opened = sale.at().plus(DISPUTE_AFTER);
        Duration untilEnd = Duration.between(opened, end);
        Duration decided = untilEnd.dividedBy(2).compareTo(DISPUTE_DECIDED_AFTER_MAX) < 0 ? untilEnd.dividedBy(2)
                : DISPUTE_DECIDED_AFTER_MAX;
        add(new DisputeOpened(opened, sale.saleNo()));
        add(new DisputeClosed(opened.plus(decided), sale.saleNo(), false));
        return Optional.of(sale);
    }

    /**
     * A few refunds, about one a month (at least two): full and half refunds in turn, 1 to 14 days after one-off
     * sales (not the disputed sale).
     */
    private void refunds(Optional<Sale> disputed) {
        SplittableRandom random = random("refunds");
        Instant latestSale = end.minus(REFUND_AFTER_MAX).minus(Duration.ofDays(1));
        List<Sale> eligible = new ArrayList<>(sales.stream().filter(s -> s.at().isBefore(latestSale)
                && disputed.map(d -> d.saleNo() != s.saleNo()).orElse(true)).toList());
        int wanted = Math.min(eligible.size(), Math.max(2, settings.months()));
        for (int i = 0; i < wanted; i++) {
            Sale sale = eligible.remove(random.nextInt(eligible.size()));
            Instant at = sale.at().plus(Duration.ofDays(1 + random.nextInt((int) REFUND_AFTER_MAX.toDays())))
                    .plusSeconds(random.nextInt(86_400));
            Optional<Money> amount = i % 2 == 0 ? Optional.empty()
                    : Optional.of(Money.ofMinor(sale.price().amountMinor() / 2, sale.price().currency()));
            add(new Refund(at, sale.saleNo(), amount));
        }
    }

    /** A run on every day one of the vaults is due to be paid (PayoutCalendar), as {@code serve} would make. */
    private void payoutRuns(List<LicensedVault> vaults) {
        LocalDate last = LocalDate.ofInstant(end, ZoneOffset.UTC);
        for (LocalDate day = LocalDate.ofInstant(start, ZoneOffset.UTC).plusDays(1); !day.isAfter(last);
             day = day.plusDays(1)) {
            LocalDate today = day;
            Instant at = day.atTime(PAYOUT_RUN_TIME).toInstant(ZoneOffset.UTC);
            boolean due = vaults.stream()
                    .anyMatch(v -> PayoutCalendar.lastDueDate(v.payoutSchedule(), today).equals(today));
            if (due && at.isBefore(end)) {
                add(new PayoutRun(at));
            }
        }
    }

    /** Each vault's acquisition spend in every calendar month of the history: its budget ±20 %, to the cent. */
    private void acquisitionSpend() {
        for (DemoCast.Customers customers : DemoCast.CUSTOMERS) {
            SplittableRandom random = random("spend:" + customers.vaultId());
            long budget = customers.acquisitionSpend().amountMinor();
            for (LocalDate month = LocalDate.ofInstant(start, ZoneOffset.UTC).withDayOfMonth(1);
                 month.isBefore(LocalDate.ofInstant(end, ZoneOffset.UTC).plusDays(1)); month = month.plusMonths(1)) {
                long amount = budget + random.nextLong(-budget / 5, budget / 5 + 1);
                spends.add(new Spend(customers.vaultId(), month,
                        Money.ofMinor(amount, customers.acquisitionSpend().currency())));
            }
        }
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    private void sale(Instant at, String vaultId, String productType, Money price, Map<String, String> ids,
                      String country, String buyer) {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put(PaymentOrigin.VAULT_ID, vaultId);
        metadata.put(PaymentOrigin.PRODUCT_TYPE, productType);
        metadata.putAll(ids);
        metadata.put(PaymentOrigin.CUSTOMER_COUNTRY, country);
        if (country.equals("CA")) {
            // Canada's tax depends on the province (HST or GST); the checkout sends it as customer_region.
            metadata.put(PaymentOrigin.CUSTOMER_REGION, weighted(provinces, DemoCast.CUSTOMER_PROVINCES));
        }
        Sale sale = new Sale(at, sales.size(), vaultId, productType, price, metadata, buyer);
        sales.add(sale);
        add(sale);
    }

    /**
     * Who buys from {@code vaultId} in {@code month}: one of the {@code newPerMonth × (month + 1)} people who may
     * buy by then, drawn from the vault's own sequence (so customers do not reshuffle the sales).
     */
    private String buyer(String vaultId, int month) {
        DemoCast.Customers customers = DemoCast.customers(vaultId);
        SplittableRandom random = buyerStreams.computeIfAbsent(vaultId, v -> random("customers:" + v));
        return vaultId + "#" + random.nextInt(customers.newPerMonth() * (month + 1));
    }

    private void add(DemoAction action) {
        timeline.add(new Timed(action, timeline.size()));
    }

    /**
     * How many sales in {@code month}: {@code first} grown by {@code growthPercent} a month, ±25 % at random. Whole
     * hundredths, so that no floating-point rounding can differ between machines.
     */
    static int monthlyCount(SplittableRandom random, int first, int growthPercent, int month) {
        long expectedX100 = first * 100L;
        for (int i = 0; i < month; i++) {
            expectedX100 = expectedX100 * (100 + growthPercent) / 100;
        }
        long spread = expectedX100 / 4;
        long x100 = expectedX100 + (spread == 0 ? 0 : random.nextLong(-spread, spread + 1));
        return (int) ((x100 + 50) / 100);
    }

    /** A moment in the history's {@code month} (0 = the first), to the second. */
    private Instant momentIn(SplittableRandom random, int month) {
        Instant from = start.atZone(ZoneOffset.UTC).plusMonths(month).toInstant();
        // The last month runs to the end even when month arithmetic clamped a day (31 August − 6 months…).
        Instant to = month == settings.months() - 1 ? end : start.atZone(ZoneOffset.UTC).plusMonths(month + 1)
                .toInstant();
        return from.plusSeconds(random.nextLong(Math.max(1, Duration.between(from, to).toSeconds())));
    }

    private static String country(SplittableRandom random) {
        return weighted(random, DemoCast.CUSTOMER_COUNTRIES);
    }

    /** A key of {@code weights} drawn with its weight (a sorted map: the same seed picks the same key). */
    private static String weighted(SplittableRandom random, java.util.SortedMap<String, Integer> weights) {
        int total = weights.values().stream().mapToInt(Integer::intValue).sum();
        int pick = random.nextInt(total);
        for (Map.Entry<String, Integer> entry : weights.entrySet()) {
            pick -= entry.getValue();
            if (pick < 0) {
                return entry.getKey();
            }
        }
        throw new AssertionError("weights sum to " + total);
    }

    private SplittableRandom random(String stream) {
        return new SplittableRandom(settings.seed() ^ (stream.hashCode() * STREAM_MIX));
    }

    private static LicensedVault vault(List<LicensedVault> vaults, String vaultId) {
        return vaults.stream().filter(v -> v.vaultId().equals(vaultId)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("the demo cast has no vault " + vaultId));
    }
}
