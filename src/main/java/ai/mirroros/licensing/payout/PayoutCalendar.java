package ai.mirroros.licensing.payout;

import ai.mirroros.licensing.vault.PayoutSchedule;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;

/**
 * When a schedule falls due. A payout belongs to a due date, not to a run: the run on or after a due date makes the
 * payout for it once, and a missed run is made up by the next one (which finds the same due date).
 */
public final class PayoutCalendar {
    /** Bi-weekly schedules count weeks from this Monday: its week and every second week after it are payout weeks. */
    static final LocalDate BIWEEKLY_ANCHOR = LocalDate.of(2024, 1, 1);

    private PayoutCalendar() {
    }

    /** The latest due date of {@code schedule} on or before {@code today}. */
    public static LocalDate lastDueDate(PayoutSchedule schedule, LocalDate today) {
        return switch (schedule.frequency()) {
            case WEEKLY -> onOrBefore(today, dayOfWeek(schedule));
            case BIWEEKLY -> {
                LocalDate candidate = onOrBefore(today, dayOfWeek(schedule));
                long weeks = ChronoUnit.WEEKS.between(BIWEEKLY_ANCHOR.with(TemporalAdjusters.previousOrSame(
                        DayOfWeek.MONDAY)), candidate.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)));
                yield Math.floorMod(weeks, 2) == 0 ? candidate : candidate.minusWeeks(1);
            }
            case MONTHLY -> {
                int day = schedule.dayOfMonth().orElse(1);
                LocalDate thisMonth = clamped(YearMonth.from(today), day);
                yield thisMonth.isAfter(today) ? clamped(YearMonth.from(today).minusMonths(1), day) : thisMonth;
            }
        };
    }

    private static DayOfWeek dayOfWeek(PayoutSchedule schedule) {
        return schedule.dayOfWeek().orElse(DayOfWeek.MONDAY);
    }

    private static LocalDate onOrBefore(LocalDate today, DayOfWeek day) {
        return today.with(TemporalAdjusters.previousOrSame(day));
    }

    /** Day 31 in a 30-day month is its last day: a monthly payout is never skipped for a short month. */
    private static LocalDate clamped(YearMonth month, int day) {
        return month.atDay(Math.min(day, month.lengthOfMonth()));
    }
}
