package ai.mirroros.licensing.payout;

import static org.assertj.core.api.Assertions.assertThat;

import ai.mirroros.licensing.money.CurrencyUnit;
import ai.mirroros.licensing.money.Money;
import ai.mirroros.licensing.payout.PayoutForecast.Forecast;
import ai.mirroros.licensing.payout.PayoutStore.Maturity;
import ai.mirroros.licensing.vault.ComplianceStatus.KycStatus;
import ai.mirroros.licensing.vault.PayoutSchedule;
import ai.mirroros.licensing.vault.PayoutSchedule.PayoutFrequency;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** When the next payout comes and how much it will be, by the runner's rules; no database. */
class PayoutForecastTest {
    /** A Wednesday. */
    private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");
    private static final LocalDate FRIDAY = LocalDate.parse("2026-11-27");
    private static final LocalDate LAST_FRIDAY = LocalDate.parse("2026-11-20");
    private static final PayoutSchedule FRIDAYS = new PayoutSchedule(PayoutFrequency.WEEKLY,
            Optional.of(DayOfWeek.FRIDAY), Optional.empty(), usd("100.00"), 7, true);
    private static final Payee PAYABLE = new Payee("v1", Optional.of("acct_1"), Optional.of("US"), Optional.empty(),
            Optional.empty(), KycStatus.VERIFIED, Optional.empty(), true, Payee.TaxDocument.W9, true,
            Optional.empty(), NOW);

    @Test
    void afterThisWeeksPayoutTheNextIsNextDueDateWithWhatHasMaturedByItsStart() {
        List<Maturity> maturities = List.of(
                new Maturity(Instant.parse("2026-11-26T09:00:00Z"), usd("30.00")),
                new Maturity(Instant.parse("2026-11-27T00:00:00Z"), usd("20.00")),
                new Maturity(Instant.parse("2026-11-27T08:00:00Z"), usd("500.00")));

        Forecast forecast = PayoutForecast.next(FRIDAYS, NOW, usd("80.00"), maturities, Set.of(LAST_FRIDAY),
                List.of());

        assertThat(forecast.payoutDate()).isEqualTo(FRIDAY);
        assertThat(forecast.dueDate()).isEqualTo(FRIDAY);
        assertThat(forecast.amount()).as("80 + 30 + 20; the 500 matures after Friday's first run")
                .isEqualTo(usd("130.00"));
        assertThat(forecast.reachesMinimum()).isTrue();
    }

    @Test
    void aDueDateThatPassedWithoutAPayoutIsMadeUpByTheNextRunToday() {
        Forecast forecast = PayoutForecast.next(FRIDAYS, NOW, usd("150.00"), List.of(), Set.of(), List.of());

        assertThat(forecast.payoutDate()).isEqualTo(LocalDate.parse("2026-11-25"));
        assertThat(forecast.dueDate()).isEqualTo(LAST_FRIDAY);
        assertThat(forecast.amount()).isEqualTo(usd("150.00"));
    }

    @Test
    void belowTheMinimumTheMissedDueDateIsPaidTheDayMaturingEarningsReachIt() {
        List<Maturity> maturities = List.of(new Maturity(Instant.parse("2026-11-25T23:00:00Z"), usd("40.00")));

        Forecast forecast = PayoutForecast.next(FRIDAYS, NOW, usd("70.00"), maturities, Set.of(), List.of());

        assertThat(forecast.payoutDate()).isEqualTo(LocalDate.parse("2026-11-26"));
        assertThat(forecast.dueDate()).isEqualTo(LAST_FRIDAY);
        assertThat(forecast.amount()).isEqualTo(usd("110.00"));
    }

    @Test
    void neverReachingTheMinimumShowsTheNextDueDateAndSaysSo() {
        Forecast forecast = PayoutForecast.next(FRIDAYS, NOW, usd("99.99"), List.of(), Set.of(LAST_FRIDAY),
                List.of());

        assertThat(forecast.payoutDate()).isEqualTo(FRIDAY);
        assertThat(forecast.amount()).isEqualTo(usd("99.99"));
        assertThat(forecast.reachesMinimum()).isFalse();
    }

    @Test
    void aBlockedPayeeSeesTheNextDueDateItsAmountAndWhyItWillNotBePaid() {
        List<String> blockers = PayoutForecast.blockers("v1", Optional.empty(), FRIDAYS);

        Forecast forecast = PayoutForecast.next(FRIDAYS, NOW, usd("500.00"), List.of(), Set.of(), blockers);

        assertThat(forecast.payoutDate()).isEqualTo(FRIDAY);
        assertThat(forecast.amount()).isEqualTo(usd("500.00"));
        assertThat(forecast.reachesMinimum()).isTrue();
        assertThat(forecast.blockers()).containsExactly("not onboarded (run: licensing partners onboard v1)");
    }

    @Test
    void blockersAreThePayeeRecordsAndAutomaticPayoutsTurnedOff() {
        PayoutSchedule manual = new PayoutSchedule(PayoutFrequency.WEEKLY, Optional.of(DayOfWeek.FRIDAY),
                Optional.empty(), usd("100.00"), 7, false);

        assertThat(PayoutForecast.blockers("v1", Optional.of(PAYABLE), FRIDAYS)).isEmpty();
        assertThat(PayoutForecast.blockers("v1", Optional.of(PAYABLE), manual))
                .containsExactly("automatic payouts are off for this vault");
    }

    @Test
    void todaysDueDateCountsWhatIsAvailableNowNotAtMidnight() {
        Instant fridayNoon = Instant.parse("2026-11-27T12:00:00Z");
        List<Maturity> maturities = List.of(new Maturity(Instant.parse("2026-11-27T11:00:00Z"), usd("60.00")));

        Forecast forecast = PayoutForecast.next(FRIDAYS, fridayNoon, usd("50.00"), maturities, Set.of(LAST_FRIDAY),
                List.of());

        assertThat(forecast.payoutDate()).isEqualTo(FRIDAY);
        assertThat(forecast.amount()).isEqualTo(usd("110.00"));
    }

    @Test
    void aMonthlyScheduleLooksAFullMonthAhead() {
        PayoutSchedule firstOfMonth = new PayoutSchedule(PayoutFrequency.MONTHLY, Optional.empty(), Optional.of(1),
                usd("25.00"), 30, true);

        Forecast forecast = PayoutForecast.next(firstOfMonth, Instant.parse("2026-11-02T00:00:00Z"),
                usd("10.00"), List.of(), Set.of(LocalDate.parse("2026-11-01")), List.of());

        assertThat(forecast.payoutDate()).isEqualTo(LocalDate.parse("2026-12-01"));
        assertThat(forecast.reachesMinimum()).isFalse();
    }

    @Test
    void clawbacksMayLeaveNothingToPay() {
        Forecast forecast = PayoutForecast.next(FRIDAYS, NOW, usd("-20.00"), List.of(), Set.of(LAST_FRIDAY),
                List.of());

        assertThat(forecast.amount()).isEqualTo(usd("-20.00"));
        assertThat(forecast.reachesMinimum()).isFalse();
    }

    private static Money usd(String amount) {
        return Money.parse(amount, CurrencyUnit.USD);
    }
}
