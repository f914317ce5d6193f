package ai.mirroros.licensing.tier;

import ai.mirroros.licensing.money.Money;
import ai.mirroros.licensing.vault.LicenseType;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;

/**
 * What a vault would have earned over a recent period had it been on the next tier: every payment of the period
 * split again with the next tier's share (same gross, same Stripe fee, same bonus points), against what it earned.
 *
 * @param months the period's months with their gross and whether it reached the next tier's threshold
 */
public record UpgradeEstimate(
        String vaultId,
        LicenseType currentTier,
        LicenseType nextTier,
        Money nextThreshold,
        Instant from,
        Instant to,
        long payments,
        Money gross,
        Money earned,
        Money wouldHaveEarned,
        List<Month> months) {

    public record Month(YearMonth month, Money gross, boolean reachesNextThreshold) {
    }

    /** The extra the partner would have earned. */
    public Money difference() {
        return wouldHaveEarned.minus(earned);
    }

    /** Months of the period that reached the next tier's threshold. */
    public long monthsReaching() {
        return months.stream().filter(Month::reachesNextThreshold).count();
    }
}
