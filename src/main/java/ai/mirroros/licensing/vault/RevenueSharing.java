package ai.mirroros.licensing.vault;

import ai.mirroros.licensing.money.Percentage;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A vault's revenue-sharing terms.
 *
 * @param partnerShare     the partner's share before bonuses
 * @param masterVaultShare the platform's share; partner + master = 100 %. Referrer commissions and bonuses come out
 *                         of it, never out of the partner's share
 * @param referrerShare    commission rate per referrer level, index 0 = level 1 (the nearest referrer)
 * @param maxReferralDepth how many levels of the referrer chain are paid at most
 * @param volumeBonus      extra partner points once revenue over a window reaches a threshold, if configured
 * @param loyaltyBonus     extra partner points after N months licensed, if configured
 * @param bonusCeiling     the most bonus points (volume + loyalty) a split may add
 * @param feeBearer        who carries the processing fee
 * @param processingFee    the fee schedule used when the actual Stripe fee is not known
 */
public record RevenueSharing(
        Percentage partnerShare,
        Percentage masterVaultShare,
        List<Percentage> referrerShare,
        int maxReferralDepth,
        Optional<VolumeBonus> volumeBonus,
        Optional<LoyaltyBonus> loyaltyBonus,
        Percentage bonusCeiling,
        FeeBearer feeBearer,
        FeeSchedule processingFee) {

    public RevenueSharing {
        Objects.requireNonNull(partnerShare, "partnerShare");
        Objects.requireNonNull(masterVaultShare, "masterVaultShare");
        referrerShare = List.copyOf(referrerShare);
        Objects.requireNonNull(volumeBonus, "volumeBonus");
        Objects.requireNonNull(loyaltyBonus, "loyaltyBonus");
        Objects.requireNonNull(bonusCeiling, "bonusCeiling");
        Objects.requireNonNull(feeBearer, "feeBearer");
        Objects.requireNonNull(processingFee, "processingFee");
    }

    /** The commission rate for a 1-based referrer level, zero beyond the configured levels or depth. */
    public Percentage referrerRate(int level) {
        if (level < 1 || level > maxReferralDepth || level > referrerShare.size()) {
            return Percentage.ZERO;
        }
        return referrerShare.get(level - 1);
    }
}
