package ai.mirroros.licensing.marketplace;

import ai.mirroros.licensing.LicensingException;
import ai.mirroros.licensing.money.CurrencyUnit;
import ai.mirroros.licensing.money.Money;
import ai.mirroros.licensing.money.Percentage;
import java.util.Objects;
import java.util.Optional;

/**
 * How a partner asks for a template to be priced, before the vault (and so the currency and the default markup) is
 * known. Amounts stay the decimal text the partner typed, parsed exactly in the vault's settlement currency.
 */
public sealed interface PriceRequest {

    /** The price in the vault's currency, given the markup to use when the request names none. */
    TemplatePrice resolve(CurrencyUnit currency, ExportPricing.Markup defaultMarkup);

    /** Reads the CLI's flags: {@code --price}, or {@code --base-cost} with an optional {@code --markup}. */
    static PriceRequest of(Optional<String> price, Optional<String> baseCost, Optional<String> markup) {
        if (price.isPresent() && (baseCost.isPresent() || markup.isPresent())) {
            throw new LicensingException("invalid_price", "give either --price, or --base-cost with an optional "
                    + "--markup; not both");
        }
        if (price.isPresent()) {
            return new Explicit(price.get());
        }
        if (baseCost.isEmpty()) {
            throw new LicensingException("missing_price", markup.isPresent()
                    ? "--markup needs --base-cost: the markup is applied to the base cost"
                    : "give a price: --price AMOUNT, or --base-cost AMOUNT with an optional --markup PERCENT");
        }
        return new CostPlus(baseCost.get(), markup.map(Percentage::parse));
    }

    /** An explicit price, e.g. {@code "875"}. */
    record Explicit(String price) implements PriceRequest {
        public Explicit {
            Objects.requireNonNull(price, "price");
        }

        @Override
        public TemplatePrice resolve(CurrencyUnit currency, ExportPricing.Markup defaultMarkup) {
            return TemplatePrice.explicit(Money.parse(price, currency));
        }
    }

    /** A base cost plus a markup; without one, the vault's template markup ({@link ExportPricing#templateMarkup}). */
    record CostPlus(String baseCost, Optional<Percentage> markup) implements PriceRequest {
        public CostPlus {
            Objects.requireNonNull(baseCost, "baseCost");
            Objects.requireNonNull(markup, "markup");
        }

        @Override
        public TemplatePrice resolve(CurrencyUnit currency, ExportPricing.Markup defaultMarkup) {
            Money cost = Money.parse(baseCost, currency);
            if (markup.isPresent()) {
                return TemplatePrice.costPlus(cost, markup.get());
            }
            try {
                TemplatePrice.requireMarkupInRange(defaultMarkup.rate(), "the default markup");
            } catch (LicensingException e) {
                throw new LicensingException(e.code(), e.getMessage() + " (" + defaultMarkup.source().describe()
                        + "); give a markup between " + TemplatePrice.MARKUP_MIN + " and " + TemplatePrice.MARKUP_MAX
                        + " with --markup, or set the vault's with licensing set-export-pricing --template-markup");
            }
            return TemplatePrice.costPlus(cost, defaultMarkup.rate());
        }
    }
}
