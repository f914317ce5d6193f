package ai.mirroros.licensing.vault;

import ai.mirroros.licensing.money.Money;
import java.time.DayOfWeek;
import java.util.Objects;
import java.util.Optional;

/**
 * When and how a vault is paid: frequency and day, the smallest amount worth a transfer, how long earnings are held
 * before they become payable, and whether payouts run automatically.
 */
public record PayoutSchedule(
        PayoutFrequency frequency,
        Optional<DayOfWeek> dayOfWeek,
        Optional<Integer> dayOfMonth,
        Money minimumAmount,
        int holdingPeriodDays,
        boolean autoPayoutEnabled) {

    public enum PayoutFrequency {
        WEEKLY, BIWEEKLY, MONTHLY
    }

    public PayoutSchedule {
        Objects.requireNonNull(frequency, "frequency");
        Objects.requireNonNull(dayOfWeek, "dayOfWeek");
        Objects.requireNonNull(dayOfMonth, "dayOfMonth");
        Objects.requireNonNull(minimumAmount, "minimumAmount");
    }
}
