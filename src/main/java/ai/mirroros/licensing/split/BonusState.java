package ai.mirroros.licensing.split;

import ai.mirroros.licensing.money.CurrencyUnit;
import ai.mirroros.licensing.money.Money;
import java.util.Objects;

/**
 * What the bonus rules need to know about the vault at the time of the payment, computed by the caller from the
 * ledger and the license start so that the split itself stays a pure function.
 *
 * @param revenueInWindow the vault's revenue over the volume-bonus window, before this payment
 * @param monthsLicensed  full months the vault has been licensed
 */
public record BonusState(Money revenueInWindow, int monthsLicensed) {
    public BonusState {
        Objects.requireNonNull(revenueInWindow, "revenueInWindow");
        if (monthsLicensed < 0) {
            throw new SplitException("bonusState.monthsLicensed must not be negative, got " + monthsLicensed);
        }
    }

    /** No revenue yet and licensed this month: no bonus applies. */
    public static BonusState none(CurrencyUnit currency) {
        return new BonusState(Money.zero(currency), 0);
    }
}
