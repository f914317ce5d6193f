package ai.mirroros.licensing.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.mirroros.licensing.ledger.ActivityEntry;
import ai.mirroros.licensing.ledger.ActivityLog;
import ai.mirroros.licensing.money.Percentage;
import ai.mirroros.licensing.store.DatabaseTestSupport;
import ai.mirroros.licensing.vault.VaultRegistry.ImportedVault;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class VaultRegistryTest extends DatabaseTestSupport {
    private static final Instant JAN = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant JUN = Instant.parse("2026-06-01T00:00:00Z");

    private VaultRegistry registry;
    private ActivityLog activityLog;
    private Map<String, LicensedVault> example;

    @BeforeEach
    void setUp() {
        Clock clock = Clock.fixed(JAN, ZoneOffset.UTC);
        activityLog = new ActivityLog(db, clock);
        registry = new VaultRegistry(db, clock, activityLog);
        example = VaultRegistryFile.load(Path.of("examples/licensed-vaults.json"));
    }

    @Test
    void importedVaultsAreFoundAsOfTheirEffectiveTime() {
        registry.importVaults(example.values(), JAN);

        assertThat(registry.find("enterprise-vault.sig", JAN)).contains(example.get("enterprise-vault.sig"));
        assertThat(registry.find("enterprise-vault.sig", JAN.minusSeconds(1))).isEmpty();
        assertThat(registry.all(JAN)).extracting(LicensedVault::vaultId).containsExactlyElementsOf(
                example.keySet().stream().sorted().toList());
    }

    @Test
    void aChangeAddsAVersionAndSplitsBeforeItKeepTheOldTerms() {
        registry.importVaults(example.values(), JAN);
        LicensedVault startup = example.get("startup-vault.sig");
        LicensedVault upgraded = withTier(startup, LicenseType.ENTERPRISE_PARTNER, 8_500);

        List<ImportedVault> result = registry.importVaults(List.of(upgraded), JUN);

        assertThat(result).singleElement().satisfies(v -> {
            assertThat(v.change()).isEqualTo(ImportedVault.Change.UPDATED);
            assertThat(v.version()).isEqualTo(2);
            assertThat(v.previousTier()).contains(LicenseType.STARTUP_PARTNER);
        });
        assertThat(registry.require("startup-vault.sig", JUN.minusSeconds(1)).licenseType())
                .isEqualTo(LicenseType.STARTUP_PARTNER);
        assertThat(registry.require("startup-vault.sig", JUN).licenseType())
                .isEqualTo(LicenseType.ENTERPRISE_PARTNER);
        assertThat(registry.history("startup-vault.sig")).extracting(VaultVersion::version).containsExactly(1, 2);
        assertThat(activityLog.recent(java.util.Optional.of("startup-vault.sig"), 10))
                .extracting(ActivityEntry::type).containsExactly("tier.changed", "vault.registered");
        assertThat(activityLog.recent(java.util.Optional.of("startup-vault.sig"), 1).getFirst().payloadJson())
                .contains("\"previousLicenseType\":\"startup_partner\"", "\"licenseType\":\"enterprise_partner\"");
    }

    @Test
    void reimportingTheSameFileAddsNoVersion() {
        registry.importVaults(example.values(), JAN);
        List<ImportedVault> again = registry.importVaults(example.values(), JUN);

        assertThat(again).extracting(ImportedVault::change).containsOnly(ImportedVault.Change.UNCHANGED);
        assertThat(registry.history("enterprise-vault.sig")).hasSize(1);
    }

    @Test
    void aReferrerMayAlreadyBeStoredButAMissingOneRejectsTheWholeImport() {
        registry.importVaults(List.of(example.get("startup-vault.sig"), example.get("individual-vault.sig"),
                example.get("enterprise-vault.sig")), JAN);
        registry.importVaults(List.of(example.get("agency-fork.sig")), JAN);
        assertThat(registry.find("agency-fork.sig", JAN)).isPresent();

        LicensedVault orphan = new LicensedVault("orphan.sig", LicenseType.INDIVIDUAL_PARTNER,
                example.get("individual-vault.sig").licensedSince(),
                example.get("individual-vault.sig").settlementCurrency(),
                example.get("individual-vault.sig").revenueSharing(),
                new MirrorOrigin(java.util.Optional.empty(), 0, List.of("nobody.sig")),
                example.get("individual-vault.sig").monetizationConfig(),
                example.get("individual-vault.sig").pricingConfiguration(),
                example.get("individual-vault.sig").payoutSchedule(),
                example.get("individual-vault.sig").compliance());
        LicensedVault fine = withTier(example.get("startup-vault.sig"), LicenseType.ENTERPRISE_PARTNER, 8_500);

        assertThatThrownBy(() -> registry.importVaults(List.of(fine, orphan), JUN))
                .isInstanceOf(RegistryValidationException.class)
                .hasMessageContaining("orphan.sig")
                .hasMessageContaining("nobody.sig");
        assertThat(registry.history("startup-vault.sig")).as("nothing of the failed import is stored").hasSize(1);
        assertThat(registry.history("orphan.sig")).isEmpty();
        assertThat(activityLog.recent(java.util.Optional.of("startup-vault.sig"), 10))
                .as("nor any activity entry of it").hasSize(1);
    }

    @Test
    void anUnknownVaultIsAClearError() {
        assertThatThrownBy(() -> registry.require("ghost.sig", JAN))
                .isInstanceOf(UnknownVaultException.class)
                .hasMessageContaining("unknown vault 'ghost.sig'");
    }

    static LicensedVault withTier(LicensedVault vault, LicenseType tier, int partnerBasisPoints) {
        RevenueSharing terms = vault.revenueSharing();
        RevenueSharing changed = new RevenueSharing(Percentage.ofBasisPoints(partnerBasisPoints),
                Percentage.ofBasisPoints(10_000 - partnerBasisPoints), terms.referrerShare(),
                terms.maxReferralDepth(), terms.volumeBonus(), terms.loyaltyBonus(), terms.bonusCeiling(),
                terms.feeBearer(), terms.processingFee());
        return new LicensedVault(vault.vaultId(), tier, vault.licensedSince(), vault.settlementCurrency(), changed,
                vault.mirrorOrigin(), vault.monetizationConfig(), vault.pricingConfiguration(),
                vault.payoutSchedule(), vault.compliance());
    }
}
