package ai.mirroros.licensing.money;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class AllocationTest {
    @Test
    void leftoverMinorUnitsGoToTheLargestRemainders() {
        assertThat(Allocation.allocate(100, 1, 1, 1)).containsExactly(34, 33, 33);
        assertThat(Allocation.allocate(119_282, 8_500, 1_500)).containsExactly(101_390, 17_892);
    }

    @Test
    void aTieGoesToThePartListedFirst() {
        assertThat(Allocation.allocate(1, 5_000, 5_000)).containsExactly(1, 0);
        assertThat(Allocation.allocate(84_962, 7_500, 2_500)).containsExactly(63_722, 21_240);
    }

    @Test
    void negativeTotalsMirrorThePositiveAllocation() {
        assertThat(Allocation.allocate(-100, 1, 1, 1)).containsExactly(-34, -33, -33);
    }

    @Test
    void moneyAllocationKeepsTheCurrency() {
        List<Money> parts = Allocation.allocate(Money.parse("10.00", CurrencyUnit.EUR), List.of(1L, 2L));

        assertThat(parts).containsExactly(Money.parse("3.33", CurrencyUnit.EUR), Money.parse("6.67", CurrencyUnit.EUR));
    }

    @Test
    void weightsMustBeNonNegativeAndNotAllZero() {
        assertThatThrownBy(() -> Allocation.allocate(100)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Allocation.allocate(100, 0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Allocation.allocate(100, 1, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theSmallestLongCannotBeAllocatedBecauseItHasNoNegation() {
        assertThatThrownBy(() -> Allocation.allocate(Long.MIN_VALUE, 1, 1)).isInstanceOf(MoneyException.class);
    }
}
