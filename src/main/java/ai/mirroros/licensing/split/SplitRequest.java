package ai.mirroros.licensing.split;

import ai.mirroros.licensing.money.Money;
import ai.mirroros.licensing.vault.LicensedVault;
import java.util.List;
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
 */
public record SplitRequest(
        Money gross,
        Optional<Money> actualFee,
        LicensedVault vault,
        List<String> referrerChain,
        BonusState bonusState) {

    public SplitRequest {
        Objects.requireNonNull(gross, "gross");
        Objects.requireNonNull(actualFee, "actualFee");
        Objects.requireNonNull(vault, "vault");
        referrerChain = List.copyOf(referrerChain);
        Objects.requireNonNull(bonusState, "bonusState");
    }

    /** A request with the fee still unknown and the referrer chain taken from the vault's mirror origin. */
    public static SplitRequest of(Money gross, LicensedVault vault, BonusState bonusState) {
        return new SplitRequest(gross, Optional.empty(), vault, vault.mirrorOrigin().referrerChain(), bonusState);
    }

    /** The same request with the fee Stripe actually charged. */
    public SplitRequest withActualFee(Money fee) {
        return new SplitRequest(gross, Optional.of(fee), vault, referrerChain, bonusState);
    }
}
