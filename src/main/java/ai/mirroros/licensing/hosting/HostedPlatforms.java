package ai.mirroros.licensing.hosting;

import ai.mirroros.licensing.LicensingException;
import ai.mirroros.licensing.ledger.ActivityLog;
import ai.mirroros.licensing.ledger.ActivityRecord;
import ai.mirroros.licensing.store.Database;
import ai.mirroros.licensing.vault.LicensedVault;
import ai.mirroros.licensing.vault.VaultRegistry;
import com.stripe.StripeClient;
import com.stripe.model.Subscription;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.jdbi.v3.core.Handle;

/**
 * Forking, resuming and canceling hosted platforms. A fork is recorded (pending, with its lineage) before Stripe is
 * called; each Stripe object's id is recorded as soon as Stripe returns it; the subscription makes the platform
 * active. A fork that stopped half-way — Stripe down, the process killed — is resumed by {@link #resume} or by
 * forking the same client again, and finishes without creating anything twice (package documentation).
 */
public final class HostedPlatforms {
    public static final String ACTIVITY_CREATED = "hosted.created";
    public static final String ACTIVITY_ACTIVATED = "hosted.activated";
    public static final String ACTIVITY_CANCEL_REQUESTED = "hosted.cancel_requested";
    public static final String ACTIVITY_CHURNED = "hosted.churned";
    /** Stripe's subscription statuses in which the client is being billed. */
    static final Set<String> RUNNING = Set.of("active", "trialing", "past_due");
    private static final String ID_ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz";
    /** 32^16 = 2^80 ids: collisions are not a concern, and the id stays short enough for idempotency keys. */
    private static final int ID_CHARS = 16;

    private final Database database;
    private final VaultRegistry vaults;
    private final ActivityLog activityLog;
    private final Clock clock;
    private final RandomGenerator random;

    public HostedPlatforms(Database database, VaultRegistry vaults, ActivityLog activityLog, Clock clock) {
        this(database, vaults, activityLog, clock, new SecureRandom());
    }

    /** With {@code random} drawing the platforms' ids: the demo seed gives a seeded one, for the same ids every run. */
    public HostedPlatforms(Database database, VaultRegistry vaults, ActivityLog activityLog, Clock clock,
                           RandomGenerator random) {
        this.database = Objects.requireNonNull(database, "database");
        this.vaults = Objects.requireNonNull(vaults, "vaults");
        this.activityLog = Objects.requireNonNull(activityLog, "activityLog");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
    }

    /** What a fork did. */
    public enum ForkOutcome {
        /** A new platform, set up at Stripe. */
        CREATED,
        /** The client's pending platform (a fork that stopped half-way), finished. */
        RESUMED,
        /** The client already has this platform running: nothing was created. */
        ALREADY_ACTIVE
    }

    public record ForkResult(HostedPlatform platform, ForkOutcome outcome) {
    }

    /**
     * The vault, if it may fork hosted platforms now.
     *
     * @throws LicensingException when the vault is unknown or has {@code enableHostedMirrorPlatforms} off
     */
    public LicensedVault requireHostingEnabled(String vaultId) {
        Instant now = clock.instant();
        LicensedVault vault = vaults.find(vaultId, now).orElseThrow(() -> new LicensingException("unknown_vault",
                "vault '" + vaultId + "' is not registered; import it first (licensing vaults import FILE)"));
        if (!vault.monetizationConfig().enableHostedMirrorPlatforms()) {
            throw new LicensingException("hosting_disabled", "vault '" + vaultId + "' has hosted platforms "
                    + "switched off (monetizationConfig.enableHostedMirrorPlatforms is false); enable it in the "
                    + "registry and import it again to fork platforms");
        }
        return vault;
    }

    /**
     * Forks a hosted platform for a client of the vault, or finishes the client's pending one. The same request
     * again for a client whose platform is active creates nothing; a different one for that client is refused.
     *
     * @throws LicensingException when the vault may not fork, the request is invalid or conflicts with the client's
     *                            platform, or Stripe fails (the platform then stays pending, to be resumed)
     */
    public ForkResult fork(StripeClient stripe, ForkRequest request) {
        LicensedVault vault = requireHostingEnabled(request.vaultId());
        MonthlyPlan plan = MonthlyPlan.choose(request.tier(), request.monthly(), vault.settlementCurrency());
        Opened opened = database.jdbi().inTransaction(handle -> open(handle, vault, request, plan));
        if (opened.platform().status() == HostedPlatformStatus.ACTIVE) {
            return new ForkResult(opened.platform(), ForkOutcome.ALREADY_ACTIVE);
        }
        HostedPlatform done = provision(new HostedBilling(stripe), opened.platform(), !opened.created());
        return new ForkResult(done, opened.created() ? ForkOutcome.CREATED : ForkOutcome.RESUMED);
    }

