package ai.mirroros.licensing.tier;

import ai.mirroros.licensing.money.Money;
import ai.mirroros.licensing.money.Percentage;
import ai.mirroros.licensing.platform.PlatformTerms;
import ai.mirroros.licensing.vault.LicenseType;
import ai.mirroros.licensing.vault.LicensedVault;
import ai.mirroros.licensing.vault.RevenueSharing;
import java.util.Objects;
import java.util.Optional;

/**
 * The one place that decides a vault's tier from its revenue. A vault moves up to the highest tier whose monthly
 * threshold its calendar month's gross revenue (UTC) has reached; it moves down only when the platform's
 * {@link PlatformTerms.DowngradePolicy} says so. Thresholds are in the currency the platform states them in (USD):
 * a vault settling in another currency is not moved automatically, since no rate between the two is recorded for
 * the month as a whole.
 */
public final class TierPolicy {
    private final PlatformTerms terms;

    public TierPolicy(PlatformTerms terms) {
        this.terms = Objects.requireNonNull(terms, "terms");
    }

    /** Whether a vault's tier can follow its revenue at all (its currency is the thresholds' currency). */
    public boolean applies(LicensedVault vault) {
        return terms.upgradeThreshold(LicenseType.STARTUP_PARTNER).currency().equals(vault.settlementCurrency());
    }

    /** The tier the vault moves up to with {@code monthRevenue} in the month, when higher than its current one. */
    public Optional<LicenseType> upgradeFor(LicensedVault vault, Money monthRevenue) {
        if (!applies(vault)) {
            return Optional.empty();
        }
        LicenseType reached = tierReached(monthRevenue);
        return reached.compareTo(vault.licenseType()) > 0 ? Optional.of(reached) : Optional.empty();
    }

    /**
     * The tier the vault moves down to at the start of a month, given the whole previous month's revenue, when the
     * downgrade policy allows it and that month stayed below the current tier's threshold.
     */
    public Optional<LicenseType> downgradeFor(LicensedVault vault, Money previousMonthRevenue) {
        if (terms.downgradePolicy() == PlatformTerms.DowngradePolicy.NEVER || !applies(vault)) {
            return Optional.empty();
        }
        LicenseType reached = tierReached(previousMonthRevenue);
        return reached.compareTo(vault.licenseType()) < 0 ? Optional.of(reached) : Optional.empty();
    }

    /** The lowest revenue at which the tier is reached; zero for the entry tier. */
    public Money threshold(LicenseType tier) {
        return tier == LicenseType.INDIVIDUAL_PARTNER ? Money.zero(terms.upgradeThreshold(tier).currency())
                : terms.upgradeThreshold(tier);
    }

    /** The next tier up, if any. */
    public static Optional<LicenseType> next(LicenseType tier) {
        LicenseType[] tiers = LicenseType.values();
        return tier.ordinal() + 1 < tiers.length ? Optional.of(tiers[tier.ordinal() + 1]) : Optional.empty();
    }

    /**
     * The vault on {@code tier}: the tier's standard partner share, the master share the rest. An upgrade never
     * lowers a share negotiated above the standard; a downgrade returns to the lower tier's standard share.
     */
    public static LicensedVault onTier(LicensedVault vault, LicenseType tier) {
        RevenueSharing sharing = vault.revenueSharing();
        Percentage share = tier.compareTo(vault.licenseType()) > 0
                ? max(sharing.partnerShare(), tier.partnerShare()) : tier.partnerShare();
        RevenueSharing changed = new RevenueSharing(share, Percentage.HUNDRED.minus(share), sharing.referrerShare(),
                sharing.maxReferralDepth(), sharing.volumeBonus(), sharing.loyaltyBonus(), sharing.bonusCeiling(),
                sharing.feeBearer(), sharing.processingFee());
        return new LicensedVault(vault.vaultId(), tier, vault.licensedSince(), vault.settlementCurrency(), changed,
                vault.mirrorOrigin(), vault.monetizationConfig(), vault.pricingConfiguration(),
                vault.payoutSchedule(), vault.compliance());
    }

    private LicenseType tierReached(Money revenue) {
        LicenseType reached = LicenseType.INDIVIDUAL_PARTNER;
        for (LicenseType tier : LicenseType.values()) {
            Money threshold = threshold(tier);
            if (threshold.currency().equals(revenue.currency())
                    && revenue.amountMinor() >= threshold.amountMinor()) {
                reached = tier;
            }
        }
        return reached;
    }

    private static Percentage max(Percentage a, Percentage b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
