package ai.mirroros.licensing.demo;

import ai.mirroros.licensing.LicensingApp;
import ai.mirroros.licensing.LicensingException;
import ai.mirroros.licensing.analytics.AcquisitionSpend;
import ai.mirroros.licensing.demo.DemoAction.DisputeClosed;
import ai.mirroros.licensing.demo.DemoAction.DisputeOpened;
import ai.mirroros.licensing.demo.DemoAction.HostedCancel;
import ai.mirroros.licensing.demo.DemoAction.HostedFork;
import ai.mirroros.licensing.demo.DemoAction.PayoutRun;
import ai.mirroros.licensing.demo.DemoAction.Refund;
import ai.mirroros.licensing.demo.DemoAction.Renewals;
import ai.mirroros.licensing.demo.DemoAction.Sale;
import ai.mirroros.licensing.hosting.ForkRequest;
import ai.mirroros.licensing.hosting.HostedPlatforms;
import ai.mirroros.licensing.ingest.EventStatus;
import ai.mirroros.licensing.ingest.Inbox;
import ai.mirroros.licensing.ingest.InboxEvent;
import ai.mirroros.licensing.ingest.InboxProcessor;
import ai.mirroros.licensing.ingest.IngestSettings;
import ai.mirroros.licensing.marketplace.AgentTemplate;
import ai.mirroros.licensing.marketplace.Branding;
import ai.mirroros.licensing.marketplace.ExportPricing;
import ai.mirroros.licensing.marketplace.ListingViews;
import ai.mirroros.licensing.marketplace.NewTemplate;
import ai.mirroros.licensing.marketplace.PriceRequest;
import ai.mirroros.licensing.marketplace.TemplateDetails;
import ai.mirroros.licensing.marketplace.TemplateIds;
import ai.mirroros.licensing.marketplace.TemplateStore;
import ai.mirroros.licensing.money.Money;
import ai.mirroros.licensing.payout.Onboarding;
import ai.mirroros.licensing.payout.OnboardingRequest;
import ai.mirroros.licensing.payout.OnboardingResult;
import ai.mirroros.licensing.payout.Payee;
import ai.mirroros.licensing.payout.PayeeStore;
import ai.mirroros.licensing.payout.PayoutRunner;
import ai.mirroros.licensing.payout.RetryPolicy;
import ai.mirroros.licensing.payout.StripeTransferGateway;
import ai.mirroros.licensing.referral.FunnelCounts;
import ai.mirroros.licensing.referral.ReferralCode;
import ai.mirroros.licensing.referral.ReferralCodes;
import ai.mirroros.licensing.referral.ReferralSignups;
import ai.mirroros.licensing.revenue.PaymentOrigin;
import ai.mirroros.licensing.sensitive.DataKeyRing;
import ai.mirroros.licensing.sensitive.TaxProfiles;
import ai.mirroros.licensing.store.Database;
import ai.mirroros.licensing.stripe.sandbox.CreatedPayment;
import ai.mirroros.licensing.stripe.sandbox.SandboxBalance;
import ai.mirroros.licensing.stripe.sandbox.SandboxConfig;
import ai.mirroros.licensing.stripe.sandbox.SandboxEvent;
import ai.mirroros.licensing.stripe.sandbox.SandboxPayment;
import ai.mirroros.licensing.stripe.sandbox.StripeSandbox;
import ai.mirroros.licensing.vault.LicensedVault;
import com.stripe.StripeClient;
import com.stripe.exception.StripeException;
import com.stripe.param.CustomerCreateParams;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Seeds an empty database with the demo's history. Every action of the {@link DemoPlan} is made in an in-process
 * Stripe sandbox whose clock is set to the action's moment; the sandbox's events are then signed and posted to the
 * engine's real webhook endpoint ({@link WebhookRelay}) and the inbox is processed as of that moment, so payments,
 * refunds, the dispute and the partners' onboarding all enter through the path Stripe's webhooks take in production.
 * On payout days the payout runner pays the partners through Stripe Connect transfers to the sandbox.
 */