    /**
     * Finishes a pending platform's Stripe setup: the objects it has are kept, the missing ones created with the
     * same idempotency keys. The vault's hosting switch is not asked again: the fork was allowed when recorded, and
     * its subscription may already exist.
     */
    public HostedPlatform resume(StripeClient stripe, String hostedPlatformId) {
        HostedPlatform platform = require(hostedPlatformId);
        if (platform.status() != HostedPlatformStatus.PENDING) {
            throw new LicensingException("not_pending", "hosted platform " + hostedPlatformId + " is "
                    + platform.status().dbName() + ", not pending: there is nothing to resume");
        }
        return provision(new HostedBilling(stripe), platform, true);
    }

    public Optional<HostedPlatform> find(String hostedPlatformId) {
        return database.jdbi().withHandle(h -> HostedPlatformStore.find(h, hostedPlatformId));
    }

    public HostedPlatform require(String hostedPlatformId) {
        return find(hostedPlatformId).orElseThrow(() -> new LicensingException("unknown_hosted_platform",
                "no hosted platform '" + hostedPlatformId + "'; licensing hosted list shows them"));
    }

    public List<HostedPlatform> list(Optional<String> vaultId, Optional<HostedPlatformStatus> status) {
        return database.jdbi().withHandle(h -> HostedPlatformStore.list(h, vaultId, status));
    }

    /** The platform's billed months and revenue, per currency, from the posted payments. */
    public List<HostedRevenue> revenue(String hostedPlatformId) {
        return database.jdbi().withHandle(h -> HostedPlatformStore.revenue(h, hostedPlatformId));
    }

    /** What a cancel did. */
    public enum CancelOutcome {
        /** The subscription was canceled at Stripe now; its {@code customer.subscription.deleted} ends the platform. */
        CANCELED_AT_STRIPE,
        /** Stripe had already canceled it; the platform ends when that event is processed. */
        ALREADY_CANCELED_AT_STRIPE,
        /** The platform had already ended. */
        ALREADY_ENDED
    }

    public record CancelResult(HostedPlatform platform, CancelOutcome outcome) {
    }

    /**
     * Cancels the platform's subscription at Stripe, at once. The platform itself ends when Stripe's
     * {@code customer.subscription.deleted} is processed — the same path as a cancel from Stripe's Dashboard — so
     * the churn is recorded once, at the time Stripe ended it.
     */
    public CancelResult cancel(StripeClient stripe, String hostedPlatformId, String operator, Optional<String> reason) {
        HostedPlatform platform = require(hostedPlatformId);
        switch (platform.status()) {
            case CANCELED -> {
                return new CancelResult(platform, CancelOutcome.ALREADY_ENDED);
            }
            case PENDING -> throw new LicensingException("not_active", "hosted platform " + hostedPlatformId
                    + " is pending (its Stripe setup did not finish); finish it with licensing hosted resume "
                    + hostedPlatformId + ", then cancel it");
            case ACTIVE -> { }
        }
        HostedBilling billing = new HostedBilling(stripe);
        String subscriptionId = platform.stripe().subscriptionId().orElseThrow();
        if ("canceled".equals(billing.retrieveSubscription(platform, subscriptionId).getStatus())) {
            return new CancelResult(platform, CancelOutcome.ALREADY_CANCELED_AT_STRIPE);
        }
        billing.cancelSubscription(platform, subscriptionId);
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("hostedPlatformId", platform.hostedPlatformId());
        payload.put("subscription", subscriptionId);
        payload.put("by", operator);
        reason.ifPresent(r -> payload.put("reason", r));
        activityLog.append(List.of(ActivityRecord.of(clock.instant(), ACTIVITY_CANCEL_REQUESTED, payload)
                .forVault(platform.vaultId()).fromSource(subscriptionId)));
        return new CancelResult(platform, CancelOutcome.CANCELED_AT_STRIPE);
    }

    private record Opened(HostedPlatform platform, boolean created) {
    }

    /** The client's open platform when the request matches it; else a new pending one with its activity entry. */
    private Opened open(Handle handle, LicensedVault vault, ForkRequest request, MonthlyPlan plan) {
        Optional<HostedPlatform> existing = HostedPlatformStore.findOpen(handle, vault.vaultId(), request.client());
        if (existing.isPresent()) {
            HostedPlatform open = existing.get();
            if (!open.plan().equals(plan) || !open.domain().equals(request.domain())
                    || !open.branding().equals(request.branding())) {
                throw new LicensingException("client_has_platform", "client '" + request.client() + "' already has "
                        + "hosted platform " + open.hostedPlatformId() + " on " + vault.vaultId() + " ("
                        + open.status().dbName() + ", " + open.plan().tier().wireName() + " " + open.monthlyPrice()
                        + "/month) with other terms; cancel it first (licensing hosted cancel "
                        + open.hostedPlatformId() + ") or fork under another --client name");
            }
            return new Opened(open, false);
        }
        Instant now = clock.instant();
        HostedPlatform platform = new HostedPlatform(newId(), vault.vaultId(), request.client(), plan,
                request.domain(), request.branding(), vault.vaultId(), vault.mirrorOrigin().forkDepth() + 1,
                HostedPlatform.StripeIds.NONE, HostedPlatformStatus.PENDING, now, Optional.empty());
        HostedPlatformStore.insert(handle, platform);
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("hostedPlatformId", platform.hostedPlatformId());
        payload.put("client", platform.client());
        payload.put("tier", plan.tier().wireName());
        payload.put("monthlyPrice", plan.price().toDecimalString());
        payload.put("currency", plan.price().currency().code());
        platform.domain().ifPresent(domain -> payload.put("domain", domain));
        platform.branding().name().ifPresent(name -> payload.put("brandName", name));
        platform.branding().color().ifPresent(color -> payload.put("brandColor", color));
        payload.put("parentVaultId", platform.parentVaultId());
        payload.put("forkDepth", platform.forkDepth());
        payload.put("by", request.operator());
        activityLog.append(handle, List.of(ActivityRecord.of(now, ACTIVITY_CREATED, payload)
                .forVault(vault.vaultId()).fromSource(platform.hostedPlatformId())));
        return new Opened(platform, true);
    }

