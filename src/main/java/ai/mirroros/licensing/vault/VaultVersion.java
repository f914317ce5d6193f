package ai.mirroros.licensing.vault;

import java.time.Instant;

/** One stored version of a vault's configuration and the moment it took effect. */
public record VaultVersion(String vaultId, int version, Instant effectiveFrom, Instant recordedAt,
                           LicensedVault vault) {
}
