package ai.mirroros.licensing.split;

import ai.mirroros.licensing.money.Money;
import ai.mirroros.licensing.vault.LicensedVault;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything one split depends on, so that the same request always gives the same result.
 *
 * @param gross         the amount the customer paid
 * @param actualFee     the processing fee Stripe reported, when known; otherwise the vault's fee schedule is used
 * @param vault         the vault's terms in force at the time of the payment
 * @param referrerChain the vaults that referred this one, nearest first
 * @param bonusState    the facts the volume and loyalty bonuses depend on
 * @param referrers     per referrer vault id, whether it takes part in the referral programme and its volume bonus;
 *                      a referrer not in the map takes part with no bonus
 */
public record SplitRequest(
        Money gross,
        Optional<Money> actualFee,
        LicensedVault vault,
        List<String> referrerChain,
        BonusState bonusState,
        Map<String, ReferrerState> referrers) {

    public SplitRequest {
        Objects.requireNonNull(gross, "gross");
        Objects.requireNonNull(actualFee, "actualFee");
        Objects.requireNonNull(vault, "vault");
        referrerChain = List.copyOf(referrerChain);
        Objects.requireNonNull(bonusState, "bonusState");
        referrers = Map.copyOf(referrers);
    }

    /** A request whose referrers all take part in the programme with no volume bonus. */
    public SplitRequest(Money gross, Optional<Money> actualFee, LicensedVault vault, List<String> referrerChain,
                        BonusState bonusState) {
        this(gross, actualFee, vault, referrerChain, bonusState, Map.of());
    }

    /** A request with the fee still unknown and the referrer chain taken from the vault's mirror origin. */
    public static SplitRequest of(Money gross, LicensedVault vault, BonusState bonusState) {
        return new SplitRequest(gross, Optional.empty(), vault, vault.mirrorOrigin().referrerChain(), bonusState);
    }

    /** The same request with the fee Stripe actually charged. */
    public SplitRequest withActualFee(Money fee) {
        return new SplitRequest(gross, Optional.of(fee), vault, referrerChain, bonusState, referrers);
    }

    /** The same request with what is known about each referrer (programme on or off, volume bonus). */
    public SplitRequest withReferrers(Map<String, ReferrerState> states) {
        return new SplitRequest(gross, actualFee, vault, referrerChain, bonusState, states);
    }
}