    /**
     * Creates what the platform lacks at Stripe, in order, recording each id at once; then activates it.
     *
     * @param resuming an earlier run may have created the subscription and lost the answer: look for it first
     */
    private HostedPlatform provision(HostedBilling billing, HostedPlatform start, boolean resuming) {
        try {
            return provisionSteps(billing, start, resuming);
        } catch (LicensingException e) {
            if (!e.code().equals("stripe_failed")) {
                throw e;
            }
            throw new LicensingException(e.code(), e.getMessage() + "; the platform stays pending: licensing hosted "
                    + "resume " + start.hostedPlatformId() + " finishes it without creating anything twice", e);
        }
    }

    private HostedPlatform provisionSteps(HostedBilling billing, HostedPlatform start, boolean resuming) {
        HostedPlatform platform = start;
        HostedPlatform.StripeIds ids = platform.stripe();
        if (ids.customerId().isEmpty()) {
            platform = record(platform, ids.withCustomer(billing.createCustomer(platform)));
            ids = platform.stripe();
        }
        if (ids.productId().isEmpty()) {
            platform = record(platform, ids.withProduct(billing.createProduct(platform)));
            ids = platform.stripe();
        }
        if (ids.priceId().isEmpty()) {
            platform = record(platform, ids.withPrice(billing.createPrice(platform)));
            ids = platform.stripe();
        }
        Subscription subscription;
        if (ids.subscriptionId().isPresent()) {
            subscription = billing.retrieveSubscription(platform, ids.subscriptionId().get());
        } else {
            HostedPlatform current = platform;
            subscription = (resuming ? billing.findSubscription(current) : Optional.<Subscription>empty())
                    .orElseGet(() -> billing.createSubscription(current));
            platform = record(platform, ids.withSubscription(subscription.getId()));
        }
        if (!RUNNING.contains(subscription.getStatus())) {
            throw new LicensingException("subscription_not_active", "subscription " + subscription.getId()
                    + " of hosted platform " + platform.hostedPlatformId() + " is " + subscription.getStatus()
                    + " at Stripe, not active; the platform stays pending (licensing hosted resume "
                    + platform.hostedPlatformId() + " once Stripe has collected the first invoice)");
        }
        return activate(platform);
    }

    private HostedPlatform record(HostedPlatform platform, HostedPlatform.StripeIds ids) {
        database.jdbi().useTransaction(h -> HostedPlatformStore.recordStripeIds(h, platform.hostedPlatformId(), ids));
        return platform.with(ids);
    }

    /** Pending → active with its activity entry, once however many runs get here. */
    private HostedPlatform activate(HostedPlatform platform) {
        return database.jdbi().inTransaction(handle -> {
            HostedPlatform current = HostedPlatformStore.findForUpdate(handle, platform.hostedPlatformId())
                    .orElseThrow();
            if (!HostedPlatformStore.markActive(handle, current.hostedPlatformId())) {
                return current;
            }
            HostedPlatform.StripeIds ids = current.stripe();
            Map<String, Object> payload = new LinkedHashMap<>();
            payload.put("hostedPlatformId", current.hostedPlatformId());
            payload.put("client", current.client());
            payload.put("stripeCustomer", ids.customerId().orElseThrow());
            payload.put("stripeProduct", ids.productId().orElseThrow());
            payload.put("stripePrice", ids.priceId().orElseThrow());
            payload.put("stripeSubscription", ids.subscriptionId().orElseThrow());
            activityLog.append(handle, List.of(ActivityRecord.of(clock.instant(), ACTIVITY_ACTIVATED, payload)
                    .forVault(current.vaultId()).fromSource(ids.subscriptionId().orElseThrow())));
            return current.with(HostedPlatformStatus.ACTIVE, Optional.empty());
        });
    }

    private String newId() {
        StringBuilder id = new StringBuilder("hp_");
        for (int i = 0; i < ID_CHARS; i++) {
            id.append(ID_ALPHABET.charAt(random.nextInt(ID_ALPHABET.length())));
        }
        return id.toString();
    }
}
