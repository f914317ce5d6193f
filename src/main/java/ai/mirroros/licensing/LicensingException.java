package ai.mirroros.licensing;

import java.util.Objects;

/**
 * An expected failure a user can act on: bad input, an unknown vault, an invalid registry file. Carries a short
 * machine-readable code and a message that names the field and the fix. The CLI prints the message as one line and
 * exits 2; the HTTP API maps it to {@code application/problem+json}. Programmer errors are not this type.
 */
public class LicensingException extends RuntimeException {
    private final String code;

    public LicensingException(String code, String message) {
        super(message);
        this.code = Objects.requireNonNull(code, "code");
    }

    public LicensingException(String code, String message, Throwable cause) {
        super(message, cause);
        this.code = Objects.requireNonNull(code, "code");
    }

    public String code() {
        return code;
    }
}
