package ai.mirroros.licensing.ledger;

import ai.mirroros.licensing.money.Money;
import java.util.Objects;

/**
 * The balance of one account at some moment. {@code balance} uses the journal's sign convention (debit positive,
 * credit negative), so all balances of one currency sum to zero; {@link #normalBalance()} is the figure to show.
 */
public record AccountBalance(AccountRef account, Money balance) {
    public AccountBalance {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(balance, "balance");
        if (!balance.currency().equals(account.currency())) {
            throw new IllegalArgumentException("balance in " + balance.currency() + " for account " + account);
        }
    }

    /**
     * The balance on the account's normal side, positive when the account holds what it is meant to hold: a vault's
     * payable shows as +85.00 rather than the journal's -85.00.
     */
    public Money normalBalance() {
        return account.type().normalSide() == AccountType.NormalSide.DEBIT ? balance : balance.negate();
    }
}
