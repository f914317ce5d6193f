package ai.mirroros.licensing.vault;

import ai.mirroros.licensing.money.CurrencyUnit;
import java.time.LocalDate;
import java.util.Objects;

/**
 * One licensed partner vault, as of one version of the registry. Immutable: a change is a new version.
 *
 * @param vaultId            the vault's id, e.g. {@code enterprise-vault.sig}
 * @param licenseType        the license tier
 * @param licensedSince      the first day of the license, for the loyalty bonus
 * @param settlementCurrency the currency the vault is credited and paid in
 */
public record LicensedVault(
        String vaultId,
        LicenseType licenseType,
        LocalDate licensedSince,
        CurrencyUnit settlementCurrency,
        RevenueSharing revenueSharing,
        MirrorOrigin mirrorOrigin,
        MonetizationConfig monetizationConfig,
        PricingConfiguration pricingConfiguration,
        PayoutSchedule payoutSchedule,
        ComplianceStatus compliance) {

    public LicensedVault {
        Objects.requireNonNull(vaultId, "vaultId");
        Objects.requireNonNull(licenseType, "licenseType");
        Objects.requireNonNull(licensedSince, "licensedSince");
        Objects.requireNonNull(settlementCurrency, "settlementCurrency");
        Objects.requireNonNull(revenueSharing, "revenueSharing");
        Objects.requireNonNull(mirrorOrigin, "mirrorOrigin");
        Objects.requireNonNull(monetizationConfig, "monetizationConfig");
        Objects.requireNonNull(pricingConfiguration, "pricingConfiguration");
        Objects.requireNonNull(payoutSchedule, "payoutSchedule");
        Objects.requireNonNull(compliance, "compliance");
    }
}
