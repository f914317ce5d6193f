package ai.mirroros.licensing.vault;

import ai.mirroros.licensing.money.Percentage;
import java.util.Objects;

/** Extra partner points once the vault has been licensed for {@code monthsRequired} full months. */
public record LoyaltyBonus(int monthsRequired, Percentage bonusPercentage) {
    public LoyaltyBonus {
        Objects.requireNonNull(bonusPercentage, "bonusPercentage");
    }
}
