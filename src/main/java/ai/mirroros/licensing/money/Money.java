package ai.mirroros.licensing.money;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * An amount of money: integer minor units of one currency. Arithmetic is exact; overflow and mixed currencies are
 * errors, never silent. {@code BigDecimal} appears only at the edges, to parse and print decimal strings.
 */
public record Money(long amountMinor, CurrencyUnit currency) implements Comparable<Money> {

    public Money {
        Objects.requireNonNull(currency, "currency");
    }

    public static Money ofMinor(long amountMinor, CurrencyUnit currency) {
        return new Money(amountMinor, currency);
    }

    public static Money ofMinor(long amountMinor, String currencyCode) {
        return new Money(amountMinor, CurrencyUnit.of(currencyCode));
    }

    public static Money zero(CurrencyUnit currency) {
        return new Money(0, currency);
    }

    /**
     * Parses a decimal string such as {@code "1228.45"}, {@code "-3"} or {@code "0.5"} exactly. More decimals than
     * the currency has (e.g. {@code "1.005"} USD, {@code "1.5"} JPY) are rejected, never rounded.
     */
    public static Money parse(String decimal, CurrencyUnit currency) {
        Objects.requireNonNull(currency, "currency");
        if (decimal == null || decimal.isBlank()) {
            throw new MoneyException("amount is missing; expected a decimal such as 12.34");
        }
        String text = decimal.trim();
        if (!text.matches("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)")) {
            throw new MoneyException("'" + decimal + "' is not a decimal amount; expected digits such as 12.34");
        }
        BigDecimal value = new BigDecimal(text);
        if (value.scale() > currency.minorDigits()) {
            value = value.stripTrailingZeros();
            if (value.scale() > currency.minorDigits()) {
                throw new MoneyException("'" + decimal + "' has more decimals than " + currency.code() + " allows ("
                        + currency.minorDigits() + ")");
            }
        }
        try {
            return new Money(value.movePointRight(currency.minorDigits()).longValueExact(), currency);
        } catch (ArithmeticException e) {
            throw new MoneyException("'" + decimal + "' is too large to hold in " + currency.code());
        }
    }

    public static Money parse(String decimal, String currencyCode) {
        return parse(decimal, CurrencyUnit.of(currencyCode));
    }

    /** The amount as a plain decimal string with exactly the currency's number of decimals, e.g. {@code "1013.90"}. */
    public String toDecimalString() {
        return BigDecimal.valueOf(amountMinor, currency.minorDigits()).toPlainString();
    }

    public Money plus(Money other) {
        requireSameCurrency(other);
        return new Money(exact(() -> Math.addExact(amountMinor, other.amountMinor)), currency);
    }

    public Money minus(Money other) {
        requireSameCurrency(other);
        return new Money(exact(() -> Math.subtractExact(amountMinor, other.amountMinor)), currency);
    }

    public Money negate() {
        return new Money(exact(() -> Math.negateExact(amountMinor)), currency);
    }

    public Money times(long factor) {
        return new Money(exact(() -> Math.multiplyExact(amountMinor, factor)), currency);
    }

    /**
     * This amount times {@code basisPoints}/10,000, rounded HALF_UP (away from zero on a tie), the rule for
     * percentages of an amount such as fees and commissions.
     */
    public Money percentOf(long basisPoints) {
        return new Money(Rounding.divideHalfUp(exact(() -> Math.multiplyExact(amountMinor, basisPoints)), 10_000),
                currency);
    }

    public Money min(Money other) {
        requireSameCurrency(other);
        return amountMinor <= other.amountMinor ? this : other;
    }

    public Money max(Money other) {
        requireSameCurrency(other);
        return amountMinor >= other.amountMinor ? this : other;
    }

    public boolean isZero() {
        return amountMinor == 0;
    }

    public boolean isNegative() {
        return amountMinor < 0;
    }

    public boolean isPositive() {
        return amountMinor > 0;
    }

    public int signum() {
        return Long.signum(amountMinor);
    }

    @Override
    public int compareTo(Money other) {
        requireSameCurrency(other);
        return Long.compare(amountMinor, other.amountMinor);
    }

    public boolean isGreaterThan(Money other) {
        return compareTo(other) > 0;
    }

    public boolean isLessThan(Money other) {
        return compareTo(other) < 0;
    }

    public void requireSameCurrency(Money other) {
        if (!currency.equals(other.currency)) {
            throw new MoneyException("cannot combine " + currency.code() + " with " + other.currency.code()
                    + "; convert first");
        }
    }

    /** Prints as {@code "1013.90 USD"}; use {@link #toDecimalString()} for the bare amount. */
    @Override
    public String toString() {
        return toDecimalString() + " " + currency.code();
    }

    private interface LongOp {
        long apply();
    }

    private long exact(LongOp op) {
        try {
            return op.apply();
        } catch (ArithmeticException e) {
            throw new MoneyException("amount overflow in " + currency.code() + " (near " + toDecimalString() + ")");
        }
    }
}
