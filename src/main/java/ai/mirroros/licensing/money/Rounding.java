package ai.mirroros.licensing.money;

/** Integer division with a named rounding rule, so no caller improvises its own. */
public final class Rounding {
    private Rounding() {
    }

    /** {@code numerator / denominator} rounded HALF_UP: ties go away from zero (2.5 → 3, -2.5 → -3). */
    public static long divideHalfUp(long numerator, long denominator) {
        if (denominator <= 0) {
            throw new IllegalArgumentException("denominator must be positive: " + denominator);
        }
        long quotient = numerator / denominator;
        long remainder = numerator % denominator;
        // |remainder| * 2 >= denominator, written to avoid overflow of remainder * 2.
        if (Math.abs(remainder) >= denominator - Math.abs(remainder)) {
            quotient += Long.signum(numerator);
        }
        return quotient;
    }
}