public final class DemoSeeder {
    /** Any test key: the sandbox accepts every {@code sk_test_…}. */
    static final String STRIPE_API_KEY = "sk_test_demo";
    static final String OPERATOR = "licensing demo seed";
    /**
     * One transfer at a time: three partners do not need more, and a fixed order keeps transfer ids the same from
     * run to run.
     */
    static final PayoutRunner.Settings PAYOUTS = new PayoutRunner.Settings(500, 1, RetryPolicy.DEFAULT,
            Duration.ofSeconds(30));
    static final Duration STRIPE_TIMEOUT = Duration.ofSeconds(15);
    /**
     * Mixed into the seed for the seeder's own id sequences (template ids, hosted platform ids, referral codes), so
     * that each is the same in every run and none repeats another's draws.
     */
    private static final long TEMPLATE_IDS_STREAM = 0x7E3A_11DDL;
    private static final long HOSTED_IDS_STREAM = 0x4057_ED11L;
    private static final long REFERRAL_CODES_STREAM = 0x12EF_E22AL;
    /** The vaults are registered and referred this long before the history starts, so every payment has its chain. */
    static final Duration SETUP_LEAD = Duration.ofMinutes(2);
    /** Parked events listed when the seed fails because of them. */
    private static final int PARKED_SHOWN_MAX = 5;

    /** Told how the seed goes; the CLI draws a progress bar. */
    public interface Progress {
        Progress NONE = new Progress() {
        };

        /** The seed has {@code steps} actions to make. */
        default void started(long steps) {
        }

        /** One more action made; {@code eventsDelivered} so far. */
        default void stepped(long eventsDelivered) {
        }
    }

    private final LicensingApp app;
    private final DemoClock clock;
    private final StripeSandbox sandbox;
    private final WebhookRelay relay;
    private final InboxProcessor processor;
    private final PayoutRunner payouts;
    private final Map<Integer, CreatedPayment> payments = new HashMap<>();
    private final Map<Integer, String> disputes = new HashMap<>();
    /** The Stripe customer of each of the plan's buyers, created at the buyer's first purchase. */
    private final Map<String, String> customers = new HashMap<>();
    /** The marketplace's id of each of the cast's templates. */
    private final Map<String, String> templateIds = new HashMap<>();
    /** The hosted platform forked for each client. */
    private final Map<String, String> hostedPlatformIds = new HashMap<>();
    private final HostedPlatforms hosted;
    private final StripeClient stripe;
    private int hostedInvoices;
    private Optional<String> lastDelivered = Optional.empty();
    private int payoutRuns;
    private int payoutsPaid;

    private DemoSeeder(LicensingApp app, DemoClock clock, StripeSandbox sandbox, WebhookRelay relay,
                       InboxProcessor processor, long seed) {
        this.app = app;
        this.clock = clock;
        this.sandbox = sandbox;
        this.relay = relay;
        this.processor = processor;
        this.stripe = StripeClient.builder().setApiKey(STRIPE_API_KEY).setApiBase(sandbox.baseUrl()).build();
        this.hosted = new HostedPlatforms(app.database(), app.vaults(), app.activityLog(), clock,
                new SplittableRandom(seed ^ HOSTED_IDS_STREAM));
        this.payouts = app.payoutRunner(StripeTransferGateway.connect(STRIPE_API_KEY, sandbox.baseUrl(),
                STRIPE_TIMEOUT), PAYOUTS);
    }

    /**
     * Seeds {@code database}, which must be empty, with the history {@code settings} describe. {@code realClock} is
     * only for the webhook signatures: the endpoint checks their timestamps against real time, while everything the
     * engine records follows the history's simulated time.
     *
     * @throws LicensingException when the database already holds data
     * @throws DemoSeedException  when an event is refused or parked, or a payout fails
     */
    public static DemoReport seed(Database database, DemoSettings settings, Clock realClock, Progress progress) {
        return seed(database, settings, realClock, progress, DataKeyRing.inMemory());
    }

