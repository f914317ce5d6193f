package ai.mirroros.licensing.money;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MoneyTest {
    private static final CurrencyUnit USD = CurrencyUnit.USD;
    private static final CurrencyUnit BHD = CurrencyUnit.of("BHD");

    @Test
    void parseRejectsMoreDecimalsThanTheCurrencyHasInsteadOfRounding() {
        assertThatThrownBy(() -> Money.parse("1.005", USD))
                .isInstanceOf(MoneyException.class).hasMessageContaining("more decimals than USD allows (2)");
        assertThatThrownBy(() -> Money.parse("1.5", CurrencyUnit.JPY))
                .isInstanceOf(MoneyException.class).hasMessageContaining("more decimals than JPY allows (0)");
    }

    @Test
    void parseAcceptsAmountsWithinTheCurrencyDecimals() {
        assertThat(Money.parse("1.50", USD)).isEqualTo(Money.ofMinor(150, USD));
        assertThat(Money.parse("1228.45", "usd")).isEqualTo(Money.ofMinor(122_845, USD));
        assertThat(Money.parse("-3", USD)).isEqualTo(Money.ofMinor(-300, USD));
        assertThat(Money.parse(".5", USD)).isEqualTo(Money.ofMinor(50, USD));
    }

    @Test
    void parseAcceptsTrailingZerosBeyondTheCurrencyDecimalsBecauseNothingIsLost() {
        assertThat(Money.parse("1.500", USD)).isEqualTo(Money.ofMinor(150, USD));
        assertThat(Money.parse("7.0", CurrencyUnit.JPY)).isEqualTo(Money.ofMinor(7, CurrencyUnit.JPY));
    }

    @Test
    void parseRejectsWhatIsNotAPlainDecimal() {
        for (String bad : new String[] {"", " ", "12,34", "1e5", "$1.00", "1.2.3", "--1", "NaN"}) {
            assertThatThrownBy(() -> Money.parse(bad, USD)).as(bad).isInstanceOf(MoneyException.class);
        }
        assertThatThrownBy(() -> Money.parse((String) null, USD)).isInstanceOf(MoneyException.class);
    }

    @Test
    void parseRejectsAmountsTooLargeForALong() {
        assertThatThrownBy(() -> Money.parse("92233720368547758.08", USD))
                .isInstanceOf(MoneyException.class).hasMessageContaining("too large");
    }

    @Test
    void printsExactlyTheCurrencyDecimals() {
        assertThat(Money.ofMinor(101_390, USD).toDecimalString()).isEqualTo("1013.90");
        assertThat(Money.ofMinor(101_390, USD)).hasToString("1013.90 USD");
        assertThat(Money.ofMinor(-5, USD).toDecimalString()).isEqualTo("-0.05");
        assertThat(Money.ofMinor(1500, CurrencyUnit.JPY).toDecimalString()).isEqualTo("1500");
    }

    @Test
    void bahrainiDinarHasThreeDecimals() {
        assertThat(BHD.minorDigits()).isEqualTo(3);
        assertThat(Money.parse("1.234", BHD).amountMinor()).isEqualTo(1234);
        assertThat(Money.ofMinor(1500, BHD).toDecimalString()).isEqualTo("1.500");
        assertThatThrownBy(() -> Money.parse("1.2345", BHD)).isInstanceOf(MoneyException.class);
    }

    @Test
    void combiningTwoCurrenciesIsAnError() {
        Money dollars = Money.parse("1.00", USD);
        Money euros = Money.parse("1.00", CurrencyUnit.EUR);

        assertThatThrownBy(() -> dollars.plus(euros))
                .isInstanceOf(MoneyException.class).hasMessageContaining("cannot combine USD with EUR");
        assertThatThrownBy(() -> dollars.minus(euros)).isInstanceOf(MoneyException.class);
        assertThatThrownBy(() -> dollars.compareTo(euros)).isInstanceOf(MoneyException.class);
    }

    @Test
    void percentOfRoundsHalfUpAwayFromZero() {
        assertThat(Money.ofMinor(5, USD).percentOf(5_000)).isEqualTo(Money.ofMinor(3, USD));
        assertThat(Money.ofMinor(-5, USD).percentOf(5_000)).isEqualTo(Money.ofMinor(-3, USD));
        assertThat(Money.ofMinor(3, USD).percentOf(5_000)).isEqualTo(Money.ofMinor(2, USD));
        assertThat(Money.ofMinor(-3, USD).percentOf(5_000)).isEqualTo(Money.ofMinor(-2, USD));
        // The seed's fee: 2.9 % of 1228.45 is 35.625 05, rounded to 35.63.
        assertThat(Money.parse("1228.45", USD).percentOf(290)).isEqualTo(Money.parse("35.63", USD));
    }

    @Test
    void unknownCurrencyIsAnErrorNamingTheCode() {
        assertThatThrownBy(() -> CurrencyUnit.of("XYZ"))
                .isInstanceOf(MoneyException.class).hasMessageContaining("unknown currency 'XYZ'");
        assertThatThrownBy(() -> Money.parse("1.00", "DOLLARS")).isInstanceOf(MoneyException.class);
        assertThatThrownBy(() -> CurrencyUnit.of(" ")).isInstanceOf(MoneyException.class);
    }

    @Test
    void currencyWithoutAMinorUnitCannotHoldPayments() {
        assertThatThrownBy(() -> CurrencyUnit.of("XAU"))
                .isInstanceOf(MoneyException.class).hasMessageContaining("no minor unit");
    }

    @Test
    void overflowIsAnErrorNeverAWrapAround() {
        Money max = Money.ofMinor(Long.MAX_VALUE, USD);
        Money min = Money.ofMinor(Long.MIN_VALUE, USD);

        assertThatThrownBy(() -> max.plus(Money.ofMinor(1, USD))).isInstanceOf(MoneyException.class);
        assertThatThrownBy(() -> min.minus(Money.ofMinor(1, USD))).isInstanceOf(MoneyException.class);
        assertThatThrownBy(min::negate).isInstanceOf(MoneyException.class);
        assertThatThrownBy(() -> max.times(2)).isInstanceOf(MoneyException.class);
        assertThatThrownBy(() -> max.percentOf(10_000)).isInstanceOf(MoneyException.class);
    }
}
