package ai.mirroros.licensing.money;

import java.math.BigDecimal;

/**
 * A rate in basis points (1 % = 100 bp), the unit every share, bonus and commission is stored in, so that rates
 * such as 2.9 % stay exact. Printed and parsed as a decimal percentage with at most two decimals.
 */
public record Percentage(int basisPoints) implements Comparable<Percentage> {
    public static final int FULL_BASIS_POINTS = 10_000;
    public static final Percentage ZERO = new Percentage(0);
    public static final Percentage HUNDRED = new Percentage(FULL_BASIS_POINTS);

    public static Percentage ofBasisPoints(int basisPoints) {
        return new Percentage(basisPoints);
    }

    public static Percentage ofPercent(int percent) {
        return new Percentage(Math.multiplyExact(percent, 100));
    }

    /** Parses {@code "85"}, {@code "2.9"} or {@code "12.25"}; more than two decimals is an error, never rounded. */
    public static Percentage parse(String percent) {
        if (percent == null || percent.isBlank()) {
            throw new MoneyException("percentage is missing; expected a number such as 85 or 2.9");
        }
        try {
            return fromDecimal(new BigDecimal(percent.trim()));
        } catch (NumberFormatException e) {
            throw new MoneyException("'" + percent + "' is not a percentage; expected a number such as 85 or 2.9");
        }
    }

    public static Percentage fromDecimal(BigDecimal percent) {
        BigDecimal bp = percent.movePointRight(2).stripTrailingZeros();
        if (bp.scale() > 0) {
            throw new MoneyException("percentage " + percent.toPlainString()
                    + " has more than two decimals (the smallest step is 0.01 %)");
        }
        try {
            return new Percentage(bp.intValueExact());
        } catch (ArithmeticException e) {
            throw new MoneyException("percentage " + percent.toPlainString() + " is out of range");
        }
    }

    public Percentage plus(Percentage other) {
        return new Percentage(Math.addExact(basisPoints, other.basisPoints));
    }

    public Percentage minus(Percentage other) {
        return new Percentage(Math.subtractExact(basisPoints, other.basisPoints));
    }

    public Percentage min(Percentage other) {
        return basisPoints <= other.basisPoints ? this : other;
    }

    public boolean isNegative() {
        return basisPoints < 0;
    }

    /** The percentage as a decimal number, e.g. 2.9 for 290 bp, 85 for 8,500 bp. */
    public BigDecimal toDecimal() {
        BigDecimal value = BigDecimal.valueOf(basisPoints, 2).stripTrailingZeros();
        return value.scale() < 0 ? value.setScale(0) : value;
    }

    @Override
    public int compareTo(Percentage other) {
        return Integer.compare(basisPoints, other.basisPoints);
    }

    @Override
    public String toString() {
        return toDecimal().toPlainString() + "%";
    }
}
