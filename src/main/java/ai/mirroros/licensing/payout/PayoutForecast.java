package ai.mirroros.licensing.payout;

import ai.mirroros.licensing.money.Money;
import ai.mirroros.licensing.vault.PayoutSchedule;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A payee's next payout as the scheduled runs will make it: on which day, for which due date, and how much. Pure:
 * the caller reads balances, maturities and the payouts already made; the rules applied are the runner's
 * ({@link PayoutRunner}): a run on day {@code d} makes the payout of due date {@link PayoutCalendar#lastDueDate}
 * once, from what is available after releasing what matured by then, if the payee may be paid and the amount
 * reaches the schedule's minimum.
 *
 * <p>Estimates are as of the first run of each day (00:00 UTC, or now for today): earnings maturing later that day
 * count from the next day. Clawbacks yet to come are unknown, so the amount is an estimate.
 */
public final class PayoutForecast {
    /**
     * How many days ahead the forecast looks: every schedule falls due at least once a month, so two months always
     * reach the next due date that has no payout yet.
     */
    static final int HORIZON_DAYS = 63;

    private PayoutForecast() {
    }

    /**
     * @param payoutDate     the day the payout is expected to be made
     * @param dueDate        the due date it will be made for (earlier than {@code payoutDate} when a due date passed
     *                       without a payout and the next run makes it up)
     * @param amount         what would be paid, in the balances' currency
     * @param reachesMinimum whether {@code amount} is positive and at least the schedule's minimum
     * @param blockers       why the payee may not be paid at all now; empty when it may
     */
    public record Forecast(LocalDate payoutDate, LocalDate dueDate, Money amount, boolean reachesMinimum,
                           List<String> blockers) {
        public Forecast {
            Objects.requireNonNull(payoutDate, "payoutDate");
            Objects.requireNonNull(dueDate, "dueDate");
            Objects.requireNonNull(amount, "amount");
            blockers = List.copyOf(blockers);
        }
    }

    /**
     * Why a payee may not be paid whatever its balance: not onboarded, a blocker of the payee record
     * ({@link Payee#blockers()}), or automatic payouts turned off for the vault. Empty when nothing blocks.
     */
    public static List<String> blockers(String payeeId, Optional<Payee> payee, PayoutSchedule schedule) {
        List<String> blockers = new ArrayList<>(Payee.blockers(payeeId, payee));
        if (!schedule.autoPayoutEnabled()) {
            blockers.add("automatic payouts are off for this vault");
        }
        return List.copyOf(blockers);
    }

    /**
     * The next payout. With nothing blocking, the first day whose run would pay (a due date without a payout yet and
     * enough available); otherwise, or if no day within {@link #HORIZON_DAYS} would, the next scheduled due date
     * without a payout, with what would be available then.
     *
     * @param availableNow the payee's available balances (own share plus commissions) in one currency
     * @param maturities   its pending earnings in that currency and when each becomes available
     * @param dueDatesMade due dates that already have a payout in that currency
     */
    public static Forecast next(PayoutSchedule schedule, Instant now, Money availableNow,
                                List<PayoutStore.Maturity> maturities, Set<LocalDate> dueDatesMade,
                                List<String> blockers) {
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        Forecast scheduled = null;
        for (int day = 0; day < HORIZON_DAYS; day++) {
            LocalDate date = today.plusDays(day);
            LocalDate due = PayoutCalendar.lastDueDate(schedule, date);
            if (dueDatesMade.contains(due)) {
                continue;
            }
            Instant runAt = day == 0 ? now : date.atStartOfDay(ZoneOffset.UTC).toInstant();
            Money amount = availableAt(availableNow, maturities, runAt);
            boolean reaches = reachesMinimum(amount, schedule.minimumAmount());
            if (blockers.isEmpty() && reaches) {
                return new Forecast(date, due, amount, true, blockers);
            }
            if (scheduled == null && due.equals(date)) {
                scheduled = new Forecast(date, due, amount, reaches, blockers);
            }
        }
        if (scheduled == null) {
            throw new IllegalStateException("no due date of " + schedule + " within " + HORIZON_DAYS + " days of "
                    + today);
        }
        return scheduled;
    }

    private static Money availableAt(Money availableNow, List<PayoutStore.Maturity> maturities, Instant at) {
        Money amount = availableNow;
        for (PayoutStore.Maturity maturity : maturities) {
            if (!maturity.availableAt().isAfter(at)) {
                amount = amount.plus(maturity.amount());
            }
        }
        return amount;
    }

    /** The runner's minimum rule: a positive amount, and at least the minimum when that is in the same currency. */
    static boolean reachesMinimum(Money amount, Money minimum) {
        if (!amount.isPositive()) {
            return false;
        }
        return !minimum.currency().equals(amount.currency()) || !amount.isLessThan(minimum);
    }
}
