package ai.mirroros.licensing.hosting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.mirroros.licensing.LicensingApp;
import ai.mirroros.licensing.LicensingException;
import ai.mirroros.licensing.ingest.EventAction;
import ai.mirroros.licensing.ingest.StripeEventDecoder;
import ai.mirroros.licensing.ledger.ActivityEntry;
import ai.mirroros.licensing.money.Money;
import ai.mirroros.licensing.store.DatabaseTestSupport;
import ai.mirroros.licensing.stripe.sandbox.Fault;
import ai.mirroros.licensing.stripe.sandbox.SandboxConfig;
import ai.mirroros.licensing.stripe.sandbox.SandboxEvent;
import ai.mirroros.licensing.stripe.sandbox.StripeSandbox;
import ai.mirroros.licensing.testing.ManualClock;
import ai.mirroros.licensing.vault.LicensedVault;
import ai.mirroros.licensing.vault.MonetizationConfig;
import ai.mirroros.licensing.vault.VaultRegistryFile;
import com.stripe.StripeClient;
import com.stripe.model.Price;
import com.stripe.model.Subscription;
import com.stripe.param.SubscriptionListParams;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Forking hosted platforms against the Stripe sandbox: the hosting switch, the lineage, the Stripe objects and their
 * metadata, and the guarantee that a fork stopped between Stripe calls — however long ago — finishes with exactly one
 * customer, product, price and subscription.
 */
class HostedPlatformsTest extends DatabaseTestSupport {
    private static final String ENTERPRISE = "enterprise-vault.sig";
    private static final String AGENCY = "agency-fork.sig";

    private final ManualClock clock = new ManualClock(Instant.parse("2026-03-02T10:00:00Z"));
    private LicensingApp app;
    private StripeSandbox sandbox;
    private StripeClient stripe;
    private HostedPlatforms hosting;

    @BeforeEach
    void start() {
        app = LicensingApp.over(db, clock);
        app.vaults().importVaults(VaultRegistryFile.load(Path.of("examples/licensed-vaults.json")).values(),
                Instant.parse("2026-01-01T00:00:00Z"));
        sandbox = StripeSandbox.start(SandboxConfig.defaults().withClock(clock));
        // No retries: each call is one request, so a fault is seen by the fork as a crash would leave it.
        stripe = StripeClient.builder().setApiKey("sk_test_hosting").setApiBase(sandbox.baseUrl())
                .setMaxNetworkRetries(0).build();
        hosting = new HostedPlatforms(db, app.vaults(), app.activityLog(), clock);
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    private static ForkRequest enterpriseClient(Optional<HostedTier> tier, Optional<String> monthly) {
        return new ForkRequest(ENTERPRISE, "enterprise-client", tier, monthly, Optional.of("ai.client.example"),
                new Branding(Optional.of("Client AI"), Optional.of("#1A2B3C")), "ops-alice");
    }

    private static ForkRequest seedCommand() {
        return enterpriseClient(Optional.empty(), Optional.of("2500"));
    }

    private long events(String type) {
        return sandbox.events().stream().filter(e -> e.type().equals(type)).count();
    }

    private List<Subscription> subscriptionsOf(String customerId) throws Exception {
        return stripe.v1().subscriptions().list(SubscriptionListParams.builder().setCustomer(customerId)
                .setStatus(SubscriptionListParams.Status.ALL).build()).getData();
    }

    private List<ActivityEntry> activity(String type) {
        return app.activityLog().recent(Optional.empty(), 100).stream().filter(e -> e.type().equals(type)).toList();
    }

    private int platformRows() {
        return db.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM hosted_platform").mapTo(Integer.class)
                .one());
    }

