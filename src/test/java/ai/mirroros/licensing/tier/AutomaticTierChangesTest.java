package ai.mirroros.licensing.tier;

import static org.assertj.core.api.Assertions.assertThat;

import ai.mirroros.licensing.LicensingApp;
import ai.mirroros.licensing.ledger.ActivityEntry;
import ai.mirroros.licensing.money.CurrencyUnit;
import ai.mirroros.licensing.money.Money;
import ai.mirroros.licensing.money.Percentage;
import ai.mirroros.licensing.platform.PlatformTerms;
import ai.mirroros.licensing.revenue.PaymentEvent;
import ai.mirroros.licensing.revenue.PostedPayment;
import ai.mirroros.licensing.split.Provenance;
import ai.mirroros.licensing.split.SplitLine;
import ai.mirroros.licensing.store.DatabaseTestSupport;
import ai.mirroros.licensing.vault.LicenseType;
import ai.mirroros.licensing.vault.VaultRegistry;
import ai.mirroros.licensing.vault.VaultRegistryFile;
import ai.mirroros.licensing.vault.VaultVersion;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The rule: a vault crossing $10k in a month is upgraded and its next payment splits at 80 %. The
 * individual vault of the examples starts at 75 % and has earned a 1 % loyalty bonus, so its rate goes 76 → 81 %.
 */
class AutomaticTierChangesTest extends DatabaseTestSupport {
    private static final String VAULT = "individual-vault.sig";
    private static final Instant REGISTERED = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant MARCH = Instant.parse("2026-03-02T10:00:00Z");

    private LicensingApp app(PlatformTerms terms) {
        LicensingApp app = LicensingApp.over(db, Clock.fixed(Instant.parse("2026-06-01T00:00:00Z"), ZoneOffset.UTC),
                terms);
        if (app.vaults().all(REGISTERED).isEmpty()) {
            app.vaults().importVaults(VaultRegistryFile.load(Path.of("examples/licensed-vaults.json")).values(),
                    REGISTERED);
        }
        return app;
    }

    private static PaymentEvent payment(String id, String amount, Instant at) {
        return new PaymentEvent(id, VAULT, Money.parse(amount, CurrencyUnit.USD), Optional.empty(), at);
    }

    private static Percentage partnerRate(PostedPayment posted) {
        return posted.split().lines().stream().map(SplitLine::provenance)
                .filter(p -> p.rule().equals(Provenance.PARTNER_SHARE)).findFirst().orElseThrow().rate();
    }

    @Test
    void crossingTenThousandInAMonthUpgradesToStartupFromTheNextPayment() {
        LicensingApp app = app(PlatformTerms.defaults());

        PostedPayment first = app.payments().post(payment("pi_1", "6000.00", MARCH));
        PostedPayment crossing = app.payments().post(payment("pi_2", "4000.00", MARCH.plusSeconds(3_600)));
        PostedPayment next = app.payments().post(payment("pi_3", "100.00", MARCH.plusSeconds(7_200)));

        assertThat(partnerRate(first)).isEqualTo(Percentage.parse("76"));
        assertThat(partnerRate(crossing)).as("the crossing payment is split under the terms it arrived in")
                .isEqualTo(Percentage.parse("76"));
        assertThat(partnerRate(next)).as("80 % startup share plus the 1 % loyalty bonus")
                .isEqualTo(Percentage.parse("81"));
        VaultVersion upgraded = app.vaults().history(VAULT).getLast();
        assertThat(upgraded.vault().licenseType()).isEqualTo(LicenseType.STARTUP_PARTNER);
        assertThat(upgraded.vault().revenueSharing().partnerShare()).isEqualTo(Percentage.ofPercent(80));
        assertThat(upgraded.vault().revenueSharing().masterVaultShare()).isEqualTo(Percentage.ofPercent(20));
        assertThat(upgraded.effectiveFrom()).isEqualTo(MARCH.plusSeconds(3_600));
        ActivityEntry logged = tierChanges(app).getFirst();
        assertThat(logged.payload().get("licenseType").asText()).isEqualTo("startup_partner");
        assertThat(logged.payload().get("previousLicenseType").asText()).isEqualTo("individual_partner");
        assertThat(logged.payload().get("crossedBy").asText()).isEqualTo("pi_2");
        assertThat(logged.payload().get("monthRevenue").asText()).isEqualTo("10000.00 USD");
    }

    @Test
    void withinOneBatchThePaymentsAfterTheCrossingAlreadySplitAtTheNewTier() {
        LicensingApp app = app(PlatformTerms.defaults());

        List<PostedPayment> posted = app.payments().postBatch(List.of(
                payment("pi_a", "9999.99", MARCH),
                payment("pi_b", "0.01", MARCH.plusSeconds(1)),
                payment("pi_c", "50.00", MARCH.plusSeconds(2))));

        assertThat(posted).extracting(AutomaticTierChangesTest::partnerRate)
                .containsExactly(Percentage.parse("76"), Percentage.parse("76"), Percentage.parse("81"));
        assertThat(storedVersionOf("pi_c")).isEqualTo(app.vaults().history(VAULT).getLast().version());
    }

    @Test
    void aBigMonthJumpsStraightToTheHighestTierReached() {
        LicensingApp app = app(PlatformTerms.defaults());

        app.payments().post(payment("pi_big", "120000.00", MARCH));

        assertThat(app.vaults().history(VAULT).getLast().vault().licenseType())
                .isEqualTo(LicenseType.PREMIUM_ENTERPRISE);
        assertThat(tierChanges(app)).hasSize(1);
    }

