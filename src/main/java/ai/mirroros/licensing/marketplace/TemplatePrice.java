package ai.mirroros.licensing.marketplace;

import ai.mirroros.licensing.LicensingException;
import ai.mirroros.licensing.money.Money;
import ai.mirroros.licensing.money.Percentage;
import java.util.Objects;
import java.util.Optional;

/**
 * The price of a marketplace template, fixed when the template is saved: either an explicit price, or a base cost
 * plus a markup of 50–200 %.
 *
 * <p>The rule, in one place: {@code price = baseCost + baseCost × markup}, the markup amount rounded HALF_UP to the
 * currency's minor unit ({@link Money#percentOf}, the rule for every percentage of an amount). So a base cost of
 * 583.33 USD at 50 % is 583.33 + 291.665 → 291.67 = 875.00 USD. The base cost is not rounded; only the markup is.
 *
 * @param price    what a customer pays, in the vault's settlement currency; more than zero
 * @param baseCost the partner's cost, when the price was derived from it
 * @param markup   the markup on the base cost, present exactly when {@code baseCost} is
 */
public record TemplatePrice(Money price, Optional<Money> baseCost, Optional<Percentage> markup) {
    /** The marketplace's markup bounds: below 50 % a resale is hardly worth listing, above 200 % it is gouging. */
    public static final Percentage MARKUP_MIN = Percentage.ofPercent(50);
    public static final Percentage MARKUP_MAX = Percentage.ofPercent(200);

    public TemplatePrice {
        Objects.requireNonNull(price, "price");
        Objects.requireNonNull(baseCost, "baseCost");
        Objects.requireNonNull(markup, "markup");
        if (baseCost.isPresent() != markup.isPresent()) {
            throw new IllegalArgumentException("a base cost and a markup go together");
        }
        if (!price.isPositive()) {
            throw new LicensingException("invalid_price", "price must be more than "
                    + Money.zero(price.currency()) + ", got " + price);
        }
        if (baseCost.isPresent()) {
            requireMarkupInRange(markup.get(), "markup");
            if (!price.equals(withMarkup(baseCost.get(), markup.get()))) {
                throw new IllegalArgumentException("price " + price + " is not " + baseCost.get() + " plus "
                        + markup.get());
            }
        }
    }

    /** An explicit price, e.g. the seed's {@code --price 875}. */
    public static TemplatePrice explicit(Money price) {
        return new TemplatePrice(price, Optional.empty(), Optional.empty());
    }

    /** Base cost plus markup (50–200 %), the markup amount rounded HALF_UP to the minor unit. */
    public static TemplatePrice costPlus(Money baseCost, Percentage markup) {
        if (!baseCost.isPositive()) {
            throw new LicensingException("invalid_base_cost", "base cost must be more than "
                    + Money.zero(baseCost.currency()) + ", got " + baseCost);
        }
        requireMarkupInRange(markup, "markup");
        return new TemplatePrice(withMarkup(baseCost, markup), Optional.of(baseCost), Optional.of(markup));
    }

    /** {@code baseCost + baseCost × markup}, the markup amount HALF_UP: the pricing rule. */
    public static Money withMarkup(Money baseCost, Percentage markup) {
        return baseCost.plus(baseCost.percentOf(markup.basisPoints()));
    }

    /**
     * Refuses a markup outside 50–200 %; {@code what} names it in the message (e.g. "the vault's default markup").
     */
    public static void requireMarkupInRange(Percentage markup, String what) {
        if (markup.compareTo(MARKUP_MIN) < 0 || markup.compareTo(MARKUP_MAX) > 0) {
            throw new LicensingException("invalid_markup", what + " " + markup + " is outside the marketplace's "
                    + MARKUP_MIN.toDecimal() + "–" + MARKUP_MAX + " range");
        }
    }

    /** What the markup adds to the base cost; zero for an explicit price. */
    public Money markupAmount() {
        return baseCost.map(price::minus).orElse(Money.zero(price.currency()));
    }

    /** One line: {@code 875.00 USD} or {@code 300.00 USD = base cost 200.00 USD + 50% markup (100.00 USD)}. */
    public String describe() {
        if (baseCost.isEmpty()) {
            return price + " (explicit price)";
        }
        return price + " = base cost " + baseCost.get() + " + " + markup.get() + " markup (" + markupAmount()
                + ", rounded half-up to the minor unit)";
    }
}
