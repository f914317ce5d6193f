package ai.mirroros.licensing.access;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** A stored API key, without its secret: what {@code licensing keys list} shows. */
public record ApiKey(String keyId, Principal.Role role, Optional<String> vaultId, String label, Instant createdAt,
                     Optional<Instant> revokedAt) {
    public ApiKey {
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(vaultId, "vaultId");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(revokedAt, "revokedAt");
    }

    public boolean active() {
        return revokedAt.isEmpty();
    }

    public Principal principal() {
        return new Principal(keyId, role, vaultId);
    }
}
