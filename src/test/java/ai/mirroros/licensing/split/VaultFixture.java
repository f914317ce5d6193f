package ai.mirroros.licensing.split;

import ai.mirroros.licensing.money.CurrencyUnit;
import ai.mirroros.licensing.money.Money;
import ai.mirroros.licensing.money.Percentage;
import ai.mirroros.licensing.vault.ComplianceStatus;
import ai.mirroros.licensing.vault.FeeBearer;
import ai.mirroros.licensing.vault.FeeSchedule;
import ai.mirroros.licensing.vault.LicenseType;
import ai.mirroros.licensing.vault.LicensedVault;
import ai.mirroros.licensing.vault.LoyaltyBonus;
import ai.mirroros.licensing.vault.MirrorOrigin;
import ai.mirroros.licensing.vault.MonetizationConfig;
import ai.mirroros.licensing.vault.PayoutSchedule;
import ai.mirroros.licensing.vault.PricingConfiguration;
import ai.mirroros.licensing.vault.RevenueSharing;
import ai.mirroros.licensing.vault.VolumeBonus;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Builds a licensed vault for split tests: only the revenue-sharing terms vary, everything else is a fixed,
 * plausible default. Defaults: the seed's 2.9 % + 0 fee schedule, no referrers, no bonuses, no bonus ceiling.
 */
final class VaultFixture {
    static final String VAULT_ID = "enterprise-vault.sig";

    private CurrencyUnit currency = CurrencyUnit.USD;
    private int partnerShareBp = 8_500;
    private FeeBearer feeBearer = FeeBearer.SHARED;
    private FeeSchedule feeSchedule = new FeeSchedule(Percentage.ofBasisPoints(290), Money.zero(CurrencyUnit.USD));
    private List<Percentage> referrerRates = List.of();
    private int maxReferralDepth = 3;
    private List<String> referrerChain = List.of();
    private Optional<VolumeBonus> volumeBonus = Optional.empty();
    private Optional<LoyaltyBonus> loyaltyBonus = Optional.empty();
    private int bonusCeilingBp = 0;

    private VaultFixture() {
    }

    /** A vault whose partner share is {@code partnerShareBp} basis points and who bears the fee as given. */
    static VaultFixture vault(FeeBearer feeBearer, int partnerShareBp) {
        VaultFixture fixture = new VaultFixture();
        fixture.feeBearer = feeBearer;
        fixture.partnerShareBp = partnerShareBp;
        return fixture;
    }

    VaultFixture currency(CurrencyUnit settlementCurrency) {
        this.currency = settlementCurrency;
        this.feeSchedule = new FeeSchedule(feeSchedule.percentage(), Money.zero(settlementCurrency));
        return this;
    }

    VaultFixture feeSchedule(FeeSchedule schedule) {
        this.feeSchedule = schedule;
        return this;
    }

    /** Referrer rates in basis points by level, level 1 first. */
    VaultFixture referrerRates(int... basisPoints) {
        List<Percentage> rates = new ArrayList<>();
        for (int bp : basisPoints) {
            rates.add(Percentage.ofBasisPoints(bp));
        }
        this.referrerRates = List.copyOf(rates);
        return this;
    }

    VaultFixture maxReferralDepth(int depth) {
        this.maxReferralDepth = depth;
        return this;
    }

    VaultFixture referredBy(String... vaultIdsNearestFirst) {
        this.referrerChain = List.of(vaultIdsNearestFirst);
        return this;
    }

    VaultFixture volumeBonus(Money threshold, int bonusBp) {
        this.volumeBonus = Optional.of(new VolumeBonus(threshold, Percentage.ofBasisPoints(bonusBp),
                VolumeBonus.DEFAULT_WINDOW_DAYS));
        return this;
    }

    VaultFixture loyaltyBonus(int monthsRequired, int bonusBp) {
        this.loyaltyBonus = Optional.of(new LoyaltyBonus(monthsRequired, Percentage.ofBasisPoints(bonusBp)));
        return this;
    }

    VaultFixture bonusCeiling(int basisPoints) {
        this.bonusCeilingBp = basisPoints;
        return this;
    }

    LicensedVault build() {
        RevenueSharing sharing = new RevenueSharing(
                Percentage.ofBasisPoints(partnerShareBp),
                Percentage.ofBasisPoints(Percentage.FULL_BASIS_POINTS - partnerShareBp),
                referrerRates,
                maxReferralDepth,
                volumeBonus,
                loyaltyBonus,
                Percentage.ofBasisPoints(bonusCeilingBp),
                feeBearer,
                feeSchedule);
        return new LicensedVault(
                VAULT_ID,
                LicenseType.ENTERPRISE_PARTNER,
                LocalDate.of(2024, 1, 15),
                currency,
                sharing,
                new MirrorOrigin(Optional.empty(), 0, referrerChain),
                new MonetizationConfig(true, true, true, true, true),
                new PricingConfiguration(Money.zero(currency), Money.zero(currency), Money.zero(currency),
                        Percentage.ZERO),
                new PayoutSchedule(PayoutSchedule.PayoutFrequency.WEEKLY, Optional.of(DayOfWeek.FRIDAY),
                        Optional.empty(), Money.zero(currency), 7, true),
                ComplianceStatus.NOTHING_ON_FILE);
    }
}
