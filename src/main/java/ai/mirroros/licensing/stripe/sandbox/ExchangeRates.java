package ai.mirroros.licensing.stripe.sandbox;

import ai.mirroros.licensing.money.CurrencyUnit;
import ai.mirroros.licensing.money.MoneyException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Currency conversion as Stripe does it for a charge in a currency other than the settlement one: the balance
 * transaction carries {@code exchange_rate} (settlement units per charge unit) and the converted amount. Rates are
 * configured as US dollars per unit; a pair's rate is their quotient. This is the sandbox standing in for Stripe's
 * FX desk, so it uses {@code BigDecimal} for the product and rounds HALF_UP to the minor unit.
 */
final class ExchangeRates {
    /** Stripe reports {@code exchange_rate} with up to six decimals. */
    static final int RATE_SCALE = 6;

    private final Map<String, BigDecimal> usdPerUnit;

    ExchangeRates(Map<String, BigDecimal> usdPerUnit) {
        this.usdPerUnit = Map.copyOf(usdPerUnit);
    }

    /** The lowercase code of a currency the sandbox can settle, or a 400 naming {@code param}. */
    String require(String currency, String param) {
        String code = currency.toLowerCase(Locale.ROOT);
        try {
            CurrencyUnit.of(code);
        } catch (MoneyException e) {
            throw StripeApiError.invalidParam(param, "parameter_invalid", "Invalid currency: " + currency);
        }
        if (!usdPerUnit.containsKey(code)) {
            throw StripeApiError.invalidParam(param, "parameter_invalid", "The sandbox has no exchange rate for '"
                    + code + "'; add one with SandboxConfig.withUsdPerUnit.");
        }
        return code;
    }

    /** Settlement units per unit of {@code from}; empty when no conversion happens. */
    Optional<BigDecimal> rate(String from, String to) {
        if (from.equals(to)) {
            return Optional.empty();
        }
        BigDecimal rate = usdPerUnit.get(from).divide(usdPerUnit.get(to), RATE_SCALE, RoundingMode.HALF_UP);
        return Optional.of(rate.stripTrailingZeros());
    }

    /** {@code amountMinor} of {@code from} in minor units of {@code to}, HALF_UP; exponents may differ (JPY). */
    static long convert(long amountMinor, Optional<BigDecimal> rate, String from, String to) {
        if (rate.isEmpty()) {
            return amountMinor;
        }
        int shift = CurrencyUnit.of(to).minorDigits() - CurrencyUnit.of(from).minorDigits();
        return BigDecimal.valueOf(amountMinor).multiply(rate.get()).movePointRight(shift)
                .setScale(0, RoundingMode.HALF_UP).longValueExact();
    }
}
