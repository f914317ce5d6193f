package ai.mirroros.licensing.reports;

import ai.mirroros.licensing.money.CurrencyUnit;
import ai.mirroros.licensing.money.Money;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One payee's Form 1099-K figures for a calendar year, in USD: gross payments per month (box 5a-5l, UTC months) and
 * for the year (box 1a; card not present, box 1b, is the same amount because every payment is an online checkout),
 * and the number of payment transactions (box 3). Gross is unadjusted for refunds, disputes and fees, as the IRS
 * asks. {@code reportable} says whether the year meets the {@link Threshold}; {@code warnings} say what a filer must
 * fix first ("TIN missing").
 */
public record Form1099K(int year, String payeeId, Optional<PayeeIdentity> identity, String country,
                        List<Long> monthsMinor, long transactions, boolean reportable, List<String> warnings) {
    public static final String TIN_MISSING = "TIN missing";

    public Form1099K {
        monthsMinor = List.copyOf(monthsMinor);
        warnings = List.copyOf(warnings);
        if (monthsMinor.size() != 12) {
            throw new IllegalArgumentException("a year has 12 months, got " + monthsMinor.size());
        }
    }

    public long grossMinor() {
        long sum = 0;
        for (long month : monthsMinor) {
            sum = Math.addExact(sum, month);
        }
        return sum;
    }

    /** Box 1b: payments where the card was not present (all of them: online checkouts). */
    public long cardNotPresentMinor() {
        return grossMinor();
    }

    public boolean tinMissing() {
        return identity.flatMap(PayeeIdentity::tin).isEmpty();
    }

    /** The full TIN for filing, or "" when missing. */
    public String tin() {
        return identity.flatMap(PayeeIdentity::tin).orElse("");
    }

    /** The TIN as previews show it, or {@value #TIN_MISSING}. */
    public String maskedTin() {
        return identity.flatMap(PayeeIdentity::maskedTin).orElse(TIN_MISSING);
    }

    public String legalName() {
        return identity.map(PayeeIdentity::legalName).orElse("");
    }

    public List<String> addressLines() {
        return identity.map(PayeeIdentity::addressLines).orElse(List.of());
    }

    /** A USD amount as the forms, the CSV and the summaries print it: a decimal string such as 1013.90, no symbol. */
    public static String usd(long minor) {
        return Money.ofMinor(minor, CurrencyUnit.USD).toDecimalString();
    }

    /** The warnings a form for this identity carries. */
    static List<String> warningsFor(Optional<PayeeIdentity> identity) {
        List<String> warnings = new ArrayList<>();
        if (identity.flatMap(PayeeIdentity::tin).isEmpty()) {
            warnings.add(TIN_MISSING);
        }
        if (identity.map(PayeeIdentity::legalName).filter(n -> !n.isBlank()).isEmpty()) {
            warnings.add("payee name missing");
        }
        if (identity.map(PayeeIdentity::addressLines).filter(a -> !a.isEmpty()).isEmpty()) {
            warnings.add("payee address missing");
        }
        return warnings;
    }
}
