package ai.mirroros.licensing.vault;

import static ai.mirroros.licensing.vault.RegistryFixture.AGENCY;
import static ai.mirroros.licensing.vault.RegistryFixture.ENTERPRISE;
import static ai.mirroros.licensing.vault.RegistryFixture.EXAMPLE;
import static ai.mirroros.licensing.vault.RegistryFixture.INDIVIDUAL;
import static ai.mirroros.licensing.vault.RegistryFixture.PREMIUM;
import static ai.mirroros.licensing.vault.RegistryFixture.STARTUP;
import static ai.mirroros.licensing.vault.RegistryFixture.example;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.mirroros.licensing.LicensingException;
import ai.mirroros.licensing.money.Allocation;
import ai.mirroros.licensing.money.Money;
import ai.mirroros.licensing.money.Percentage;
import ai.mirroros.licensing.vault.ComplianceStatus.KycStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VaultRegistryFileTest {

    @Test
    void exampleFileLoadsAndValidates() {
        Map<String, LicensedVault> vaults = VaultRegistryFile.load(EXAMPLE);

        assertThat(vaults).containsOnlyKeys(AGENCY, ENTERPRISE, INDIVIDUAL, PREMIUM, STARTUP);
        assertThat(List.copyOf(vaults.keySet())).isSorted();
        assertThat(RegistryValidator.validate(vaults.values())).isEmpty();
    }

    @Test
    void exampleHasTheSeedsThreePartnerProfiles() {
        Map<String, LicensedVault> vaults = VaultRegistryFile.load(EXAMPLE);

        assertThat(vaults.get(ENTERPRISE).licenseType()).isEqualTo(LicenseType.ENTERPRISE_PARTNER);
        assertThat(vaults.get(STARTUP).licenseType()).isEqualTo(LicenseType.STARTUP_PARTNER);
        assertThat(vaults.get(INDIVIDUAL).licenseType()).isEqualTo(LicenseType.INDIVIDUAL_PARTNER);
        for (String id : List.of(ENTERPRISE, STARTUP, INDIVIDUAL)) {
            RevenueSharing terms = vaults.get(id).revenueSharing();
            assertThat(terms.partnerShare()).isEqualTo(vaults.get(id).licenseType().partnerShare());
            assertThat(terms.partnerShare().plus(terms.masterVaultShare())).isEqualTo(Percentage.HUNDRED);
            assertThat(terms.processingFee()).isEqualTo(FeeSchedule.SEED_DEFAULT);
            assertThat(terms.feeBearer()).isEqualTo(FeeBearer.SHARED);
        }
    }

    /** The seed's worked example: 1228.45 → fee 35.63, net 1192.82, partner 1013.90, platform 178.92, referrers 0. */
    @Test
    void seedExampleHoldsForEnterpriseVault() {
        LicensedVault enterprise = VaultRegistryFile.load(EXAMPLE).get(ENTERPRISE);
        RevenueSharing terms = enterprise.revenueSharing();
        Money gross = Money.parse("1228.45", enterprise.settlementCurrency());

        Money fee = terms.processingFee().feeFor(gross);
        Money net = gross.minus(fee);
        List<Money> split = Allocation.allocate(net, List.of((long) terms.partnerShare().basisPoints(),
                (long) terms.masterVaultShare().basisPoints()));

        assertThat(fee.toDecimalString()).isEqualTo("35.63");
        assertThat(net.toDecimalString()).isEqualTo("1192.82");
        assertThat(split).extracting(Money::toDecimalString).containsExactly("1013.90", "178.92");
        assertThat(enterprise.mirrorOrigin().referrerChain()).as("no referrer is paid").isEmpty();
        assertThat(terms.loyaltyBonus()).as("no loyalty bonus changes the seed's split").isEmpty();
    }

    @Test
    void exampleHasAReferrerChainOfDepthTwoAndAFork() {
        LicensedVault agency = VaultRegistryFile.load(EXAMPLE).get(AGENCY);

        assertThat(agency.mirrorOrigin().parentVault()).contains(ENTERPRISE);
        assertThat(agency.mirrorOrigin().forkDepth()).isEqualTo(1);
        assertThat(agency.mirrorOrigin().referrerChain()).containsExactly(STARTUP, INDIVIDUAL);
        assertThat(agency.revenueSharing().referrerRate(1)).isEqualTo(Percentage.ofPercent(5));
        assertThat(agency.revenueSharing().referrerRate(2)).isEqualTo(Percentage.ofPercent(2));
    }

    @Test
    void exampleComplianceStatesVary() {
        Map<String, LicensedVault> vaults = VaultRegistryFile.load(EXAMPLE);

        assertThat(vaults.get(INDIVIDUAL).compliance().kyc()).isEqualTo(KycStatus.PENDING);
        assertThat(vaults.get(ENTERPRISE).compliance().readyForPayout()).isTrue();
        assertThat(vaults.get(AGENCY).compliance().readyForPayout()).isFalse();
    }

    @Test
    void exampleFileIsWrittenExactlyAsExported() {
        Map<String, LicensedVault> vaults = VaultRegistryFile.load(EXAMPLE);

        assertThat(RegistryJson.write(vaults.values())).isEqualTo(RegistryFixture.exampleText());
    }

    @Test
    void fileWithOneBadVaultImportsNothing() {
        String json = example().set(STARTUP, "revenueSharing.masterVaultShare", 25).json();

        assertThatThrownBy(() -> VaultRegistryFile.parse(json))
                .isInstanceOfSatisfying(RegistryValidationException.class, e -> {
                    assertThat(e.code()).isEqualTo("invalid_registry");
                    assertThat(e.problems()).singleElement()
                            .satisfies(p -> assertThat(p.vaultId()).isEqualTo(STARTUP));
                    assertThat(e.getMessage()).startsWith("registry: 1 problem; nothing was imported");
                });
    }

    @Test
    void everyProblemIsListedOnItsOwnLineGroupedByVault() {
        String report = example()
                .set(STARTUP, "revenueSharing.masterVaultShare", 25)
                .set(ENTERPRISE, "payoutSchedule.holdingPeriodDays", 400)
                .set(AGENCY, "licenseType", "gold_partner")
                .report();

        assertThat(report.lines()).containsExactly(
                "registry: 3 problems; nothing was imported",
                "agency-fork.sig: licenseType: unknown licenseType 'gold_partner'; expected one of "
                        + "individual_partner, startup_partner, enterprise_partner, premium_enterprise",
                "enterprise-vault.sig: payoutSchedule.holdingPeriodDays: must be between 0 and 365 days, got 400",
                "startup-vault.sig: revenueSharing: partnerShare 80 + masterVaultShare 25 must sum to 100");
    }

    @Test
    void malformedJsonNamesLineAndColumnWithoutStackTrace() {
        String json = "{\n  \"enterprise-vault.sig\": {\n    \"licenseType\": \"enterprise_partner\",\n  }\n}";

        assertThatThrownBy(() -> VaultRegistryFile.parse(json))
                .isInstanceOf(RegistryValidationException.class)
                .hasMessage("registry: 1 problem; nothing was imported\n"
                        + "(file): malformed JSON at line 4, column 3: Unexpected character ('}' (code 125)): "
                        + "was expecting double-quote to start field name");
    }

    @Test
    void truncatedJsonNamesWhereItEnded() {
        String json = "{\"enterprise-vault.sig\": {\"licenseType\": \"enterprise_partner\"";

        assertThatThrownBy(() -> VaultRegistryFile.parse(json))
                .isInstanceOf(RegistryValidationException.class)
                .hasMessageContaining("(file): malformed JSON at line 1, column ")
                .hasMessageContaining("end-of-input")
                .hasMessageNotContaining("Source")
                .satisfies(e -> assertThat(e.getMessage().lines()).hasSize(2));
    }

    @Test
    void sameVaultIdTwiceIsRefused() {
        String json = "{\"a.sig\": {}, \"a.sig\": {}}";

        assertThatThrownBy(() -> VaultRegistryFile.parse(json))
                .hasMessageContaining("(file): malformed JSON at line 1, column ")
                .hasMessageContaining("Duplicate field 'a.sig'");
    }

    @Test
    void topLevelMustBeAnObjectKeyedByVaultId() {
        assertThatThrownBy(() -> VaultRegistryFile.parse("[]"))
                .hasMessageContaining("(file): expected a JSON object keyed by vault id");
        assertThatThrownBy(() -> VaultRegistryFile.parse("  "))
                .hasMessageContaining("(file): the file is empty");
    }

    @Test
    void emptyRegistryIsValid() {
        assertThat(VaultRegistryFile.parse("{}")).isEmpty();
    }

    @Test
    void missingFileIsUnreadableNotInvalid(@TempDir Path dir) {
        Path missing = dir.resolve("nope.json");

        assertThatThrownBy(() -> VaultRegistryFile.load(missing))
                .isInstanceOfSatisfying(LicensingException.class,
                        e -> assertThat(e.code()).isEqualTo(VaultRegistryFile.UNREADABLE_CODE))
                .hasMessage("registry file " + missing + " does not exist");
    }

    @Test
    void loadNamesTheFileInTheReport(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("licensed-vaults.json");
        Files.writeString(file, example().set(ENTERPRISE, "revenueSharing.partnerShare", 86).json());

        assertThatThrownBy(() -> VaultRegistryFile.load(file))
                .hasMessageStartingWith(file + ": 1 problem; nothing was imported");
    }

    @Test
    void saveWritesWhatLoadReadsBack(@TempDir Path dir) throws Exception {
        Map<String, LicensedVault> vaults = VaultRegistryFile.load(EXAMPLE);
        Path file = dir.resolve("registry.json");

        VaultRegistryFile.save(file, vaults.values());

        assertThat(VaultRegistryFile.load(file)).isEqualTo(vaults);
        assertThat(Files.readString(file)).isEqualTo(RegistryFixture.exampleText());
        try (var files = Files.list(dir)) {
            assertThat(files).as("no temporary file left behind").containsExactly(file);
        }
    }

    @Test
    void saveRefusesAnInvalidRegistryAndWritesNothing(@TempDir Path dir) {
        List<LicensedVault> vaults = new ArrayList<>(VaultRegistryFile.load(EXAMPLE).values());
        LicensedVault enterprise = vaults.stream().filter(v -> v.vaultId().equals(ENTERPRISE)).findFirst().get();
        vaults.add(new LicensedVault("orphan.sig", enterprise.licenseType(), enterprise.licensedSince(),
                enterprise.settlementCurrency(), enterprise.revenueSharing(),
                new MirrorOrigin(Optional.of("gone.sig"), 1, List.of()), enterprise.monetizationConfig(),
                enterprise.pricingConfiguration(), enterprise.payoutSchedule(), enterprise.compliance()));
        Path file = dir.resolve("registry.json");

        assertThatThrownBy(() -> VaultRegistryFile.save(file, vaults))
                .hasMessage(file + ": 1 problem; nothing was written\n"
                        + "orphan.sig: mirrorOrigin.parentVault: parent vault 'gone.sig' is not in this registry");
        assertThat(file).doesNotExist();
    }
}
