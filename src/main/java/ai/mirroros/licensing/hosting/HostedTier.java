package ai.mirroros.licensing.hosting;

import ai.mirroros.licensing.LicensingException;
import ai.mirroros.licensing.money.CurrencyUnit;
import ai.mirroros.licensing.money.Money;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The hosted-platform plans and their monthly list prices, in whole units of the vault's settlement currency (the
 * seed's $299, $999 and $2,500 for a USD vault). A price that is not a list price is {@link #CUSTOM}.
 */
public enum HostedTier {
    STARTER(299),
    PROFESSIONAL(999),
    ENTERPRISE(2_500),
    /** A negotiated monthly price. */
    CUSTOM(0);

    private final long listPriceMajor;

    HostedTier(long listPriceMajor) {
        this.listPriceMajor = listPriceMajor;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The monthly list price in {@code currency}; empty for {@link #CUSTOM}. */
    public Optional<Money> listPrice(CurrencyUnit currency) {
        return this == CUSTOM ? Optional.empty()
                : Optional.of(Money.ofMinor(Math.multiplyExact(listPriceMajor, currency.minorPerMajor()), currency));
    }

    /** The plan whose list price {@code monthly} is, else {@link #CUSTOM}. */
    public static HostedTier ofPrice(Money monthly) {
        return Arrays.stream(values()).filter(tier -> tier.listPrice(monthly.currency()).filter(monthly::equals)
                .isPresent()).findFirst().orElse(CUSTOM);
    }

    /** {@code --tier}: one of the list-priced plans (a custom plan is asked for with a price, not by name). */
    public static HostedTier parse(String text) {
        String wanted = text.strip().toLowerCase(Locale.ROOT);
        for (HostedTier tier : values()) {
            if (tier != CUSTOM && tier.wireName().equals(wanted)) {
                return tier;
            }
        }
        throw new LicensingException("invalid_tier", "--tier must be starter, professional or enterprise, got '"
                + text + "' (for another price give --monthly alone)");
    }

    static HostedTier fromDbName(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }
}