    @Test
    void theSeedCommandForksAnEnterprisePlatformBilledMonthlyThroughStripe() throws Exception {
        HostedPlatforms.ForkResult result = hosting.fork(stripe, seedCommand());

        HostedPlatform platform = result.platform();
        assertThat(result.outcome()).isEqualTo(HostedPlatforms.ForkOutcome.CREATED);
        assertThat(platform.status()).isEqualTo(HostedPlatformStatus.ACTIVE);
        assertThat(platform.plan()).as("2500 is the enterprise list price")
                .isEqualTo(new MonthlyPlan(HostedTier.ENTERPRISE, Money.parse("2500.00", "USD")));
        assertThat(hosting.require(platform.hostedPlatformId())).isEqualTo(platform);

        Subscription subscription = stripe.v1().subscriptions().retrieve(platform.stripe().subscriptionId()
                .orElseThrow());
        assertThat(subscription.getStatus()).isEqualTo("active");
        assertThat(subscription.getCustomer()).isEqualTo(platform.stripe().customerId().orElseThrow());
        assertThat(subscription.getMetadata()).isEqualTo(Map.of("vault_id", ENTERPRISE,
                "product_type", "hosted_platform", "hosted_platform_id", platform.hostedPlatformId(),
                "client", "enterprise-client"));
        Price price = subscription.getItems().getData().getFirst().getPrice();
        assertThat(price.getId()).isEqualTo(platform.stripe().priceId().orElseThrow());
        assertThat(price.getUnitAmount()).isEqualTo(250_000);
        assertThat(price.getCurrency()).as("the vault's settlement currency").isEqualTo("usd");
        assertThat(price.getRecurring().getInterval()).isEqualTo("month");
        assertThat(price.getProduct()).isEqualTo(platform.stripe().productId().orElseThrow());
        assertThat(stripe.v1().products().retrieve(price.getProduct()).getName()).isEqualTo("Client AI");
        assertThat(events("invoice.paid")).as("the first month is paid at once").isEqualTo(1);
        assertThat(sandbox.requests().stream().filter(r -> r.method().equals("POST"))
                .map(r -> r.idempotencyKey().orElseThrow()))
                .containsExactly("hosted-" + platform.hostedPlatformId() + "-customer",
                        "hosted-" + platform.hostedPlatformId() + "-product",
                        "hosted-" + platform.hostedPlatformId() + "-price",
                        "hosted-" + platform.hostedPlatformId() + "-subscription");

        assertThat(activity(HostedPlatforms.ACTIVITY_CREATED)).singleElement().satisfies(entry -> {
            assertThat(entry.vaultId()).contains(ENTERPRISE);
            assertThat(entry.payloadJson()).contains("\"tier\":\"enterprise\"", "\"monthlyPrice\":\"2500.00\"",
                    "\"by\":\"ops-alice\"", "\"forkDepth\":1");
        });
        assertThat(activity(HostedPlatforms.ACTIVITY_ACTIVATED)).singleElement()
                .satisfies(entry -> assertThat(entry.sourceId()).contains(subscription.getId()));
    }

    @Test
    void aForkIsRecordedInTheVaultLineageOneLevelBelowItsVault() {
        HostedPlatform fromOriginal = hosting.fork(stripe, seedCommand()).platform();
        assertThat(fromOriginal.parentVaultId()).isEqualTo(ENTERPRISE);
        assertThat(fromOriginal.forkDepth()).as("enterprise-vault.sig is an original vault, depth 0").isEqualTo(1);

        // agency-fork.sig is itself a fork of enterprise-vault.sig (depth 1); let it host platforms.
        LicensedVault agency = app.vaults().require(AGENCY, clock.instant());
        MonetizationConfig on = new MonetizationConfig(true, true, true, true, false);
        app.vaults().importVaults(List.of(new LicensedVault(agency.vaultId(), agency.licenseType(),
                agency.licensedSince(), agency.settlementCurrency(), agency.revenueSharing(), agency.mirrorOrigin(),
                on, agency.pricingConfiguration(), agency.payoutSchedule(), agency.compliance())),
                Instant.parse("2026-03-01T00:00:00Z"));

        HostedPlatform fromFork = hosting.fork(stripe, new ForkRequest(AGENCY, "agency-client",
                Optional.of(HostedTier.STARTER), Optional.empty(), Optional.empty(), Branding.NONE, "ops-alice"))
                .platform();

        assertThat(fromFork.parentVaultId()).isEqualTo(AGENCY);
        assertThat(fromFork.forkDepth()).isEqualTo(2);
        assertThat(fromFork.monthlyPrice()).isEqualTo(Money.parse("299.00", "USD"));
        Map<String, Object> row = db.jdbi().withHandle(h -> h.createQuery("SELECT parent_vault_id, fork_depth, "
                + "tier, monthly_price_minor FROM hosted_platform WHERE hosted_platform_id = :id")
                .bind("id", fromFork.hostedPlatformId()).mapToMap().one());
        assertThat(row).containsEntry("parent_vault_id", AGENCY).containsEntry("fork_depth", 2)
                .containsEntry("tier", "starter").containsEntry("monthly_price_minor", 29_900L);
    }

