package ai.mirroros.licensing.tier;

import ai.mirroros.licensing.LicensingException;
import ai.mirroros.licensing.money.CurrencyUnit;
import ai.mirroros.licensing.money.Money;
import ai.mirroros.licensing.money.Percentage;
import ai.mirroros.licensing.split.BonusState;
import ai.mirroros.licensing.split.Provenance;
import ai.mirroros.licensing.split.SplitEngine;
import ai.mirroros.licensing.split.SplitLine;
import ai.mirroros.licensing.split.SplitReport;
import ai.mirroros.licensing.split.SplitRequest;
import ai.mirroros.licensing.split.SplitResult;
import ai.mirroros.licensing.store.Database;
import ai.mirroros.licensing.vault.LicenseType;
import ai.mirroros.licensing.vault.LicensedVault;
import ai.mirroros.licensing.vault.RevenueSharing;
import ai.mirroros.licensing.vault.VaultRegistry;
import ai.mirroros.licensing.vault.VaultVersion;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The seed's upgrade calculator: given the last months, what the vault would have earned at the next tier. Each
 * payment is split again by the same {@link SplitEngine} with the next tier's share, keeping the payment's gross,
 * its Stripe fee and the bonus points it earned, so the difference is the tier's alone.
 */
public final class UpgradeCalculator {
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private final Database database;
    private final VaultRegistry vaults;
    private final TierPolicy policy;
    private final ObjectMapper json;

    public UpgradeCalculator(Database database, VaultRegistry vaults, TierPolicy policy, ObjectMapper json) {
        this.database = Objects.requireNonNull(database, "database");
        this.vaults = Objects.requireNonNull(vaults, "vaults");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.json = Objects.requireNonNull(json, "json");
    }

    /** The estimate over the {@code months} calendar months before the month of {@code asOf} plus that month so far. */
    public UpgradeEstimate estimate(String vaultId, Instant asOf, int months) {
        if (months < 1 || months > 36) {
            throw new LicensingException("invalid_months", "--months must be 1..36, got " + months);
        }
        LicensedVault vault = vaults.require(vaultId, asOf);
        LicenseType next = TierPolicy.next(vault.licenseType()).orElseThrow(() -> new LicensingException(
                "top_tier", vaultId + " is on " + vault.licenseType().wireName() + ", the highest tier"));
        YearMonth last = MonthRevenue.monthOf(asOf);
        YearMonth first = last.minusMonths(months - 1L);
        Instant from = MonthRevenue.start(first);
        CurrencyUnit currency = vault.settlementCurrency();
        List<VaultVersion> history = vaults.history(vaultId);
        return database.jdbi().inTransaction(h -> {
            long[] sums = new long[4];
            h.createQuery("""
                            SELECT gross_minor, fee_minor, partner_minor, vault_version, split_json FROM payment
                            WHERE vault_id = :vaultId AND currency = :currency
                              AND occurred_at >= :from AND occurred_at <= :to""")
                    .bind("vaultId", vaultId).bind("currency", currency.code())
                    .bind("from", from.atOffset(ZoneOffset.UTC)).bind("to", asOf.atOffset(ZoneOffset.UTC))
                    .map((rs, ctx) -> {
                        int version = rs.getInt("vault_version");
                        VaultVersion terms = history.stream().filter(v -> v.version() == version)
                                .findFirst().orElseThrow();
                        Money gross = Money.ofMinor(rs.getLong("gross_minor"), currency);
                        Money fee = Money.ofMinor(rs.getLong("fee_minor"), currency);
                        SplitResult stored = SplitReport.fromMap(read(rs.getString("split_json")));
                        sums[0]++;
                        sums[1] += gross.amountMinor();
                        sums[2] += rs.getLong("partner_minor");
                        sums[3] += atTier(terms.vault(), next, gross, fee, stored).amountMinor();
                        return 0;
                    })
                    .list();
            Map<YearMonth, Money> series = MonthRevenue.series(h, vaultId, currency, first, last);
            Money threshold = policy.threshold(next);
            List<UpgradeEstimate.Month> monthList = new ArrayList<>();
            series.forEach((month, gross) -> monthList.add(new UpgradeEstimate.Month(month, gross,
                    gross.currency().equals(threshold.currency())
                            && gross.amountMinor() >= threshold.amountMinor())));
            return new UpgradeEstimate(vaultId, vault.licenseType(), next, threshold, from, asOf, sums[0],
                    Money.ofMinor(sums[1], currency), Money.ofMinor(sums[2], currency),
                    Money.ofMinor(sums[3], currency), monthList);
        });
    }

    /** The partner's line had the payment been split on {@code tier} with the same fee and bonus points. */
    private static Money atTier(LicensedVault terms, LicenseType tier, Money gross, Money fee, SplitResult stored) {
        Percentage storedRate = stored.lines().stream().map(SplitLine::provenance)
                .filter(p -> p.rule().equals(Provenance.PARTNER_SHARE)).findFirst().map(Provenance::rate)
                .orElse(terms.revenueSharing().partnerShare());
        int bonusPoints = Math.max(0, storedRate.basisPoints() - terms.revenueSharing().partnerShare().basisPoints());
        LicensedVault onTier = TierPolicy.onTier(terms, tier);
        int rate = Math.min(Percentage.FULL_BASIS_POINTS,
                onTier.revenueSharing().partnerShare().basisPoints() + bonusPoints);
        RevenueSharing s = onTier.revenueSharing();
        RevenueSharing withBonusFolded = new RevenueSharing(Percentage.ofBasisPoints(rate),
                Percentage.ofBasisPoints(Percentage.FULL_BASIS_POINTS - rate), s.referrerShare(),
                s.maxReferralDepth(), Optional.empty(), Optional.empty(), s.bonusCeiling(), s.feeBearer(),
                s.processingFee());
        LicensedVault vault = new LicensedVault(onTier.vaultId(), tier, onTier.licensedSince(),
                onTier.settlementCurrency(), withBonusFolded, onTier.mirrorOrigin(), onTier.monetizationConfig(),
                onTier.pricingConfiguration(), onTier.payoutSchedule(), onTier.compliance());
        SplitRequest request = SplitRequest.of(gross, vault, new BonusState(Money.zero(gross.currency()), 0))
                .withActualFee(fee);
        return SplitEngine.split(request).partnerPayout();
    }

    private Map<String, Object> read(String text) {
        try {
            return json.readValue(text, MAP);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored split is not valid JSON", e);
        }
    }
}
