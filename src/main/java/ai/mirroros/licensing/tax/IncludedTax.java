package ai.mirroros.licensing.tax;

import ai.mirroros.licensing.money.Allocation;

/**
 * The one rule for tax included in a price: marketplace prices are tax-inclusive (B2C digital services), so a gross
 * of G at a rate of R basis points holds a taxable amount of {@code round_half_up(G × 10000 / (10000 + R))} and a
 * tax of G minus that. Parts are whole minor units and always sum to the gross. Pure.
 */
public final class IncludedTax {
    private static final long BP_WHOLE = 10_000;

    private IncludedTax() {
    }

    /** A gross split into its taxable amount and the tax it includes, in minor units. */
    public record Parts(long taxableMinor, long taxMinor) {
        public long grossMinor() {
            return Math.addExact(taxableMinor, taxMinor);
        }
    }

    /**
     * The taxable amount and tax included in {@code grossMinor} at {@code rateBp}. The taxable amount is rounded
     * half up (the rounding tax authorities expect per invoice); the tax takes the remainder, so no cent is lost.
     */
    public static Parts of(long grossMinor, int rateBp) {
        if (grossMinor < 0) {
            throw new IllegalArgumentException("gross must not be negative: " + grossMinor);
        }
        if (rateBp < 0 || rateBp > TaxRate.RATE_BP_MAX) {
            throw new IllegalArgumentException("rate must be 0.." + TaxRate.RATE_BP_MAX + " bp: " + rateBp);
        }
        long denominator = BP_WHOLE + rateBp;
        long numerator = Math.multiplyExact(grossMinor, BP_WHOLE);
        long taxable = numerator / denominator;
        long remainder = numerator % denominator;
        if (remainder * 2 >= denominator) {
            taxable++; // HALF_UP
        }
        return new Parts(taxable, grossMinor - taxable);
    }

    /**
     * What remains of {@code original} after {@code reversedMinor} of its gross was refunded or lost to a dispute:
     * the reversal is allocated over the taxable amount and the tax by largest remainder, the same clawback rule the
     * split uses (revenue.PaymentAdjustments), so a full reversal leaves exactly zero tax.
     */
    public static Parts afterReversal(Parts original, long reversedMinor) {
        if (reversedMinor < 0 || reversedMinor > original.grossMinor()) {
            throw new IllegalArgumentException("reversed " + reversedMinor + " is outside 0.." + original.grossMinor());
        }
        if (reversedMinor == 0) {
            return original;
        }
        long[] back = Allocation.allocate(reversedMinor, original.taxableMinor(), original.taxMinor());
        return new Parts(original.taxableMinor() - back[0], original.taxMinor() - back[1]);
    }
}
