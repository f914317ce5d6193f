package ai.mirroros.licensing.store;

import ai.mirroros.licensing.LicensingException;

/** The database could not be opened, migrated or reached. */
public class StoreException extends LicensingException {
    public StoreException(String message) {
        super("store_unavailable", message);
    }

    public StoreException(String message, Throwable cause) {
        super("store_unavailable", message, cause);
    }
}