    @Test
    void aVaultWithHostingSwitchedOffIsRefusedAndNothingIsRecordedOrCreated() {
        ForkRequest agencyRequest = new ForkRequest(AGENCY, "agency-client", Optional.of(HostedTier.STARTER),
                Optional.empty(), Optional.empty(), Branding.NONE, "ops-alice");

        assertThatThrownBy(() -> hosting.fork(stripe, agencyRequest))
                .isInstanceOfSatisfying(LicensingException.class, e -> assertThat(e.code()).isEqualTo(
                        "hosting_disabled"))
                .hasMessageContaining("enableHostedMirrorPlatforms");
        assertThatThrownBy(() -> hosting.fork(stripe, new ForkRequest("nobody.sig", "c", Optional.of(
                HostedTier.STARTER), Optional.empty(), Optional.empty(), Branding.NONE, "ops-alice")))
                .isInstanceOfSatisfying(LicensingException.class, e -> assertThat(e.code()).isEqualTo(
                        "unknown_vault"));

        assertThat(platformRows()).isZero();
        assertThat(sandbox.requests()).isEmpty();
        assertThat(activity(HostedPlatforms.ACTIVITY_CREATED)).isEmpty();
    }

    @Test
    void aForkKilledAfterStripeCreatedTheSubscriptionResumesWithExactlyOneSubscription() throws Exception {
        // The subscription is made, then the connection dies (twice: the JDK resends a POST once by itself).
        sandbox.faults().add(Fault.resetAfterCommit("POST", "/v1/subscriptions", 2));

        assertThatThrownBy(() -> hosting.fork(stripe, seedCommand()))
                .isInstanceOfSatisfying(LicensingException.class, e -> assertThat(e.code()).isEqualTo("stripe_failed"))
                .hasMessageContaining("subscription");
        HostedPlatform pending = hosting.list(Optional.empty(), Optional.empty()).getFirst();
        assertThat(pending.status()).isEqualTo(HostedPlatformStatus.PENDING);
        assertThat(pending.stripe().customerId()).isPresent();
        assertThat(pending.stripe().subscriptionId()).as("the answer never arrived").isEmpty();
        assertThat(events("customer.subscription.created")).as("but Stripe made it").isEqualTo(1);

        HostedPlatform resumed = hosting.resume(stripe, pending.hostedPlatformId());

        assertThat(resumed.status()).isEqualTo(HostedPlatformStatus.ACTIVE);
        assertThat(subscriptionsOf(resumed.stripe().customerId().orElseThrow())).singleElement()
                .satisfies(s -> assertThat(s.getId()).isEqualTo(resumed.stripe().subscriptionId().orElseThrow()));
        assertThat(events("customer.subscription.created")).isEqualTo(1);
        assertThat(events("invoice.paid")).as("the client is billed once").isEqualTo(1);
        assertThat(events("customer.created")).isEqualTo(1);
        assertThat(activity(HostedPlatforms.ACTIVITY_ACTIVATED)).hasSize(1);
    }

    @Test
    void aForkResumedDaysLaterFindsItsSubscriptionAfterStripeForgotTheIdempotencyKey() throws Exception {
        sandbox.faults().add(Fault.resetAfterCommit("POST", "/v1/subscriptions", 2));
        assertThatThrownBy(() -> hosting.fork(stripe, seedCommand())).isInstanceOf(LicensingException.class);
        clock.advance(Duration.ofDays(3));

        HostedPlatforms.ForkResult again = hosting.fork(stripe, seedCommand());

        assertThat(again.outcome()).as("forking the same client again resumes its pending platform")
                .isEqualTo(HostedPlatforms.ForkOutcome.RESUMED);
        assertThat(again.platform().status()).isEqualTo(HostedPlatformStatus.ACTIVE);
        assertThat(subscriptionsOf(again.platform().stripe().customerId().orElseThrow())).hasSize(1);
        assertThat(events("invoice.paid")).isEqualTo(1);
        assertThat(platformRows()).isEqualTo(1);
    }

