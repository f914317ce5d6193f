package ai.mirroros.licensing.vault;

import static ai.mirroros.licensing.vault.RegistryFixture.ENTERPRISE;
import static ai.mirroros.licensing.vault.RegistryFixture.EXAMPLE;
import static ai.mirroros.licensing.vault.RegistryFixture.example;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.mirroros.licensing.money.CurrencyUnit;
import ai.mirroros.licensing.money.Money;
import ai.mirroros.licensing.money.Percentage;
import ai.mirroros.licensing.vault.PayoutSchedule.PayoutFrequency;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RegistryJsonTest {
    private static final String MINIMAL = """
            {
              "solo.sig": {
                "licenseType": "individual_partner",
                "licensedSince": "2025-06-10",
                "settlementCurrency": "EUR",
                "revenueSharing": {"partnerShare": 75, "masterVaultShare": 25}
              }
            }
            """;

    @Test
    void optionalSectionsTakeTheDocumentedDefaults() {
        LicensedVault solo = RegistryJson.read(MINIMAL).get("solo.sig");
        CurrencyUnit eur = CurrencyUnit.EUR;

        assertThat(solo.vaultId()).isEqualTo("solo.sig");
        assertThat(solo.licensedSince()).isEqualTo(LocalDate.of(2025, 6, 10));
        assertThat(solo.revenueSharing()).isEqualTo(new RevenueSharing(Percentage.ofPercent(75),
                Percentage.ofPercent(25), List.of(), 0, Optional.empty(), Optional.empty(), Percentage.ofPercent(5),
                FeeBearer.SHARED, new FeeSchedule(Percentage.ofBasisPoints(290), Money.zero(eur))));
        assertThat(solo.mirrorOrigin()).isEqualTo(MirrorOrigin.ORIGINAL);
        assertThat(solo.monetizationConfig()).isEqualTo(new MonetizationConfig(false, false, false, false, false));
        assertThat(solo.pricingConfiguration()).isEqualTo(new PricingConfiguration(Money.zero(eur), Money.zero(eur),
                Money.zero(eur), Percentage.ZERO));
        assertThat(solo.payoutSchedule()).isEqualTo(new PayoutSchedule(PayoutFrequency.MONTHLY, Optional.empty(),
                Optional.of(1), Money.zero(eur), 0, false));
        assertThat(solo.compliance()).isEqualTo(ComplianceStatus.NOTHING_ON_FILE);
        assertThat(VaultRegistryFile.parse(MINIMAL)).as("the defaults are valid").containsKey("solo.sig");
    }

    @Test
    void singleReferrerRateMeansLevelOneOnly() {
        String json = example().set(ENTERPRISE, "revenueSharing.referrerShare", 5)
                .remove(ENTERPRISE, "revenueSharing.maxReferralDepth").json();

        RevenueSharing terms = RegistryJson.read(json).get(ENTERPRISE).revenueSharing();

        assertThat(terms.referrerShare()).containsExactly(Percentage.ofPercent(5));
        assertThat(terms.maxReferralDepth()).as("defaults to the number of levels").isEqualTo(1);
    }

    @Test
    void maxReferralDepthDefaultsToTheNumberOfLevels() {
        String json = example().remove(ENTERPRISE, "revenueSharing.maxReferralDepth").json();

        assertThat(RegistryJson.read(json).get(ENTERPRISE).revenueSharing().maxReferralDepth()).isEqualTo(2);
    }

    @Test
    void volumeBonusWindowDefaultsToThirtyDays() {
        String json = example().remove(ENTERPRISE, "revenueSharing.volumeBonus.windowDays").json();

        assertThat(RegistryJson.read(json).get(ENTERPRISE).revenueSharing().volumeBonus())
                .hasValueSatisfying(b -> assertThat(b.windowDays()).isEqualTo(30));
    }

    @Test
    void exactNumbersAreAcceptedAsAmounts() {
        String json = example().set(ENTERPRISE, "pricingConfiguration.agentExportFee", 49.5)
                .set(ENTERPRISE, "pricingConfiguration.platformForkFee", 2500).json();

        PricingConfiguration pricing = RegistryJson.read(json).get(ENTERPRISE).pricingConfiguration();

        assertThat(pricing.agentExportFee()).isEqualTo(Money.parse("49.50", "USD"));
        assertThat(pricing.platformForkFee()).isEqualTo(Money.parse("2500.00", "USD"));
    }

    @Test
    void namesAreReadCaseInsensitively() {
        String json = example().set(ENTERPRISE, "payoutSchedule.frequency", "BiWeekly")
                .set(ENTERPRISE, "payoutSchedule.dayOfWeek", "FRIDAY").json();

        PayoutSchedule schedule = RegistryJson.read(json).get(ENTERPRISE).payoutSchedule();

        assertThat(schedule.frequency()).isEqualTo(PayoutFrequency.BIWEEKLY);
        assertThat(schedule.dayOfWeek()).contains(DayOfWeek.FRIDAY);
    }

    @Test
    void readChecksTheShapeOnlyAndLeavesTheRulesToTheValidator() {
        String rulesBroken = example().set(ENTERPRISE, "revenueSharing.masterVaultShare", 20).json();
        String shapeBroken = example().set(ENTERPRISE, "licensedSince", "15/01/2025").json();

        assertThat(RegistryJson.read(rulesBroken)).containsKey(ENTERPRISE);
        assertThatThrownBy(() -> RegistryJson.read(shapeBroken))
                .isInstanceOf(RegistryValidationException.class)
                .hasMessageEndingWith("\nenterprise-vault.sig: licensedSince: expected a date YYYY-MM-DD such as"
                        + " \"2025-01-15\"; got '15/01/2025'");
    }

    @Test
    void readsFromAStream() throws Exception {
        byte[] bytes = RegistryFixture.exampleText().getBytes(StandardCharsets.UTF_8);

        assertThat(RegistryJson.read(new ByteArrayInputStream(bytes))).isEqualTo(RegistryJson.read(
                RegistryFixture.exampleText()));
    }

    @Test
    void writesTheSeedShapeWithKeysInVaultIdOrder() {
        Map<String, LicensedVault> vaults = VaultRegistryFile.load(EXAMPLE);
        List<LicensedVault> reversed = vaults.values().stream()
                .sorted((a, b) -> b.vaultId().compareTo(a.vaultId())).toList();

        String json = RegistryJson.write(reversed);

        assertThat(json).isEqualTo(RegistryFixture.exampleText());
        assertThat(json).contains(String.join("\n",
                "    \"payoutSchedule\": {",
                "      \"frequency\": \"weekly\",",
                "      \"dayOfWeek\": \"friday\",",
                "      \"dayOfMonth\": null,",
                "      \"minimumAmount\": \"100.00\",",
                "      \"holdingPeriodDays\": 7,",
                "      \"autoPayoutEnabled\": true",
                "    },"));
        assertThat(json).contains("\"referrerShare\": [5, 2],", "\"percentage\": 2.9,", "\"frequency\": \"biweekly\"");
    }

    @Test
    void roundTripGivesEqualVaults() {
        Map<String, LicensedVault> minimal = RegistryJson.read(MINIMAL);
        Map<String, LicensedVault> vaults = VaultRegistryFile.load(EXAMPLE);

        assertThat(RegistryJson.read(RegistryJson.write(minimal.values()))).isEqualTo(minimal);
        assertThat(RegistryJson.read(RegistryJson.write(vaults.values()))).isEqualTo(vaults);
    }

    @Test
    void amountInAForeignCurrencyKeepsItsCodeWhenWritten() {
        String json = example().set(ENTERPRISE, "revenueSharing.processingFee.fixed", "0.30 EUR").json();
        Map<String, LicensedVault> vaults = RegistryJson.read(json);

        String written = RegistryJson.write(vaults.values());

        assertThat(written).contains("\"fixed\": \"0.30 EUR\"");
        assertThat(RegistryJson.read(written)).isEqualTo(vaults);
    }

    @Test
    void writingTwoVaultsWithOneIdIsAProgrammingError() {
        LicensedVault enterprise = VaultRegistryFile.load(EXAMPLE).get(ENTERPRISE);

        assertThatThrownBy(() -> RegistryJson.write(List.of(enterprise, enterprise)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void absurdNumbersAreRefusedWithoutBuildingThem() {
        String json = example().set(ENTERPRISE, "revenueSharing.bonusCeiling", new BigDecimal("1e-999999"))
                .json();

        assertThatThrownBy(() -> RegistryJson.read(json))
                .hasMessageEndingWith("\nenterprise-vault.sig: revenueSharing.bonusCeiling: number is out of range");
    }
}
