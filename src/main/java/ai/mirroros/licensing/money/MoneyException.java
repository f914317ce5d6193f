package ai.mirroros.licensing.money;

import ai.mirroros.licensing.LicensingException;

/** A money value could not be formed or combined: bad decimal, unknown currency, overflow, mixed currencies. */
public class MoneyException extends LicensingException {
    public MoneyException(String message) {
        super("invalid_money", message);
    }
}
