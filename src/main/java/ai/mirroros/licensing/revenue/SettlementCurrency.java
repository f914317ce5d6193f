package ai.mirroros.licensing.revenue;

import ai.mirroros.licensing.LicensingException;
import ai.mirroros.licensing.money.Money;
import ai.mirroros.licensing.vault.LicensedVault;

/** Payments are split and booked in the vault's settlement currency; other currencies must be converted first. */
public final class SettlementCurrency {
    private SettlementCurrency() {
    }

    public static void require(LicensedVault vault, Money gross) {
        if (!gross.currency().equals(vault.settlementCurrency())) {
            throw new LicensingException("currency_mismatch", "payment is in " + gross.currency() + " but vault '"
                    + vault.vaultId() + "' settles in " + vault.settlementCurrency()
                    + "; a charge in another currency is converted at the exchange rate of its Stripe balance "
                    + "transaction, which was not available");
        }
    }
}
