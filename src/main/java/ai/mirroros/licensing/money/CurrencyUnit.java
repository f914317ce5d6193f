package ai.mirroros.licensing.money;

import java.util.Currency;
import java.util.Locale;
import java.util.Objects;

/**
 * An ISO-4217 currency with its real minor-unit exponent (USD 2, JPY 0, BHD 3).
 *
 * <p>Codes without a minor unit (XAU, XXX…) are refused: money in this system is always countable in minor units.
 */
public record CurrencyUnit(String code, int minorDigits) {

    public CurrencyUnit {
        Objects.requireNonNull(code, "code");
        if (minorDigits < 0 || minorDigits > 4) {
            throw new IllegalArgumentException("minorDigits out of range for " + code + ": " + minorDigits);
        }
    }

    public static final CurrencyUnit USD = of("USD");
    public static final CurrencyUnit EUR = of("EUR");
    public static final CurrencyUnit GBP = of("GBP");
    public static final CurrencyUnit JPY = of("JPY");

    /** Looks up an ISO-4217 code (case-insensitive); throws {@link MoneyException} for unknown codes. */
    public static CurrencyUnit of(String code) {
        if (code == null || code.isBlank()) {
            throw new MoneyException("currency is missing; expected an ISO-4217 code such as USD");
        }
        String upper = code.trim().toUpperCase(Locale.ROOT);
        Currency currency;
        try {
            currency = Currency.getInstance(upper);
        } catch (IllegalArgumentException e) {
            throw new MoneyException("unknown currency '" + code + "'; expected an ISO-4217 code such as USD");
        }
        int digits = currency.getDefaultFractionDigits();
        if (digits < 0) {
            throw new MoneyException("currency '" + upper + "' has no minor unit and cannot hold payments");
        }
        return new CurrencyUnit(upper, digits);
    }

    /** 10^minorDigits: how many minor units make one major unit. */
    public long minorPerMajor() {
        long factor = 1;
        for (int i = 0; i < minorDigits; i++) {
            factor *= 10;
        }
        return factor;
    }

    @Override
    public String toString() {
        return code;
    }
}
