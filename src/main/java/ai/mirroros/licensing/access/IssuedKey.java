package ai.mirroros.licensing.access;

import java.util.Objects;

/** A key just created: the stored record and the full secret token, which exists only here and is shown once. */
public record IssuedKey(ApiKey key, String token) {
    public IssuedKey {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(token, "token");
    }

    @Override
    public String toString() {
        // Records print their components; the token must never reach a log through toString.
        return "IssuedKey[" + key.keyId() + "]";
    }
}
