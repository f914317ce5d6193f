package ai.mirroros.licensing.hosting;

import ai.mirroros.licensing.LicensingException;
import ai.mirroros.licensing.money.CurrencyUnit;
import ai.mirroros.licensing.money.Money;
import java.util.Objects;
import java.util.Optional;

/** What a hosted platform costs its client each month, and the plan that price belongs to. */
public record MonthlyPlan(HostedTier tier, Money price) {
    public MonthlyPlan {
        Objects.requireNonNull(tier, "tier");
        Objects.requireNonNull(price, "price");
        if (!price.isPositive()) {
            throw new LicensingException("invalid_price", "the monthly price must be positive, got " + price);
        }
        if (tier != HostedTier.CUSTOM && !tier.listPrice(price.currency()).orElseThrow().equals(price)) {
            throw new IllegalArgumentException(tier + " is priced " + tier.listPrice(price.currency()).orElseThrow());
        }
    }

    /**
     * The plan asked for: {@code --tier} alone is its list price; {@code --monthly} alone is the plan it is the list
     * price of, else custom; both must agree.
     *
     * @param monthly a decimal amount of {@code currency}, e.g. {@code 2500}
     */
    public static MonthlyPlan choose(Optional<HostedTier> tier, Optional<String> monthly, CurrencyUnit currency) {
        if (tier.isEmpty() && monthly.isEmpty()) {
            throw new LicensingException("missing_price", "give --tier starter|professional|enterprise or --monthly "
                    + "AMOUNT (e.g. --monthly 2500)");
        }
        if (monthly.isEmpty()) {
            return new MonthlyPlan(tier.get(), tier.get().listPrice(currency).orElseThrow());
        }
        Money price = Money.parse(monthly.get(), currency);
        if (!price.isPositive()) {
            throw new LicensingException("invalid_price", "--monthly must be more than 0, got '" + monthly.get()
                    + "'");
        }
        HostedTier priced = HostedTier.ofPrice(price);
        if (tier.isPresent() && tier.get() != priced) {
            throw new LicensingException("price_mismatch", "--monthly " + price + " is not the " + tier.get()
                    .wireName() + " price (" + tier.get().listPrice(currency).orElseThrow() + "); give one of "
                    + "--tier or --monthly");
        }
        return new MonthlyPlan(priced, price);
    }
}
