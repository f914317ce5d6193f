package ai.mirroros.licensing.referral;

import ai.mirroros.licensing.money.Money;
import ai.mirroros.licensing.store.Database;
import ai.mirroros.licensing.vault.LicensedVault;
import ai.mirroros.licensing.vault.VaultRegistry;
import ai.mirroros.licensing.vault.VaultVersion;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.jdbi.v3.core.Handle;

/**
 * The vaults a vault referred, with summary figures only: the level it holds in each one's referrer chain, when the
 * vault signed up, and what the referrer earned from its payments (the ledger's referrer credits, as
 * {@code referrals explain} reads them). Nothing about the referred vault's payments or customers leaves here: this
 * is what a partner may see of the vaults it referred.
 */
public final class ReferredVaults {
    private final Database database;
    private final VaultRegistry vaults;

    public ReferredVaults(Database database, VaultRegistry vaults) {
        this.database = Objects.requireNonNull(database, "database");
        this.vaults = Objects.requireNonNull(vaults, "vaults");
    }

    /**
     * One referred vault.
     *
     * @param level       its chain's level naming the referrer (1 = the referrer's own code or direct referral)
     * @param signedUpAt  when it signed up with a referral code; empty for a chain set in the registry
     * @param commissions what the referrer was credited from its payments, per currency (empty: nothing yet)
     */
    public record ReferredVault(String vaultId, int level, Optional<Instant> signedUpAt, List<Money> commissions) {
        public ReferredVault {
            Objects.requireNonNull(vaultId, "vaultId");
            Objects.requireNonNull(signedUpAt, "signedUpAt");
            commissions = List.copyOf(commissions);
            if (level < 1) {
                throw new IllegalArgumentException("a referral level starts at 1, got " + level + " for " + vaultId);
            }
        }
    }

    /**
     * Every vault whose referrer chain in force at {@code asOf} names {@code referrerVaultId}, plus any vault that
     * paid it commissions under an earlier chain; by level, then vault id.
     */
    public List<ReferredVault> of(String referrerVaultId, Instant asOf) {
        Map<String, Integer> levels = new HashMap<>();
        for (LicensedVault vault : vaults.all(asOf)) {
            int index = vault.mirrorOrigin().referrerChain().indexOf(referrerVaultId);
            if (index >= 0) {
                levels.put(vault.vaultId(), index + 1);
            }
        }
        return database.jdbi().inTransaction(handle -> {
            Map<String, Map<String, Money>> earned = new HashMap<>();
            for (ReferralExplainer.Earning e : ReferralExplainer.earnings(handle, referrerVaultId, asOf)) {
                earned.computeIfAbsent(e.fromVaultId(), id -> new TreeMap<>())
                        .merge(e.total().currency().code(), e.total(), Money::plus);
            }
            Set<String> formerlyReferred = new LinkedHashSet<>(earned.keySet());
            formerlyReferred.removeAll(levels.keySet());
            levels.putAll(earlierLevels(handle, referrerVaultId, formerlyReferred));
            Map<String, Instant> signups = signups(handle, levels.keySet());
            List<ReferredVault> referred = new ArrayList<>(levels.size());
            levels.forEach((vaultId, level) -> referred.add(new ReferredVault(vaultId, level,
                    Optional.ofNullable(signups.get(vaultId)),
                    List.copyOf(earned.getOrDefault(vaultId, Map.of()).values()))));
            referred.sort(Comparator.comparingInt(ReferredVault::level).thenComparing(ReferredVault::vaultId));
            return referred;
        });
    }

    /** The level a vault's newest chain naming the referrer gave it, for vaults whose chain in force does not. */
    private Map<String, Integer> earlierLevels(Handle handle, String referrerVaultId, Set<String> vaultIds) {
        Map<String, Integer> levels = new HashMap<>();
        vaults.histories(handle, vaultIds).forEach((vaultId, history) -> {
            for (VaultVersion version : history.reversed()) {
                int index = version.vault().mirrorOrigin().referrerChain().indexOf(referrerVaultId);
                if (index >= 0) {
                    levels.put(vaultId, index + 1);
                    return;
                }
            }
        });
        for (String id : vaultIds) {
            if (!levels.containsKey(id)) {
                // Payments are split with a stored version's chain and versions are never deleted.
                throw new IllegalStateException(id + " paid commissions to " + referrerVaultId
                        + " but no version of its referrer chain names it");
            }
        }
        return levels;
    }

    private static Map<String, Instant> signups(Handle handle, Set<String> vaultIds) {
        Map<String, Instant> signups = new HashMap<>();
        if (vaultIds.isEmpty()) {
            return signups;
        }
        handle.createQuery("SELECT vault_id, signed_up_at FROM referral_signup WHERE vault_id IN (<ids>)")
                .bindList("ids", List.copyOf(vaultIds))
                .map((rs, ctx) -> Map.entry(rs.getString("vault_id"),
                        rs.getObject("signed_up_at", OffsetDateTime.class).toInstant()))
                .forEach(e -> signups.put(e.getKey(), e.getValue()));
        return signups;
    }
}
