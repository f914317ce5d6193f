package ai.mirroros.licensing.vault;

import ai.mirroros.licensing.money.Money;
import ai.mirroros.licensing.money.Percentage;
import java.util.Objects;

/**
 * Extra partner points once the vault's revenue over the last {@code windowDays} days reaches {@code threshold}.
 */
public record VolumeBonus(Money threshold, Percentage bonusPercentage, int windowDays) {
    /** A calendar month, give or take: the seed speaks of monthly volume. */
    public static final int DEFAULT_WINDOW_DAYS = 30;

    public VolumeBonus {
        Objects.requireNonNull(threshold, "threshold");
        Objects.requireNonNull(bonusPercentage, "bonusPercentage");
    }
}
