package ai.mirroros.licensing.access;

import java.util.Objects;
import java.util.Optional;

/** The caller of an API request: the key it presented and what that key may reach. */
public record Principal(String keyId, Role role, Optional<String> vaultId) {
    public enum Role {
        PARTNER, ADMIN;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        static Role parse(String wire) {
            return valueOf(wire.toUpperCase(java.util.Locale.ROOT));
        }
    }

    public Principal {
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(vaultId, "vaultId");
        if ((role == Role.PARTNER) != vaultId.isPresent()) {
            throw new IllegalArgumentException("a partner key has exactly one vault, an admin key none: " + keyId);
        }
    }

    public boolean isAdmin() {
        return role == Role.ADMIN;
    }

    /** The one isolation rule: admin sees every vault, a partner only its own. */
    public boolean canSee(String vaultId) {
        return isAdmin() || this.vaultId.orElseThrow().equals(vaultId);
    }
}
