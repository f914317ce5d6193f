package ai.mirroros.licensing.money;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Splits an amount over weights by the largest-remainder method, so that the parts always sum to the whole, to the
 * minor unit.
 *
 * <p>Each part first gets the floor of its exact share; the minor units left over go one each to the parts with the
 * largest remainders. A tie goes to the part listed first, which makes the result deterministic and lets callers
 * decide who wins a tie by ordering the weights (the split engine lists the partner first).
 */
public final class Allocation {
    private Allocation() {
    }

    /** Allocates {@code total} over {@code weights} (basis points, ratios, any non-negative longs, not all zero). */
    public static List<Money> allocate(Money total, List<Long> weights) {
        long[] parts = allocate(total.amountMinor(), weights.stream().mapToLong(Long::longValue).toArray());
        List<Money> result = new ArrayList<>(parts.length);
        for (long part : parts) {
            result.add(Money.ofMinor(part, total.currency()));
        }
        return List.copyOf(result);
    }

    /**
     * The arithmetic core on minor units. Negative totals are allocated as the negation of the positive allocation,
     * so a clawback mirrors the original split exactly.
     */
    public static long[] allocate(long totalMinor, long... weights) {
        if (weights.length == 0) {
            throw new IllegalArgumentException("at least one weight is required");
        }
        if (totalMinor < 0) {
            if (totalMinor == Long.MIN_VALUE) {
                throw new MoneyException("amount overflow: cannot allocate " + totalMinor);
            }
            long[] positive = allocate(-totalMinor, weights);
            return Arrays.stream(positive).map(p -> -p).toArray();
        }
        long weightSum = 0;
        for (long weight : weights) {
            if (weight < 0) {
                throw new IllegalArgumentException("weights must not be negative: " + Arrays.toString(weights));
            }
            weightSum = Math.addExact(weightSum, weight);
        }
        if (weightSum == 0) {
            throw new IllegalArgumentException("weights must not all be zero");
        }
        long[] parts = new long[weights.length];
        long[] remainders = new long[weights.length];
        long assigned = 0;
        for (int i = 0; i < weights.length; i++) {
            long high = Math.multiplyHigh(totalMinor, weights[i]);
            long low = totalMinor * weights[i];
            if (high == 0 && low >= 0) {
                parts[i] = low / weightSum;
                remainders[i] = low % weightSum;
            } else {
                // Ratio weights times large amounts can exceed 64 bits; stay exact rather than overflow.
                BigInteger[] qr = BigInteger.valueOf(totalMinor).multiply(BigInteger.valueOf(weights[i]))
                        .divideAndRemainder(BigInteger.valueOf(weightSum));
                parts[i] = qr[0].longValueExact();
                remainders[i] = qr[1].longValueExact();
            }
            assigned += parts[i];
        }
        distributeLeftover(parts, remainders, totalMinor - assigned);
        return parts;
    }

    /**
     * Gives the {@code leftover} minor units (always fewer than the number of parts) one each to the largest
     * remainders, earliest part first on a tie. Selection by repeated scan: part counts are small (a handful of
     * split lines), and this avoids boxing on the hot path.
     */
    private static void distributeLeftover(long[] parts, long[] remainders, long leftover) {
        boolean[] taken = new boolean[parts.length];
        for (long k = 0; k < leftover; k++) {
            int best = -1;
            for (int i = 0; i < parts.length; i++) {
                if (!taken[i] && (best < 0 || remainders[i] > remainders[best])) {
                    best = i;
                }
            }
            taken[best] = true;
            parts[best]++;
        }
    }
}
