package ai.mirroros.licensing.split;

import static org.assertj.core.api.Assertions.assertThat;

import ai.mirroros.licensing.money.CurrencyUnit;
import ai.mirroros.licensing.money.Money;
import ai.mirroros.licensing.money.Percentage;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The notes' integer-only formatting must read exactly like Money and Percentage print themselves. */
class SplitNotesProperties {
    @Provide
    Arbitrary<CurrencyUnit> currencies() {
        return Arbitraries.of(CurrencyUnit.USD, CurrencyUnit.JPY, CurrencyUnit.of("BHD"), CurrencyUnit.EUR);
    }

    @Property
    void amountsReadLikeMoney(@ForAll long amountMinor, @ForAll("currencies") CurrencyUnit currency) {
        assertThat(Notes.amount(amountMinor, currency)).isEqualTo(Money.ofMinor(amountMinor, currency).toString());
    }

    @Property
    void ratesReadLikePercentages(@ForAll int basisPoints) {
        assertThat(Notes.percent(basisPoints)).isEqualTo(Percentage.ofBasisPoints(basisPoints).toString());
    }
}