    /**
     * Like {@link #seed(Database, DemoSettings, Clock, Progress)}, sealing the partners' tax profiles under
     * {@code dataKeys} (the four-argument form uses a throw-away in-memory key: the profiles are then stored but
     * cannot be opened afterwards).
     */
    public static DemoReport seed(Database database, DemoSettings settings, Clock realClock, Progress progress,
                                  DataKeyRing dataKeys) {
        long startedNanos = System.nanoTime();
        requireEmpty(database);
        List<LicensedVault> vaults = DemoCast.vaults(LocalDate.ofInstant(settings.start(), ZoneOffset.UTC));
        DemoClock clock = new DemoClock(settings.start().minus(SETUP_LEAD));
        LicensingApp app = LicensingApp.over(database, clock);
        DemoPlan plan = DemoPlan.of(settings, vaults, app.platformTerms());
        List<DemoAction> actions = plan.actions();
        try (StripeSandbox sandbox = StripeSandbox.startSeeded(SandboxConfig.defaults().withClock(clock),
                settings.seed());
             WebhookRelay relay = WebhookRelay.start(database, realClock);
             InboxProcessor processor = app.newInboxProcessor(IngestSettings.defaults()
                     .withStripeApi(STRIPE_API_KEY, sandbox.baseUrl()))) {
            DemoSeeder seeder = new DemoSeeder(app, clock, sandbox, relay, processor, settings.seed());
            progress.started(actions.size());
            seeder.register(vaults, settings.seed(), settings.start());
            seeder.publishTemplates(settings.seed());
            seeder.onboard(vaults);
            seeder.recordTaxProfiles(vaults, dataKeys);
            for (int i = 0; i < actions.size(); i++) {
                DemoAction action = actions.get(i);
                seeder.make(action);
                if (i + 1 == actions.size() || dayEndsAfter(action, actions.get(i + 1))) {
                    seeder.deliverAndProcess();
                }
                progress.stepped(relay.delivered());
            }
            seeder.recordAcquisitionSpend(plan.spends(), settings.asOf());
            seeder.recordListingViews(plan.views());
            seeder.finish(settings.asOf());
            return seeder.report(settings, plan, actions, Duration.ofNanos(System.nanoTime() - startedNanos));
        }
    }

    /** The demo tells its own story from the start; mixed into other data its figures would mean nothing. */
    static void requireEmpty(Database database) {
        Map<String, Long> counts = database.jdbi().withHandle(h -> {
            Map<String, Long> found = new TreeMap<>();
            for (String table : List.of("vault_version", "payment", "journal_entry", "webhook_event", "payee",
                    "activity_log", "payee_tax_profile", "agent_template", "hosted_platform", "referral_code", "funnel_count",
                    "acquisition_spend")) {
                found.put(table, h.createQuery("SELECT COUNT(*) FROM " + table).mapTo(Long.class).one());
            }
            return found;
        });
        if (counts.values().stream().anyMatch(n -> n > 0)) {
            String what = counts.entrySet().stream().filter(e -> e.getValue() > 0)
                    .map(e -> e.getValue() + " " + e.getKey() + " row(s)").collect(Collectors.joining(", "));
            throw new LicensingException("demo_database_not_empty", "the database already holds data (" + what
                    + "); the demo seeds an empty one: give it a fresh --data-dir (e.g. /tmp/mirroros-demo) or --db");
        }
    }

    // ---- set-up -------------------------------------------------------------------------------------------------

    /**
     * The three vaults, registered just before the history starts ({@link #SETUP_LEAD}), and referred the way the
     * referral programme refers vaults: the enterprise vault creates a referral code (its share link visited a few
     * times), the startup signs up with it, then the startup creates its own and the individual signs up with that,
     * so the startup's chain is [enterprise] and the individual's [startup, enterprise]. Codes are drawn from a
     * sequence seeded with the demo seed, so they are the same every run. The clock is then at the history's start.
     */
    private void register(List<LicensedVault> vaults, long seed, Instant start) {
        app.vaults().importVaults(vaults, clock.instant());
        clock.set(start.minus(SETUP_LEAD.dividedBy(2)));
        ReferralCodes codes = new ReferralCodes(app.database(), app.vaults(), app.activityLog(), clock,
                new SplittableRandom(seed ^ REFERRAL_CODES_STREAM));
        ReferralSignups signups = new ReferralSignups(app.database(), app.vaults(), app.activityLog());
        FunnelCounts funnel = new FunnelCounts(app.database(), clock);
        for (DemoCast.Referral referral : DemoCast.REFERRALS) {
            ReferralCode code = codes.create(referral.referrer(), Optional.of("demo: " + referral.referred()));
            funnel.increment(FunnelCounts.REFERRAL_SHARE, code.code());
            for (int visit = 0; visit < referral.visits(); visit++) {
                funnel.increment(FunnelCounts.REFERRAL_VISIT, code.code());
            }
            signups.signUp(referral.referred(), code.code(), clock.instant());
        }
        clock.set(start);
    }

