package ai.mirroros.licensing.marketplace;

import static ai.mirroros.licensing.marketplace.MarketplaceFixture.ENTERPRISE;
import static ai.mirroros.licensing.marketplace.MarketplaceFixture.INDIVIDUAL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.mirroros.licensing.LicensingApp;
import ai.mirroros.licensing.money.Money;
import ai.mirroros.licensing.money.Percentage;
import ai.mirroros.licensing.store.DatabaseTestSupport;
import ai.mirroros.licensing.testing.ManualClock;
import ai.mirroros.licensing.vault.LicensedVault;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Export fees on both databases: versioned like every registry change, charged only with custom fees on. */
class ExportPricingTest extends DatabaseTestSupport {
    private static final Instant CHANGE = Instant.parse("2026-03-01T00:00:00Z");
    private final ManualClock clock = new ManualClock(Instant.parse("2026-03-02T10:00:00Z"));
    private LicensingApp app;
    private Marketplace marketplace;

    @BeforeEach
    void registerVaults() {
        app = MarketplaceFixture.registered(db, clock);
        marketplace = MarketplaceFixture.marketplace(app);
    }

    private static Money usd(String amount) {
        return Money.parse(amount, "USD");
    }

    private ExportPricingUpdate.Result seedChange(String vaultId) {
        return marketplace.pricingUpdate().apply(new ExportPricingUpdate.Request(vaultId, Optional.of("175"),
                Optional.of("525"), Optional.empty(), Optional.empty(), CHANGE));
    }

    @Test
    void theSeedsChangeIsANewVersionAndTheOldFeesStayInForceBeforeIt() {
        ExportPricingUpdate.Result result = seedChange(ENTERPRISE);

        assertThat(result.changed()).isTrue();
        assertThat(result.version()).isEqualTo(2);
        assertThat(result.before().agentExportFee()).isEqualTo(usd("49.00"));
        assertThat(result.after().agentExportFee()).isEqualTo(usd("175.00"));
        assertThat(result.after().agentLoopExportFee()).isEqualTo(usd("525.00"));
        assertThat(result.after().platformForkFee()).as("not given: kept").isEqualTo(usd("2500.00"));
        assertThat(result.after().agentTemplateMarkup()).isEqualTo(Percentage.ofPercent(30));

        ExportPricing pricing = marketplace.exportPricing();
        LicensedVault before = app.vaults().require(ENTERPRISE, CHANGE.minusMillis(1));
        LicensedVault after = app.vaults().require(ENTERPRISE, CHANGE);
        assertThat(pricing.fee(before, ExportKind.AGENT).amount()).isEqualTo(usd("49.00"));
        assertThat(pricing.fee(before, ExportKind.LOOP).amount()).isEqualTo(usd("99.00"));
        assertThat(pricing.fee(after, ExportKind.AGENT).amount()).isEqualTo(usd("175.00"));
        assertThat(pricing.fee(after, ExportKind.LOOP).amount()).isEqualTo(usd("525.00"));
        assertThat(app.vaults().history(ENTERPRISE)).hasSize(2);

        var logged = MarketplaceFixture.activity(app, ExportPricingUpdate.ACTIVITY_CHANGED);
        assertThat(logged).hasSize(1);
        assertThat(logged.getFirst().vaultId()).contains(ENTERPRISE);
        assertThat(logged.getFirst().payloadJson()).contains("\"agentExportFee\":\"49.00 USD\"",
                "\"agentExportFee\":\"175.00 USD\"", "\"pricesCharged\":\"vault\"");
        assertThat(MarketplaceFixture.activity(app, "vault.updated")).as("the registry's own entry").hasSize(1);
    }

    @Test
    void theSameFeesAgainAreNoNewVersion() {
        seedChange(ENTERPRISE);

        ExportPricingUpdate.Result again = seedChange(ENTERPRISE);

        assertThat(again.changed()).isFalse();
        assertThat(again.version()).isEqualTo(2);
        assertThat(app.vaults().history(ENTERPRISE)).hasSize(2);
        assertThat(MarketplaceFixture.activity(app, ExportPricingUpdate.ACTIVITY_CHANGED)).hasSize(1);
    }

