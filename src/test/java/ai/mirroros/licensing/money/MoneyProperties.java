package ai.mirroros.licensing.money;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

class MoneyProperties {
    private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

    @Provide
    Arbitrary<CurrencyUnit> currencies() {
        return Arbitraries.of(CurrencyUnit.USD, CurrencyUnit.JPY, CurrencyUnit.of("BHD"), CurrencyUnit.EUR);
    }

    @Property
    void parsingWhatWasPrintedGivesTheSameMoney(@ForAll long amountMinor, @ForAll("currencies") CurrencyUnit currency) {
        Money money = Money.ofMinor(amountMinor, currency);

        assertThat(Money.parse(money.toDecimalString(), currency)).isEqualTo(money);
    }

    @Property
    void plusIsExactOrThrowsNeverWraps(@ForAll long a, @ForAll long b) {
        Money left = Money.ofMinor(a, CurrencyUnit.USD);
        Money right = Money.ofMinor(b, CurrencyUnit.USD);
        BigInteger exact = BigInteger.valueOf(a).add(BigInteger.valueOf(b));

        if (fitsInLong(exact)) {
            assertThat(left.plus(right).amountMinor()).isEqualTo(exact.longValueExact());
        } else {
            assertThatThrownBy(() -> left.plus(right)).isInstanceOf(MoneyException.class);
        }
    }

    @Property
    void minusIsExactOrThrowsNeverWraps(@ForAll long a, @ForAll long b) {
        Money left = Money.ofMinor(a, CurrencyUnit.USD);
        Money right = Money.ofMinor(b, CurrencyUnit.USD);
        BigInteger exact = BigInteger.valueOf(a).subtract(BigInteger.valueOf(b));

        if (fitsInLong(exact)) {
            assertThat(left.minus(right).amountMinor()).isEqualTo(exact.longValueExact());
        } else {
            assertThatThrownBy(() -> left.minus(right)).isInstanceOf(MoneyException.class);
        }
    }

    @Property
    void percentOfIsTheExactShareRoundedHalfUpOrThrowsWhenTheProductOverflows(
            @ForAll long amountMinor, @ForAll @IntRange(min = 0, max = 10_000) int basisPoints) {
        Money money = Money.ofMinor(amountMinor, CurrencyUnit.USD);
        BigInteger product = BigInteger.valueOf(amountMinor).multiply(BigInteger.valueOf(basisPoints));

        // percentOf multiplies before dividing, exactly; beyond 64 bits it refuses rather than wraps.
        if (fitsInLong(product)) {
            long expected = new BigDecimal(product).divide(BigDecimal.valueOf(10_000), 0, RoundingMode.HALF_UP)
                    .longValueExact();
            assertThat(money.percentOf(basisPoints).amountMinor()).isEqualTo(expected);
        } else {
            assertThatThrownBy(() -> money.percentOf(basisPoints)).isInstanceOf(MoneyException.class);
        }
    }

    @Property
    void percentOfIsExactForEveryAmountASplitAccepts(
            @ForAll @LongRange(min = -100_000_000_000_000L, max = 100_000_000_000_000L) long amountMinor,
            @ForAll @IntRange(min = 0, max = 10_000) int basisPoints) {
        long expected = BigDecimal.valueOf(amountMinor).multiply(BigDecimal.valueOf(basisPoints))
                .divide(BigDecimal.valueOf(10_000), 0, RoundingMode.HALF_UP).longValueExact();

        assertThat(Money.ofMinor(amountMinor, CurrencyUnit.USD).percentOf(basisPoints).amountMinor())
                .isEqualTo(expected);
    }

    private static boolean fitsInLong(BigInteger value) {
        return value.compareTo(LONG_MIN) >= 0 && value.compareTo(LONG_MAX) <= 0;
    }
}