    /**
     * The cast's templates, created and listed in the marketplace at the history's start by their vaults. Their ids
     * come from {@link TemplateIds} drawing on a sequence seeded with the demo seed, so every run gives the same ids.
     */
    private void publishTemplates(long seed) {
        TemplateStore store = new TemplateStore(app.database(), app.vaults(), new ExportPricing(app.platformTerms()),
                app.activityLog(), clock, new TemplateIds(new SplittableRandom(seed ^ TEMPLATE_IDS_STREAM)));
        for (DemoCast.Template template : DemoCast.TEMPLATES) {
            AgentTemplate created = store.create(new NewTemplate(template.vaultId(),
                    new TemplateDetails(template.name(), Optional.empty(), template.category(), Optional.empty()),
                    new PriceRequest.Explicit(template.price().toDecimalString()), Branding.NONE, true));
            templateIds.put(template.templateId(), created.templateId());
        }
    }

    /**
     * Onboards each vault as a payee: an Express account in the sandbox, onboarding completed there (its
     * {@code account.updated} webhook makes KYC verified), the tax form and payout account recorded by the
     * operator where the registry had none. Afterwards every vault must be payable.
     */
    private void onboard(List<LicensedVault> vaults) {
        Onboarding onboarding = new Onboarding(app.database(), app.vaults(), app.activityLog(), clock);
        for (LicensedVault vault : vaults) {
            String vaultId = vault.vaultId();
            String country = DemoCast.taxProfile(vaultId).country();
            OnboardingResult result = onboarding.onboard(stripe, new OnboardingRequest(vaultId, country,
                    Optional.of("payouts@" + vaultId.replace(".sig", "") + ".example"),
                    Optional.of(vaultId.equals(DemoCast.INDIVIDUAL) ? OnboardingRequest.BusinessType.INDIVIDUAL
                            : OnboardingRequest.BusinessType.COMPANY),
                    URI.create("http://localhost:8080/onboarding/return"),
                    URI.create("http://localhost:8080/onboarding/refresh"), OPERATOR));
            sandbox.completeOnboarding(result.stripeAccount());
            if (result.payee().taxDocument() == Payee.TaxDocument.MISSING) {
                boolean us = DemoCast.taxProfile(vaultId).usPerson();
                onboarding.recordTaxDocument(vaultId, us ? Payee.TaxDocument.W9 : Payee.TaxDocument.W8BEN,
                        OPERATOR, Optional.of((us ? "W-9" : "W-8BEN") + " received with the partner agreement"));
            }
            if (!result.payee().payoutAccountVerified()) {
                onboarding.recordPayoutAccount(vaultId, true, OPERATOR,
                        Optional.of("micro-deposits confirmed"));
            }
        }
        deliverAndProcess();
        for (LicensedVault vault : vaults) {
            Payee payee = app.database().jdbi().withHandle(h -> PayeeStore.find(h, vault.vaultId())).orElseThrow();
            if (!payee.payable()) {
                throw new DemoSeedException(vault.vaultId() + " is not payable after onboarding: "
                        + String.join("; ", payee.blockers()));
            }
        }
    }

    /** The partners' tax profiles (name, TIN, address, bank), sealed under {@code dataKeys}. */
    private void recordTaxProfiles(List<LicensedVault> vaults, DataKeyRing dataKeys) {
        TaxProfiles profiles = app.taxProfiles(dataKeys);
        for (LicensedVault vault : vaults) {
            profiles.save(DemoCast.taxProfile(vault.vaultId()), OPERATOR);
        }
    }

    // ---- the history --------------------------------------------------------------------------------------------

    /**
     * Whether the engine catches up after {@code action}: the engine processes a day's webhooks after the day's
     * last event, and everything before and after a payout run, so a run sees every earlier payment and
     * {@code --as-of DAY} sees whole days. (Processing after every action would post each payment at its own
     * second, at the cost of a processing pass per action instead of one per day: 39–46 s instead of 34–36 s for
     * six months, measured on the shared development machine.)
     */
    static boolean dayEndsAfter(DemoAction action, DemoAction next) {
        return action instanceof PayoutRun || next instanceof PayoutRun
                || !LocalDate.ofInstant(action.at(), ZoneOffset.UTC).equals(LocalDate.ofInstant(next.at(),
                ZoneOffset.UTC));
    }