    @Test
    void withCustomExportFeesOffThePlatformDefaultsAreChargedThoughTheNewFeesAreRecorded() {
        ExportPricingUpdate.Result result = seedChange(INDIVIDUAL);

        assertThat(result.changed()).isTrue();
        assertThat(result.source()).isEqualTo(ExportPricing.Source.PLATFORM_DEFAULT);
        assertThat(result.charged()).isEqualTo(app.platformTerms().defaultPricing());
        LicensedVault individual = app.vaults().require(INDIVIDUAL, CHANGE);
        assertThat(individual.pricingConfiguration().agentExportFee()).as("recorded").isEqualTo(usd("175.00"));

        ExportPricing pricing = marketplace.exportPricing();
        assertThat(pricing.fee(individual, ExportKind.AGENT))
                .isEqualTo(new ExportPricing.Fee(ExportKind.AGENT, usd("99.00"), ExportPricing.Source.PLATFORM_DEFAULT));
        assertThat(pricing.fee(individual, ExportKind.LOOP).amount()).isEqualTo(usd("299.00"));
        assertThat(pricing.fee(individual, ExportKind.PLATFORM_FORK).amount()).isEqualTo(usd("2500.00"));
        assertThat(pricing.templateMarkup(individual).rate()).isEqualTo(Percentage.ofPercent(100));

        LicensedVault enabled = MarketplaceFixture.withCustomExportFees(individual, true);
        assertThat(pricing.fee(enabled, ExportKind.AGENT))
                .isEqualTo(new ExportPricing.Fee(ExportKind.AGENT, usd("175.00"), ExportPricing.Source.VAULT));
        assertThat(pricing.templateMarkup(enabled).rate()).isEqualTo(Percentage.ofPercent(15));
    }

    @Test
    void badFeesAndMarkupsAreRefusedAndNothingIsWritten() {
        long head = app.activityLog().head().lastSeq();

        assertThatThrownBy(() -> marketplace.pricingUpdate().apply(new ExportPricingUpdate.Request(ENTERPRISE,
                Optional.of("-1"), Optional.empty(), Optional.empty(), Optional.empty(), CHANGE)))
                .hasMessage("agent export fee must not be negative, got -1.00 USD");
        assertThatThrownBy(() -> marketplace.pricingUpdate().apply(new ExportPricingUpdate.Request(ENTERPRISE,
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(Percentage.ofPercent(20)), CHANGE)))
                .hasMessage("template markup 20% is outside the marketplace's 50–200% range");
        assertThatThrownBy(() -> marketplace.pricingUpdate().apply(new ExportPricingUpdate.Request(ENTERPRISE,
                Optional.of("1.234"), Optional.empty(), Optional.empty(), Optional.empty(), CHANGE)))
                .hasMessage("'1.234' has more decimals than USD allows (2)");
        assertThatThrownBy(() -> marketplace.pricingUpdate().apply(new ExportPricingUpdate.Request("nobody.sig",
                Optional.of("1"), Optional.empty(), Optional.empty(), Optional.empty(), CHANGE)))
                .hasMessageContaining("vault 'nobody.sig' is not registered at 2026-03-01T00:00:00Z");
        assertThatThrownBy(() -> new ExportPricingUpdate.Request(ENTERPRISE, Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), CHANGE)).hasMessageContaining("nothing to change");

        assertThat(app.activityLog().head().lastSeq()).isEqualTo(head);
        assertThat(app.vaults().history(ENTERPRISE)).hasSize(1);
    }

    @Test
    void theNewMarkupIsWhatATemplatePricedFromItsBaseCostGets() {
        marketplace.pricingUpdate().apply(new ExportPricingUpdate.Request(ENTERPRISE, Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.of(Percentage.ofPercent(75)), CHANGE));

        AgentTemplate template = marketplace.templates().create(new NewTemplate(ENTERPRISE,
                new TemplateDetails("Support Triage", Optional.empty(), TemplateCategory.WORKFLOW, Optional.empty()),
                new PriceRequest.CostPlus("200", Optional.empty()), Branding.NONE, false));

        assertThat(template.price().price()).isEqualTo(usd("350.00"));
    }
}