    @Test
    void aForkStoppedBetweenCustomerAndProductCreatesEachObjectOnce() throws Exception {
        sandbox.faults().add(Fault.respond("POST", "/v1/products", 1, 503));

        assertThatThrownBy(() -> hosting.fork(stripe, seedCommand())).isInstanceOf(LicensingException.class)
                .hasMessageContaining("product").hasMessageContaining("503");
        HostedPlatform pending = hosting.list(Optional.empty(), Optional.empty()).getFirst();
        assertThat(pending.stripe().customerId()).isPresent();
        assertThat(pending.stripe().productId()).isEmpty();

        HostedPlatform resumed = hosting.resume(stripe, pending.hostedPlatformId());

        assertThat(resumed.stripe().customerId()).isEqualTo(pending.stripe().customerId());
        assertThat(resumed.status()).isEqualTo(HostedPlatformStatus.ACTIVE);
        assertThat(events("customer.created")).isEqualTo(1);
        assertThat(events("product.created")).isEqualTo(1);
        assertThat(events("price.created")).isEqualTo(1);
        assertThat(events("customer.subscription.created")).isEqualTo(1);
        assertThatThrownBy(() -> hosting.resume(stripe, pending.hostedPlatformId()))
                .hasMessageContaining("active, not pending");
    }

    @Test
    void forkingAnActiveClientAgainCreatesNothingAndOtherTermsAreRefused() {
        HostedPlatform first = hosting.fork(stripe, seedCommand()).platform();
        sandbox.clearRequests();

        HostedPlatforms.ForkResult same = hosting.fork(stripe, enterpriseClient(Optional.of(HostedTier.ENTERPRISE),
                Optional.empty()));

        assertThat(same.outcome()).isEqualTo(HostedPlatforms.ForkOutcome.ALREADY_ACTIVE);
        assertThat(same.platform().hostedPlatformId()).isEqualTo(first.hostedPlatformId());
        assertThat(sandbox.requests()).isEmpty();
        assertThatThrownBy(() -> hosting.fork(stripe, enterpriseClient(Optional.empty(), Optional.of("999"))))
                .isInstanceOfSatisfying(LicensingException.class, e -> assertThat(e.code()).isEqualTo(
                        "client_has_platform"))
                .hasMessageContaining(first.hostedPlatformId()).hasMessageContaining("licensing hosted cancel");
        assertThat(platformRows()).isEqualTo(1);
    }

    @Test
    void cancelingAsksStripeAndTheDeletedEventEndsThePlatformOnce() throws Exception {
        HostedPlatform platform = hosting.fork(stripe, seedCommand()).platform();
        clock.advance(Duration.ofDays(10));

        HostedPlatforms.CancelResult result = hosting.cancel(stripe, platform.hostedPlatformId(), "ops-bob",
                Optional.of("client moved on"));

        assertThat(result.outcome()).isEqualTo(HostedPlatforms.CancelOutcome.CANCELED_AT_STRIPE);
        assertThat(hosting.require(platform.hostedPlatformId()).status())
                .as("the webhook ends it, not the request").isEqualTo(HostedPlatformStatus.ACTIVE);
        assertThat(activity(HostedPlatforms.ACTIVITY_CANCEL_REQUESTED)).singleElement()
                .satisfies(e -> assertThat(e.payloadJson()).contains("client moved on", "ops-bob"));
        SandboxEvent deleted = sandbox.events().stream()
                .filter(e -> e.type().equals("customer.subscription.deleted")).findFirst().orElseThrow();
        EventAction action = StripeEventDecoder.decode(deleted.json());
        assertThat(action).isEqualTo(new EventAction.SubscriptionEnded(platform.stripe().subscriptionId()
                .orElseThrow(), Optional.of(platform.hostedPlatformId()), deleted.created()));

        HostedPlatformEvents events = new HostedPlatformEvents(app.activityLog());
        EventAction.SubscriptionEnded ended = (EventAction.SubscriptionEnded) action;
        HostedPlatformEvents.Result applied = db.jdbi().inTransaction(h -> events.subscriptionEnded(h,
                ended.subscriptionId(), ended.hostedPlatformId(), ended.endedAt()));
        HostedPlatformEvents.Result again = db.jdbi().inTransaction(h -> events.subscriptionEnded(h,
                ended.subscriptionId(), ended.hostedPlatformId(), ended.endedAt()));

        assertThat(applied.acted()).isTrue();
        assertThat(again.acted()).isFalse();
        HostedPlatform canceled = hosting.require(platform.hostedPlatformId());
        assertThat(canceled.status()).isEqualTo(HostedPlatformStatus.CANCELED);
        assertThat(canceled.canceledAt()).contains(clock.instant());
        assertThat(activity(HostedPlatforms.ACTIVITY_CHURNED)).hasSize(1);
        assertThat(hosting.cancel(stripe, platform.hostedPlatformId(), "ops-bob", Optional.empty()).outcome())
                .isEqualTo(HostedPlatforms.CancelOutcome.ALREADY_ENDED);
    }
}
