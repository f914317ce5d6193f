package ai.mirroros.licensing.reports;

import ai.mirroros.licensing.LicensingException;
import ai.mirroros.licensing.money.CurrencyUnit;
import ai.mirroros.licensing.money.Money;
import ai.mirroros.licensing.money.MoneyException;

/**
 * When a payee's year is reportable on Form 1099-K: the federal rule is gross payments of at least $20,000 AND at
 * least 200 transactions (both inclusive: exactly $20,000.00 in 200 payments is reported); some states require a
 * lower amount or every payee ({@link #ALL}: anyone with at least one payment).
 */
public record Threshold(long amountMinor, long transactions, boolean all) {
    public static final Threshold FEDERAL = new Threshold(2_000_000, 200, false);
    public static final Threshold ALL = new Threshold(0, 1, true);

    public Threshold {
        if (amountMinor < 0 || transactions < 0) {
            throw new LicensingException("invalid_threshold", "threshold amount and count must not be negative");
        }
    }

    /**
     * From the CLI/API values: {@code all}, or an amount in USD (default 20000.00) and a count (default 200), either
     * of which may be given alone.
     */
    public static Threshold parse(String mode, String amount, Long count) {
        if (mode != null) {
            if (!"all".equalsIgnoreCase(mode.strip())) {
                throw new LicensingException("invalid_threshold", "threshold '" + mode + "' is not 'all'; for an "
                        + "amount or count use --threshold-amount / --threshold-count");
            }
            if (amount != null || count != null) {
                throw new LicensingException("invalid_threshold", "threshold 'all' takes no amount or count");
            }
            return ALL;
        }
        long minor = FEDERAL.amountMinor();
        if (amount != null) {
            try {
                minor = Money.parse(amount.strip(), CurrencyUnit.USD).amountMinor();
            } catch (MoneyException | IllegalArgumentException e) {
                throw new LicensingException("invalid_threshold", "threshold amount '" + amount
                        + "' is not a USD amount such as 20000.00");
            }
        }
        return new Threshold(minor, count == null ? FEDERAL.transactions() : count, false);
    }

    public boolean reportable(long grossMinor, long transactionCount) {
        if (all) {
            return transactionCount > 0;
        }
        return grossMinor >= amountMinor && transactionCount >= transactions;
    }

    public String describe() {
        return all ? "all payees with a payment"
                : "$" + Form1099K.usd(amountMinor) + " and " + transactions + " transactions";
    }
}
