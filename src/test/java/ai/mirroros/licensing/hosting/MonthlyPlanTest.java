package ai.mirroros.licensing.hosting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.mirroros.licensing.money.CurrencyUnit;
import ai.mirroros.licensing.money.Money;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The seed's plans: starter $299, professional $999, enterprise $2,500 a month, or a custom price. */
class MonthlyPlanTest {
    @Test
    void aTierAloneCostsItsListPriceInTheVaultsCurrency() {
        assertThat(MonthlyPlan.choose(Optional.of(HostedTier.PROFESSIONAL), Optional.empty(), CurrencyUnit.EUR))
                .isEqualTo(new MonthlyPlan(HostedTier.PROFESSIONAL, Money.parse("999.00", "EUR")));
        assertThat(MonthlyPlan.choose(Optional.of(HostedTier.STARTER), Optional.empty(), CurrencyUnit.JPY).price())
                .isEqualTo(Money.ofMinor(299, CurrencyUnit.JPY));
    }

    @Test
    void aMonthlyPriceAloneIsTheTierItIsTheListPriceOfElseCustom() {
        assertThat(MonthlyPlan.choose(Optional.empty(), Optional.of("2500"), CurrencyUnit.USD))
                .isEqualTo(new MonthlyPlan(HostedTier.ENTERPRISE, Money.parse("2500.00", "USD")));
        assertThat(MonthlyPlan.choose(Optional.empty(), Optional.of("299.00"), CurrencyUnit.USD).tier())
                .isEqualTo(HostedTier.STARTER);
        assertThat(MonthlyPlan.choose(Optional.empty(), Optional.of("1750.50"), CurrencyUnit.USD))
                .isEqualTo(new MonthlyPlan(HostedTier.CUSTOM, Money.parse("1750.50", "USD")));
    }

    @Test
    void aTierAndAPriceThatDisagreeOrNeitherAreRefused() {
        assertThatThrownBy(() -> MonthlyPlan.choose(Optional.of(HostedTier.STARTER), Optional.of("2500"),
                CurrencyUnit.USD)).hasMessage("--monthly 2500.00 USD is not the starter price (299.00 USD); give one "
                + "of --tier or --monthly");
        assertThatThrownBy(() -> MonthlyPlan.choose(Optional.empty(), Optional.empty(), CurrencyUnit.USD))
                .hasMessageContaining("--tier starter|professional|enterprise or --monthly");
        assertThatThrownBy(() -> MonthlyPlan.choose(Optional.empty(), Optional.of("0"), CurrencyUnit.USD))
                .hasMessageContaining("more than 0");
        assertThatThrownBy(() -> MonthlyPlan.choose(Optional.empty(), Optional.of("12.345"), CurrencyUnit.USD))
                .hasMessageContaining("more decimals than USD allows");
        assertThatThrownBy(() -> HostedTier.parse("custom")).hasMessageContaining("--monthly alone");
    }
}
