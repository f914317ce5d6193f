package ai.mirroros.licensing.ledger;

import ai.mirroros.licensing.LicensingException;

/** A ledger request that cannot be served as asked: an unknown entry, a source id reserved for the ledger itself. */
public class LedgerException extends LicensingException {
    public LedgerException(String code, String message) {
        super(code, message);
    }
}
