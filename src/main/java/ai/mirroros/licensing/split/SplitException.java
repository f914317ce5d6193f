package ai.mirroros.licensing.split;

import ai.mirroros.licensing.LicensingException;

/** A split was asked for with inputs that cannot be split: mixed currencies, a negative gross, a fee above the gross. */
public class SplitException extends LicensingException {
    public static final String CODE = "invalid_split";

    public SplitException(String message) {
        super(CODE, message);
    }
}
