package ai.mirroros.licensing.split;

import ai.mirroros.licensing.money.Money;
import ai.mirroros.licensing.money.Percentage;
import java.util.Objects;

/**
 * What the split needs to know about one referrer at the time of the payment, computed by the caller (from the
 * registry and the payments of the vaults it referred) so that the split stays a pure function. A referrer the
 * request says nothing about takes part in the programme and has no volume bonus.
 *
 * @param programmeOn     the referrer's {@code monetizationConfig.referralProgram}: when off, its levels are listed
 *                        with nothing paid
 * @param volumeBonus     extra commission points for a high-volume referrer ({@code PlatformTerms.referrerBonus}),
 *                        added to the configured rate of every level it is paid at
 * @param referredRevenue the referred revenue the bonus was computed from, for the provenance note
 * @param windowDays      the days that revenue was summed over, for the provenance note
 */
public record ReferrerState(boolean programmeOn, Percentage volumeBonus, Money referredRevenue, int windowDays) {
    /** The note of a level not paid because its referrer has switched the referral programme off. */
    public static final String PROGRAMME_OFF_NOTE = "not paid: the referrer's referral programme is off";

    public ReferrerState {
        Objects.requireNonNull(volumeBonus, "volumeBonus");
        Objects.requireNonNull(referredRevenue, "referredRevenue");
        if (volumeBonus.basisPoints() < 0 || volumeBonus.basisPoints() > Percentage.FULL_BASIS_POINTS) {
            throw new SplitException("referrer volume bonus is " + volumeBonus + "; it must be between 0% and 100%");
        }
        if (windowDays < 0) {
            throw new SplitException("referrer bonus window must not be negative, got " + windowDays);
        }
    }
}