    /** Makes one action happen in the sandbox at its moment; what Stripe sends is delivered at the day's end. */
    private void make(DemoAction action) {
        clock.set(action.at());
        switch (action) {
            case Sale sale -> {
                SandboxPayment payment = SandboxPayment.of(sale.price().amountMinor(),
                        sale.price().currency().code().toLowerCase(Locale.ROOT), withMarketplaceIds(sale.metadata()))
                        .byCustomer(customerOf(sale));
                payments.put(sale.saleNo(), sandbox.createPayment(payment));
            }
            case Refund refund -> sandbox.refund(chargeOf(refund.saleNo()),
                    refund.amount().map(m -> OptionalLong.of(m.amountMinor())).orElse(OptionalLong.empty()));
            case DisputeOpened opened -> disputes.put(opened.saleNo(), sandbox.openDispute(chargeOf(opened.saleNo()),
                    payments.get(opened.saleNo()).charge().amountMinor()));
            case DisputeClosed closed -> sandbox.closeDispute(disputes.get(closed.saleNo()), closed.won());
            case HostedFork fork -> {
                ForkRequest request = new ForkRequest(fork.vaultId(), fork.client(), Optional.empty(),
                        Optional.of(fork.monthly().toDecimalString()), Optional.of(fork.client() + ".hosted.example"),
                        ai.mirroros.licensing.hosting.Branding.NONE, OPERATOR);
                HostedPlatforms.ForkResult result = hosted.fork(stripe, request);
                hostedPlatformIds.put(fork.client(), result.platform().hostedPlatformId());
                hostedInvoices++;
            }
            case Renewals renewals -> hostedInvoices += sandbox.renewSubscriptions().size();
            case HostedCancel cancel -> hosted.cancel(stripe, hostedPlatformIds.get(cancel.client()), OPERATOR,
                    Optional.of("the client left"));
            case PayoutRun run -> payOut(run.at());
        }
    }

    /**
     * A payout run as of {@code at}, as {@code licensing serve} makes every 15 minutes: it releases matured
     * earnings and pays every partner due that day. Every payout must be paid.
     */
    private void payOut(Instant at) {
        PayoutRunner.Report report = payouts.run(at, false, PayoutRunner.Progress.NONE);
        if (report.failed() > 0 || report.retrying() > 0 || !report.problems().isEmpty()) {
            throw new DemoSeedException("the payout run as of " + at + " did not pay everything: " + report.failed()
                    + " failed, " + report.retrying() + " retrying" + (report.problems().isEmpty() ? ""
                    : "; " + String.join("; ", report.problems())));
        }
        payoutRuns++;
        payoutsPaid += report.paid();
    }

    /**
     * The Stripe customer paying for {@code sale}: created in the sandbox ({@code POST /v1/customers}) at the
     * buyer's first purchase, the same customer on every later one.
     */
    private String customerOf(Sale sale) {
        return customers.computeIfAbsent(sale.buyer(), buyer -> {
            try {
                return stripe.v1().customers().create(CustomerCreateParams.builder()
                        .setName("Demo customer " + buyer)
                        .setEmail(buyer.replace(".sig#", "-buyer-") + "@customers.example")
                        .putMetadata(PaymentOrigin.VAULT_ID, sale.vaultId())
                        .build()).getId();
            } catch (StripeException e) {
                throw new DemoSeedException("the sandbox did not create the customer " + buyer + ": "
                        + e.getMessage(), e);
            }
        });
    }

    /**
     * Each vault's monthly acquisition spend, entered as the operator would with {@code licensing analytics spend}
     * once the history is over, so the analytics' acquisition cost has a numerator.
     */
    private void recordAcquisitionSpend(List<DemoPlan.Spend> spends, Instant at) {
        app.database().jdbi().useTransaction(h -> spends.forEach(spend -> AcquisitionSpend.record(h,
                spend.vaultId(), YearMonth.from(spend.monthStart()), spend.amount(),
                Optional.of("demo: ads and events"), at)));
    }

