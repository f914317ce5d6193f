package ai.mirroros.licensing.ledger;

import ai.mirroros.licensing.money.Money;
import java.util.Objects;

/**
 * One line of a journal entry: a signed amount on one account, debit positive and credit negative. A line never
 * carries zero, and its currency is its account's.
 */
public record JournalLine(AccountRef account, Money amount) {
    public JournalLine {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(amount, "amount");
        if (!amount.currency().equals(account.currency())) {
            throw new JournalEntryException("line on " + account + " is in " + amount.currency()
                    + "; an account holds only " + account.currency());
        }
        if (amount.isZero()) {
            throw new JournalEntryException("line on " + account + " has a zero amount; leave the line out");
        }
    }

    public static JournalLine debit(AccountRef account, Money amount) {
        requirePositive(account, amount);
        return new JournalLine(account, amount);
    }

    public static JournalLine credit(AccountRef account, Money amount) {
        requirePositive(account, amount);
        return new JournalLine(account, amount.negate());
    }

    public boolean isDebit() {
        return amount.isPositive();
    }

    public boolean isCredit() {
        return amount.isNegative();
    }

    private static void requirePositive(AccountRef account, Money amount) {
        if (!amount.isPositive()) {
            throw new JournalEntryException("amount for " + account + " must be positive, got " + amount
                    + "; debit or credit says the direction");
        }
    }

    @Override
    public String toString() {
        return (isDebit() ? "Dr " : "Cr ") + account + " " + (isDebit() ? amount : amount.negate());
    }
}
