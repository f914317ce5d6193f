package ai.mirroros.licensing.referral;

import ai.mirroros.licensing.LicensingApp;
import ai.mirroros.licensing.ledger.AccountRef;
import ai.mirroros.licensing.money.CurrencyUnit;
import ai.mirroros.licensing.money.Money;
import ai.mirroros.licensing.money.Percentage;
import ai.mirroros.licensing.revenue.PaymentEvent;
import ai.mirroros.licensing.revenue.PostedPayment;
import ai.mirroros.licensing.store.Database;
import ai.mirroros.licensing.testing.ManualClock;
import ai.mirroros.licensing.vault.FeeBearer;
import ai.mirroros.licensing.vault.LicensedVault;
import ai.mirroros.licensing.vault.MirrorOrigin;
import ai.mirroros.licensing.vault.MonetizationConfig;
import ai.mirroros.licensing.vault.RevenueSharing;
import ai.mirroros.licensing.vault.VaultRegistryFile;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The example registry plus vaults without a referrer chain, ready to sign up: a referral programme test's world.
 * Vaults are registered on {@link #REGISTERED}, codes created on {@link #CODES_AT}, sign-ups happen on
 * {@link #SIGNUP}, payments after.
 */
final class ReferralWorld {
    static final Instant REGISTERED = Instant.parse("2026-01-01T00:00:00Z");
    static final Instant CODES_AT = Instant.parse("2026-01-15T00:00:00Z");
    static final Instant SIGNUP = Instant.parse("2026-02-01T00:00:00Z");
    static final CurrencyUnit USD = CurrencyUnit.USD;

    static final String ENTERPRISE = "enterprise-vault.sig";
    static final String STARTUP = "startup-vault.sig";
    static final String INDIVIDUAL = "individual-vault.sig";
    static final String AGENCY = "agency-fork.sig";
    /** Startup terms (80 %, shared fee, referrers 5 % and 2 %, depth 2), no chain, programme on. */
    static final String NEWCO = "newco.sig";
    /** Like newco, a second vault to sign up. */
    static final String MIDCO = "midco.sig";
    /** Like newco but maxReferralDepth 1. */
    static final String SHALLOW = "shallow.sig";
    /** Like newco but maxReferralDepth 3, with rates for two levels only. */
    static final String DEEP = "deep.sig";
    /** 85/15, the platform bears the fee: a large fee leaves little of the master share for referrers. */
    static final String THIN = "thin-margin.sig";

    final ManualClock clock = new ManualClock(CODES_AT);
    final LicensingApp app;
    final Referrals referrals;

    private ReferralWorld(Database db) {
        app = LicensingApp.over(db, clock);
        referrals = Referrals.of(app);
        Map<String, LicensedVault> example = VaultRegistryFile.load(Path.of("examples/licensed-vaults.json"));
        LicensedVault startup = example.get(STARTUP);
        List<LicensedVault> vaults = new ArrayList<>(example.values());
        vaults.add(derived(startup, NEWCO, startup.revenueSharing()));
        vaults.add(derived(startup, MIDCO, startup.revenueSharing()));
        vaults.add(derived(startup, SHALLOW, sharing(startup.revenueSharing(), 8_000, 1, FeeBearer.SHARED)));
        vaults.add(derived(startup, DEEP, sharing(startup.revenueSharing(), 8_000, 3, FeeBearer.SHARED)));
        vaults.add(derived(startup, THIN, sharing(startup.revenueSharing(), 8_500, 2, FeeBearer.PLATFORM)));
        app.vaults().importVaults(vaults, REGISTERED);
    }

    static ReferralWorld over(Database db) {
        return new ReferralWorld(db);
    }

    /** A new code of {@code vault}, created on {@link #CODES_AT}. */
    String code(String vault) {
        clock.set(CODES_AT);
        return referrals.codes().create(vault, Optional.empty()).code();
    }

    ReferralSignups.Signup signUp(String vault, String code) {
        return referrals.signups().signUp(vault, code, SIGNUP);
    }

    PostedPayment pay(String sourceId, String vault, String gross, Instant at) {
        return app.payments().post(new PaymentEvent(sourceId, vault, Money.parse(gross, USD), Optional.empty(), at));
    }

    PostedPayment pay(String sourceId, String vault, String gross, String fee, Instant at) {
        return app.payments().post(new PaymentEvent(sourceId, vault, Money.parse(gross, USD),
                Optional.of(Money.parse(fee, USD)), at));
    }

    /** What the referrer has been credited, net of any clawback (its pending account, positive). */
    Money referrerPending(String referrer) {
        return app.ledger().balance(AccountRef.referrerPending(referrer, USD)).negate();
    }

    /** A copy of {@code template} as a new vault: no parent, no referrer chain, the referral programme on. */
    static LicensedVault derived(LicensedVault template, String id, RevenueSharing sharing) {
        MonetizationConfig m = template.monetizationConfig();
        return new LicensedVault(id, template.licenseType(), template.licensedSince(), template.settlementCurrency(),
                sharing, MirrorOrigin.ORIGINAL, new MonetizationConfig(m.enableAgentTemplateResale(),
                m.enableHostedMirrorPlatforms(), m.enableCustomExportFees(), m.stripeIntegration(), true),
                template.pricingConfiguration(), template.payoutSchedule(), template.compliance());
    }

    static RevenueSharing sharing(RevenueSharing t, int partnerBasisPoints, int maxDepth, FeeBearer bearer) {
        return new RevenueSharing(Percentage.ofBasisPoints(partnerBasisPoints),
                Percentage.ofBasisPoints(Percentage.FULL_BASIS_POINTS - partnerBasisPoints), t.referrerShare(),
                maxDepth, t.volumeBonus(), t.loyaltyBonus(), t.bonusCeiling(), bearer, t.processingFee());
    }

    /** The vault with its referral programme switched to {@code on}, everything else unchanged. */
    static LicensedVault withProgramme(LicensedVault v, boolean on) {
        MonetizationConfig m = v.monetizationConfig();
        return new LicensedVault(v.vaultId(), v.licenseType(), v.licensedSince(), v.settlementCurrency(),
                v.revenueSharing(), v.mirrorOrigin(), new MonetizationConfig(m.enableAgentTemplateResale(),
                m.enableHostedMirrorPlatforms(), m.enableCustomExportFees(), m.stripeIntegration(), on),
                v.pricingConfiguration(), v.payoutSchedule(), v.compliance());
    }
}
