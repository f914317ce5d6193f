package ai.mirroros.licensing.vault;

import ai.mirroros.licensing.LicensingException;

/** A vault id that the registry does not know (or did not know yet at the requested time). */
public class UnknownVaultException extends LicensingException {
    public UnknownVaultException(String message) {
        super("unknown_vault", message);
    }
}
