package ai.mirroros.licensing.marketplace;

import ai.mirroros.licensing.LicensingApp;
import ai.mirroros.licensing.ledger.ActivityEntry;
import ai.mirroros.licensing.money.Percentage;
import ai.mirroros.licensing.store.Database;
import ai.mirroros.licensing.vault.LicensedVault;
import ai.mirroros.licensing.vault.MonetizationConfig;
import ai.mirroros.licensing.vault.PricingConfiguration;
import ai.mirroros.licensing.vault.RegistryJson;
import ai.mirroros.licensing.vault.VaultRegistryFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The example registry's vaults (examples/licensed-vaults.json), with the switches the marketplace depends on
 * flipped per test, and the marketplace over a test database.
 */
public final class MarketplaceFixture {
    public static final Path EXAMPLE = Path.of("examples/licensed-vaults.json");
    public static final Instant REGISTERED = Instant.parse("2026-01-01T00:00:00Z");
    /** Resale on, custom export fees on (49.00 / 99.00 / 2500.00 USD, markup 30 %). */
    public static final String ENTERPRISE = "enterprise-vault.sig";
    /** Resale on, custom export fees off: the platform's defaults apply. */
    public static final String INDIVIDUAL = "individual-vault.sig";

    private MarketplaceFixture() {
    }

    public static Map<String, LicensedVault> example() {
        return VaultRegistryFile.load(EXAMPLE);
    }

    public static LicensedVault vault(String vaultId) {
        return example().get(vaultId);
    }

    public static LicensedVault withResale(LicensedVault v, boolean resale) {
        MonetizationConfig m = v.monetizationConfig();
        return withMonetization(v, new MonetizationConfig(resale, m.enableHostedMirrorPlatforms(),
                m.enableCustomExportFees(), m.stripeIntegration(), m.referralProgram()));
    }

    public static LicensedVault withCustomExportFees(LicensedVault v, boolean custom) {
        MonetizationConfig m = v.monetizationConfig();
        return withMonetization(v, new MonetizationConfig(m.enableAgentTemplateResale(),
                m.enableHostedMirrorPlatforms(), custom, m.stripeIntegration(), m.referralProgram()));
    }

    public static LicensedVault withTemplateMarkup(LicensedVault v, Percentage markup) {
        PricingConfiguration p = v.pricingConfiguration();
        return new LicensedVault(v.vaultId(), v.licenseType(), v.licensedSince(), v.settlementCurrency(),
                v.revenueSharing(), v.mirrorOrigin(), v.monetizationConfig(),
                new PricingConfiguration(p.agentExportFee(), p.agentLoopExportFee(), p.platformForkFee(), markup),
                v.payoutSchedule(), v.compliance());
    }

    private static LicensedVault withMonetization(LicensedVault v, MonetizationConfig m) {
        return new LicensedVault(v.vaultId(), v.licenseType(), v.licensedSince(), v.settlementCurrency(),
                v.revenueSharing(), v.mirrorOrigin(), m, v.pricingConfiguration(), v.payoutSchedule(),
                v.compliance());
    }

    /** Registers the example vaults (replacing some by {@code overrides}) from {@link #REGISTERED} on. */
    public static LicensingApp registered(Database db, Clock clock, LicensedVault... overrides) {
        LicensingApp app = LicensingApp.over(db, clock);
        Map<String, LicensedVault> vaults = new java.util.LinkedHashMap<>(example());
        Arrays.stream(overrides).forEach(v -> vaults.put(v.vaultId(), v));
        app.vaults().importVaults(vaults.values(), REGISTERED);
        return app;
    }

    public static Marketplace marketplace(LicensingApp app) {
        return Marketplace.over(app.database(), app.vaults(), app.activityLog(), app.clock(), app.platformTerms());
    }

    /** A registry file holding just {@code vaults}, for CLI tests. */
    public static Path registryFile(Path dir, LicensedVault... vaults) {
        try {
            Path file = Files.createTempFile(dir, "vaults", ".json");
            Files.writeString(file, RegistryJson.write(List.of(vaults)));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The activity entries of {@code type}, newest first. */
    public static List<ActivityEntry> activity(LicensingApp app, String type) {
        return app.activityLog().recent(Optional.empty(), 500).stream().filter(e -> e.type().equals(type)).toList();
    }
}