    @Test
    void revenueSpreadOverTwoMonthsBelowTheThresholdEachChangesNothing() {
        LicensingApp app = app(PlatformTerms.defaults());

        app.payments().post(payment("pi_mar", "9000.00", MARCH));
        app.payments().post(payment("pi_apr", "9000.00", Instant.parse("2026-04-01T00:00:00Z")));

        assertThat(app.vaults().history(VAULT)).hasSize(1);
        assertThat(tierChanges(app)).isEmpty();
    }

    @Test
    void byDefaultAQuietMonthNeverDowngrades() {
        LicensingApp app = app(PlatformTerms.defaults());
        app.payments().post(payment("pi_mar", "12000.00", MARCH));

        app.payments().post(payment("pi_may", "10.00", Instant.parse("2026-05-03T00:00:00Z")));

        assertThat(app.vaults().history(VAULT).getLast().vault().licenseType())
                .isEqualTo(LicenseType.STARTUP_PARTNER);
    }

    @Test
    void theMonthlyDowngradePolicyMovesDownAfterAWholeMonthBelowTheThreshold() {
        PlatformTerms terms = PlatformTerms.defaults();
        LicensingApp app = app(new PlatformTerms(terms.defaultPricing(),
                PlatformTerms.DowngradePolicy.AFTER_MONTH_BELOW_THRESHOLD, terms.referrerBonusSteps(),
                terms.referrerBonusWindowDays(), terms.shareLinkBase(), terms.signupUrl()));
        app.payments().post(payment("pi_mar", "12000.00", MARCH));
        app.payments().post(payment("pi_apr", "20.00", Instant.parse("2026-04-10T00:00:00Z")));
        assertThat(app.vaults().history(VAULT).getLast().vault().licenseType())
                .as("April is judged only once it is over, and March was the upgrade month")
                .isEqualTo(LicenseType.STARTUP_PARTNER);

        PostedPayment may = app.payments().post(payment("pi_may", "10.00", Instant.parse("2026-05-03T00:00:00Z")));

        VaultVersion latest = app.vaults().history(VAULT).getLast();
        assertThat(latest.vault().licenseType()).isEqualTo(LicenseType.INDIVIDUAL_PARTNER);
        assertThat(latest.effectiveFrom()).isEqualTo(Instant.parse("2026-05-01T00:00:00Z"));
        assertThat(partnerRate(may)).isEqualTo(Percentage.parse("76"));
        assertThat(tierChanges(app).getLast().payload().get("reason").asText())
                .contains("2026-04").contains("20.00 USD");
    }

    @Test
    void twoInstancesRecordingTheSameChangeLeaveOneVersionAndOneLogEntry() {
        LicensingApp app = app(PlatformTerms.defaults());
        VaultVersion current = app.vaults().history(VAULT).getLast();
        var upgraded = TierPolicy.onTier(current.vault(), LicenseType.STARTUP_PARTNER);

        VaultVersion first = db.jdbi().inTransaction(h -> app.vaults().changeTier(h, current, upgraded, 2, MARCH,
                java.util.Map.of("reason", "test")));
        VaultVersion second = db.jdbi().inTransaction(h -> app.vaults().changeTier(h, current, upgraded, 2,
                MARCH.plusSeconds(5), java.util.Map.of("reason", "test")));

        assertThat(second.version()).isEqualTo(first.version());
        assertThat(second.effectiveFrom()).as("the first recording stands").isEqualTo(MARCH);
        assertThat(app.vaults().history(VAULT)).hasSize(2);
        assertThat(tierChanges(app)).hasSize(1);
    }

    @Test
    void aConflictingConcurrentChangeFailsTheBatchInsteadOfMisnamingAVersion() {
        LicensingApp app = app(PlatformTerms.defaults());
        VaultVersion current = app.vaults().history(VAULT).getLast();
        db.jdbi().useTransaction(h -> app.vaults().changeTier(h, current,
                TierPolicy.onTier(current.vault(), LicenseType.ENTERPRISE_PARTNER), 2, MARCH, java.util.Map.of()));

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> db.jdbi().useTransaction(h -> app.vaults()
                        .changeTier(h, current, TierPolicy.onTier(current.vault(), LicenseType.STARTUP_PARTNER),
                                2, MARCH, java.util.Map.of())))
                .hasMessageContaining("changed concurrently");
    }

    @Test
    void monthRevenueIsKeptPerVaultAndMonth() {
        LicensingApp app = app(PlatformTerms.defaults());
        app.payments().postBatch(List.of(payment("pi_1", "10.00", MARCH), payment("pi_2", "5.50", MARCH),
                payment("pi_3", "1.00", Instant.parse("2026-04-01T00:00:00Z"))));
        app.payments().post(payment("pi_4", "2.00", MARCH));

        var series = db.jdbi().withHandle(h -> MonthRevenue.series(h, VAULT, CurrencyUnit.USD,
                java.time.YearMonth.of(2026, 2), java.time.YearMonth.of(2026, 4)));

        assertThat(series.values()).containsExactly(Money.parse("0.00", CurrencyUnit.USD),
                Money.parse("17.50", CurrencyUnit.USD), Money.parse("1.00", CurrencyUnit.USD));
    }

    private List<ActivityEntry> tierChanges(LicensingApp app) {
        return app.activityLog().recent(Optional.of(VAULT), 100).stream()
                .filter(e -> e.type().equals(VaultRegistry.ACTIVITY_TIER_CHANGED))
                .sorted(java.util.Comparator.comparingLong(ActivityEntry::seq)).toList();
    }

    private int storedVersionOf(String sourceId) {
        return db.jdbi().withHandle(h -> h.createQuery("SELECT vault_version FROM payment WHERE source_id = :s")
                .bind("s", sourceId).mapTo(Integer.class).one());
    }
}