    /** The plan's listing views, day by day, counted as the marketplace's public listing counts them. */
    private void recordListingViews(List<DemoPlan.Views> views) {
        app.database().jdbi().useTransaction(h -> views.forEach(v -> ListingViews.record(h,
                app.database().dialect(), templateIds.get(v.templateId()), v.day(), v.views())));
    }

    /** The checkout metadata with the marketplace's template id in place of the cast's. */
    private Map<String, String> withMarketplaceIds(Map<String, String> metadata) {
        String castId = metadata.get(PaymentOrigin.TEMPLATE_ID);
        if (castId == null) {
            return metadata;
        }
        Map<String, String> real = new HashMap<>(metadata);
        real.put(PaymentOrigin.TEMPLATE_ID, templateIds.get(castId));
        return real;
    }

    /** The history ends: matured earnings are released as of its end and the inbox must be empty of work. */
    private void finish(Instant end) {
        clock.set(end);
        app.ledger().releaseMatured(end);
        deliverAndProcess();
        Inbox.Stats stats = app.inbox().stats();
        if (stats.received() != relay.delivered()) {
            throw new DemoSeedException(relay.delivered() + " events were acknowledged but the inbox holds "
                    + stats.received());
        }
        if (stats.pending() > 0 || stats.parked() > 0) {
            List<InboxEvent> parked = app.inbox().list(Optional.of(EventStatus.PARKED), PARKED_SHOWN_MAX);
            throw new DemoSeedException(stats.pending() + " event(s) still pending and " + stats.parked()
                    + " parked after the seed" + parked.stream().map(e -> e.eventId() + " " + e.type() + ": "
                    + e.reason().orElse("?")).collect(Collectors.joining("; ", parked.isEmpty() ? "" : ": ", "")));
        }
    }

    // ---- delivery -----------------------------------------------------------------------------------------------

    /** Posts the sandbox's events made since the last delivery, then processes the inbox as of the demo's now. */
    private void deliverAndProcess() {
        List<SandboxEvent> fresh = undelivered();
        if (fresh.isEmpty()) {
            return;
        }
        try {
            relay.deliver(fresh);
        } catch (IllegalStateException e) {
            throw new DemoSeedException(e.getMessage(), e);
        }
        lastDelivered = Optional.of(fresh.getLast().id());
        processor.drain(batch -> {
        });
    }

    /**
     * Events after the last one delivered. The sandbox keeps its newest 10,000 events; a simulated day makes a few
     * dozen at most, and losing one before delivery is reported rather than skipped.
     */
    private List<SandboxEvent> undelivered() {
        List<SandboxEvent> events = sandbox.events();
        if (lastDelivered.isEmpty()) {
            return events;
        }
        for (int i = events.size() - 1; i >= 0; i--) {
            if (events.get(i).id().equals(lastDelivered.get())) {
                return events.subList(i + 1, events.size());
            }
        }
        throw new DemoSeedException("the sandbox dropped event " + lastDelivered.get() + " and what followed it "
                + "before they were delivered");
    }

    private String chargeOf(int saleNo) {
        return payments.get(saleNo).chargeId();
    }

    private DemoReport report(DemoSettings settings, DemoPlan plan, List<DemoAction> actions, Duration elapsed) {
        Map<String, Integer> byProduct = new TreeMap<>();
        plan.sales().forEach(s -> byProduct.merge(s.productType(), 1, Integer::sum));
        if (hostedInvoices > 0) {
            byProduct.put(DemoPlan.HOSTED_PLATFORM, hostedInvoices);
        }
        int refunds = (int) actions.stream().filter(a -> a instanceof Refund).count();
        int disputeCount = (int) actions.stream().filter(a -> a instanceof DisputeOpened).count();
        SandboxBalance balance = sandbox.balance();
        String currency = DemoCast.CURRENCY.toLowerCase(Locale.ROOT);
        Money stripeBalance = Money.ofMinor(balance.available(currency) + balance.pending(currency),
                DemoCast.CURRENCY);
        return new DemoReport(settings, plan.start(), byProduct, hostedInvoices, refunds, disputeCount, payoutRuns,
                payoutsPaid, relay.delivered(), app.inbox().stats(), stripeBalance, elapsed);
    }
}
