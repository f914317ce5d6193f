package ai.mirroros.licensing.split;

import ai.mirroros.licensing.money.Money;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The outcome of one split: the gross, the processing fee and the net, and the lines in a fixed order (processing
 * fee, partner, referrers by level, master) that sum to the gross exactly.
 *
 * <p>The constructor checks that invariant, so a {@code SplitResult} that exists is balanced, whether the engine
 * computed it or it was read back from storage.
 */
public record SplitResult(Money gross, Money fee, Money net, FeeSource feeSource, List<SplitLine> lines) {

    public SplitResult {
        Objects.requireNonNull(gross, "gross");
        Objects.requireNonNull(fee, "fee");
        Objects.requireNonNull(net, "net");
        Objects.requireNonNull(feeSource, "feeSource");
        lines = List.copyOf(lines);
        requireBalanced(gross, fee, net, lines);
    }

    /** What the partner vault is credited. */
    public Money partnerPayout() {
        return sumOf(Party.Partner.class);
    }

    /** What the master vault keeps. */
    public Money masterPayout() {
        return sumOf(Party.Master.class);
    }

    /** All referrer commissions together. */
    public Money referrerPayout() {
        return sumOf(Party.Referrer.class);
    }

    /** The referrer lines, nearest referrer first. */
    public List<SplitLine> referrerLines() {
        List<SplitLine> referrers = new ArrayList<>();
        for (SplitLine line : lines) {
            if (line.party() instanceof Party.Referrer) {
                referrers.add(line);
            }
        }
        return List.copyOf(referrers);
    }

    private Money sumOf(Class<? extends Party> kind) {
        long sum = 0;
        for (SplitLine line : lines) {
            if (kind.isInstance(line.party())) {
                sum += line.amount().amountMinor();
            }
        }
        return Money.ofMinor(sum, gross.currency());
    }

    /**
     * A split that does not add up is a programmer error, never an input error: fail loudly rather than let an
     * unbalanced split reach the ledger.
     */
    private static void requireBalanced(Money gross, Money fee, Money net, List<SplitLine> lines) {
        if (!fee.currency().equals(gross.currency()) || net.amountMinor() != gross.amountMinor() - fee.amountMinor()
                || !net.currency().equals(gross.currency())) {
            throw new IllegalArgumentException("net " + net + " is not gross " + gross + " minus fee " + fee);
        }
        long sum = 0;
        for (SplitLine line : lines) {
            Money amount = line.amount();
            if (!amount.currency().equals(gross.currency()) || amount.isNegative()) {
                throw new IllegalArgumentException("split line " + line + " is negative or not in "
                        + gross.currency());
            }
            // addExact: corrupted lines must not wrap around into a sum that happens to match the gross.
            sum = Math.addExact(sum, amount.amountMinor());
        }
        if (sum != gross.amountMinor()) {
            throw new IllegalArgumentException("split lines sum to " + Money.ofMinor(sum, gross.currency())
                    + " but the gross is " + gross + ": " + lines);
        }
    }
}
