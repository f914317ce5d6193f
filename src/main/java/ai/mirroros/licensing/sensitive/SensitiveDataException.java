package ai.mirroros.licensing.sensitive;

import ai.mirroros.licensing.LicensingException;

/**
 * A sealed value or a data key that cannot be used: a missing key file, a key id not in the ring, a value that does
 * not open. The message names the key id and the file, never the plaintext or the key.
 */
public final class SensitiveDataException extends LicensingException {
    public SensitiveDataException(String code, String message) {
        super(code, message);
    }

    public SensitiveDataException(String code, String message, Throwable cause) {
        super(code, message, cause);
    }
}
