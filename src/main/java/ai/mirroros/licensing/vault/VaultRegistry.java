package ai.mirroros.licensing.vault;

import ai.mirroros.licensing.ledger.ActivityLog;
import ai.mirroros.licensing.ledger.ActivityRecord;
import ai.mirroros.licensing.store.Database;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * The stored, versioned registry of licensed vaults. Imports add versions (never overwrite), so the configuration in
 * force at any past moment can be read back: {@link #find(String, Instant)} is what a split uses.
 */
public final class VaultRegistry {
    public static final String ACTIVITY_REGISTERED = "vault.registered";
    public static final String ACTIVITY_UPDATED = "vault.updated";
    public static final String ACTIVITY_TIER_CHANGED = "tier.changed";

    private final Database database;
    private final Clock clock;
    private final ActivityLog activityLog;

    /**
     * @param activityLog where every registration, change and tier change is recorded, in the import's transaction
     */
    public VaultRegistry(Database database, Clock clock, ActivityLog activityLog) {
        this.database = Objects.requireNonNull(database, "database");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.activityLog = Objects.requireNonNull(activityLog, "activityLog");
    }

    /** What an import did to one vault. */
    public record ImportedVault(String vaultId, int version, Change change, Optional<LicenseType> previousTier) {
        public enum Change { ADDED, UPDATED, UNCHANGED }

        public boolean tierChanged() {
            return previousTier.isPresent() && change == Change.UPDATED;
        }
    }

    /**
     * Imports validated vaults as new versions taking effect at {@code effectiveFrom}, all or nothing in one
     * transaction. The whole registry as it would stand afterwards (stored vaults overlaid with these) is validated
     * first, so a referrer or parent may live in the store or in the same file. A vault whose configuration is
     * unchanged gets no new version.
     */
    public List<ImportedVault> importVaults(Collection<LicensedVault> vaults, Instant effectiveFrom) {
        return database.jdbi().inTransaction(handle -> importVaults(handle, vaults, effectiveFrom));
    }

    public List<ImportedVault> importVaults(Handle handle, Collection<LicensedVault> vaults, Instant effectiveFrom) {
        Instant now = clock.instant();
        Map<String, LicensedVault> merged = new LinkedHashMap<>();
        latestVersions(handle).forEach(v -> merged.put(v.vaultId(), v.vault()));
        vaults.forEach(v -> merged.put(v.vaultId(), v));
        List<RegistryProblem> problems = RegistryValidator.validate(merged.values());
        if (!problems.isEmpty()) {
            throw new RegistryValidationException("the registry as this import would leave it", problems);
        }

        List<ImportedVault> results = new ArrayList<>();
        List<ActivityRecord> activity = new ArrayList<>();
        for (LicensedVault vault : vaults.stream().sorted(Comparator.comparing(LicensedVault::vaultId)).toList()) {
            Optional<VaultVersion> latest = latestVersion(handle, vault.vaultId());
            if (latest.isPresent() && latest.get().vault().equals(vault)) {
                results.add(new ImportedVault(vault.vaultId(), latest.get().version(),
                        ImportedVault.Change.UNCHANGED, Optional.empty()));
                continue;
            }
            int version = latest.map(v -> v.version() + 1).orElse(1);
            handle.createUpdate("""
                            INSERT INTO vault_version (vault_id, version, effective_from, recorded_at, license_type,
                                                       config_json)
                            VALUES (:vaultId, :version, :effectiveFrom, :recordedAt, :licenseType, :json)""")
                    .bind("vaultId", vault.vaultId())
                    .bind("version", version)
                    .bind("effectiveFrom", utc(effectiveFrom))
                    .bind("recordedAt", utc(now))
                    .bind("licenseType", vault.licenseType().wireName())
                    .bind("json", RegistryJson.write(List.of(vault)))
                    .execute();
            Optional<LicenseType> previousTier = latest.map(v -> v.vault().licenseType())
                    .filter(t -> t != vault.licenseType());
            ImportedVault imported = new ImportedVault(vault.vaultId(), version,
                    latest.isPresent() ? ImportedVault.Change.UPDATED : ImportedVault.Change.ADDED, previousTier);
            results.add(imported);
            activity.add(activityRecord(imported, vault, effectiveFrom));
        }
        if (!activity.isEmpty()) {
            activityLog.append(handle, activity);
        }
        return List.copyOf(results);
    }

    /**
     * Records an automatic tier change of one vault as version {@code version} (the number the caller's batch
     * already split payments under) taking effect at {@code effectiveFrom}, inside
     * the caller's transaction, with {@code why} (the revenue and threshold behind it) in the activity log. No
     * whole-registry validation: a tier change alters shares within 100 % and no reference between vaults.
     *
     * <p>Two engine instances posting the same vault's payments can both see it cross the same threshold and both
     * write version N. The insert does nothing when N exists; if the stored N is the same tier with the same shares,
     * the other instance recorded this very change and it is returned (the caller's payments may name it); anything
     * else fails the caller's batch, whose retry reads the stored history.
     */
    public VaultVersion changeTier(Handle handle, VaultVersion from, LicensedVault changed, int version,
                                   Instant effectiveFrom, Map<String, Object> why) {
        Instant now = clock.instant();
        int inserted = handle.createUpdate("""
                        INSERT INTO vault_version (vault_id, version, effective_from, recorded_at, license_type,
                                                   config_json)
                        VALUES (:vaultId, :version, :effectiveFrom, :recordedAt, :licenseType, :json)
                        ON CONFLICT DO NOTHING""")
                .bind("vaultId", changed.vaultId())
                .bind("version", version)
                .bind("effectiveFrom", utc(effectiveFrom))
                .bind("recordedAt", utc(now))
                .bind("licenseType", changed.licenseType().wireName())
                .bind("json", RegistryJson.write(List.of(changed)))
                .execute();
        if (inserted == 0) {
            VaultVersion stored = history(handle, changed.vaultId()).stream().filter(v -> v.version() == version)
                    .findFirst().orElseThrow();
            if (stored.vault().licenseType() == changed.licenseType()
                    && stored.vault().revenueSharing().equals(changed.revenueSharing())) {
                return stored;
            }
            throw new IllegalStateException("vault " + changed.vaultId() + " changed concurrently (version "
                    + stored.version() + " is " + stored.vault().licenseType().wireName() + "); retry the batch");
        }
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("version", version);
        payload.put("effectiveFrom", effectiveFrom.toString());
        payload.put("licenseType", changed.licenseType().wireName());
        payload.put("partnerShare", changed.revenueSharing().partnerShare().toDecimal().toPlainString());
        payload.put("previousLicenseType", from.vault().licenseType().wireName());
        payload.put("automatic", true);
        payload.putAll(why);
        activityLog.append(handle, List.of(ActivityRecord.of(effectiveFrom, ACTIVITY_TIER_CHANGED, payload)
                .forVault(changed.vaultId())));
        return new VaultVersion(changed.vaultId(), version, effectiveFrom, now, changed);
    }

    private static ActivityRecord activityRecord(ImportedVault imported, LicensedVault vault, Instant effectiveFrom) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("version", imported.version());
        payload.put("effectiveFrom", effectiveFrom.toString());
        payload.put("licenseType", vault.licenseType().wireName());
        payload.put("partnerShare", vault.revenueSharing().partnerShare().toDecimal().toPlainString());
        imported.previousTier().ifPresent(tier -> payload.put("previousLicenseType", tier.wireName()));
        String type = imported.tierChanged() ? ACTIVITY_TIER_CHANGED
                : imported.change() == ImportedVault.Change.ADDED ? ACTIVITY_REGISTERED : ACTIVITY_UPDATED;
        return ActivityRecord.of(effectiveFrom, type, payload).forVault(vault.vaultId());
    }

    /** The vault's configuration in force at {@code at}: the latest version that took effect at or before it. */
    public Optional<LicensedVault> find(String vaultId, Instant at) {
        return database.jdbi().withHandle(h -> find(h, vaultId, at)).map(VaultVersion::vault);
    }

    public Optional<VaultVersion> find(Handle handle, String vaultId, Instant at) {
        return handle.createQuery("""
                        SELECT vault_id, version, effective_from, recorded_at, config_json FROM vault_version
                        WHERE vault_id = :vaultId AND effective_from <= :at
                        ORDER BY effective_from DESC, version DESC""")
                .bind("vaultId", vaultId)
                .bind("at", utc(at))
                .setMaxRows(1)
                .map((rs, ctx) -> toVersion(rs))
                .findFirst();
    }

    /** Like {@link #find(String, Instant)} but an unknown vault is an error that says so. */
    public LicensedVault require(String vaultId, Instant at) {
        return find(vaultId, at).orElseThrow(() -> unknown(vaultId, at));
    }

    /** Every vault as it stood at {@code at}, ordered by id. */
    public List<LicensedVault> all(Instant at) {
        return database.jdbi().withHandle(h -> h.createQuery("""
                                SELECT DISTINCT vault_id FROM vault_version WHERE effective_from <= :at
                                ORDER BY vault_id""")
                        .bind("at", utc(at))
                        .mapTo(String.class)
                        .list()
                        .stream()
                        .map(id -> find(h, id, at).orElseThrow().vault())
                        .toList());
    }

    /** The newest version of every vault, whatever its effective time: what the next import builds on. */
    public List<LicensedVault> latest() {
        return database.jdbi().withHandle(h -> latestVersions(h).stream().map(VaultVersion::vault).toList());
    }

    /** All versions of one vault, oldest first. */
    public List<VaultVersion> history(String vaultId) {
        return database.jdbi().withHandle(h -> history(h, vaultId));
    }

    private List<VaultVersion> history(Handle handle, String vaultId) {
        return handle.createQuery("""
                        SELECT vault_id, version, effective_from, recorded_at, config_json FROM vault_version
                        WHERE vault_id = :vaultId ORDER BY version""")
                .bind("vaultId", vaultId)
                .map((rs, ctx) -> toVersion(rs))
                .list();
    }

    private List<VaultVersion> latestVersions(Handle handle) {
        return handle.createQuery("""
                        SELECT v.vault_id, v.version, v.effective_from, v.recorded_at, v.config_json
                        FROM vault_version v
                        WHERE v.version = (SELECT MAX(w.version) FROM vault_version w WHERE w.vault_id = v.vault_id)
                        ORDER BY v.vault_id""")
                .map((rs, ctx) -> toVersion(rs))
                .list();
    }

    private Optional<VaultVersion> latestVersion(Handle handle, String vaultId) {
        return handle.createQuery("""
                        SELECT vault_id, version, effective_from, recorded_at, config_json FROM vault_version
                        WHERE vault_id = :vaultId ORDER BY version DESC""")
                .bind("vaultId", vaultId)
                .setMaxRows(1)
                .map((rs, ctx) -> toVersion(rs))
                .findFirst();
    }

    private UnknownVaultException unknown(String vaultId, Instant at) {
        boolean existsLater = !history(vaultId).isEmpty();
        return new UnknownVaultException(existsLater
                ? "vault '" + vaultId + "' was not yet registered at " + at
                : "unknown vault '" + vaultId + "'; import it first with: licensing vaults import FILE");
    }

    /**
     * Every stored version of each of {@code vaultIds}, oldest first, in one query: a batch of payments looks its
     * vaults up once instead of once per payment. Pick the terms in force with {@link #inForce}.
     */
    public Map<String, List<VaultVersion>> histories(Handle handle, Collection<String> vaultIds) {
        Map<String, List<VaultVersion>> histories = new java.util.HashMap<>();
        if (vaultIds.isEmpty()) {
            return histories;
        }
        handle.createQuery("""
                        SELECT vault_id, version, effective_from, recorded_at, config_json FROM vault_version
                        WHERE vault_id IN (<vaultIds>)
                        ORDER BY vault_id, effective_from, version""")
                .bindList("vaultIds", List.copyOf(vaultIds))
                .map((rs, ctx) -> toVersion(rs))
                .forEach(v -> histories.computeIfAbsent(v.vaultId(), id -> new java.util.ArrayList<>()).add(v));
        return histories;
    }

    /** The version in force at {@code at} in a history ordered oldest first (the rule of {@link #find}). */
    public static Optional<VaultVersion> inForce(List<VaultVersion> history, Instant at) {
        VaultVersion found = null;
        for (VaultVersion version : history) {
            if (!version.effectiveFrom().isAfter(at)) {
                found = version;
            }
        }
        return Optional.ofNullable(found);
    }

    /**
     * Parsed configurations by vault id and version. A stored version never changes, and parsing and validating
     * its JSON costs about a millisecond — more than the rest of a payment's posting — so it is parsed once per
     * process. Bounded: cleared if a registry ever has this many versions.
     */
    private static final int PARSED_VERSIONS_MAX = 10_000;
    private static final Map<String, LicensedVault> PARSED = new java.util.concurrent.ConcurrentHashMap<>();

    private static VaultVersion toVersion(java.sql.ResultSet rs) throws java.sql.SQLException {
        String vaultId = rs.getString("vault_id");
        int versionNumber = rs.getInt("version");
        String json = rs.getString("config_json");
        // Keyed by the content itself (a few KB): a database recreated in the same process reuses ids and versions.
        String key = vaultId + "\n" + json;
        LicensedVault vault = PARSED.get(key);
        if (vault == null) {
            vault = RegistryJson.read(json).get(vaultId);
            if (vault == null) {
                throw new IllegalStateException("stored configuration of " + vaultId + " does not contain the vault");
            }
            if (PARSED.size() >= PARSED_VERSIONS_MAX) {
                PARSED.clear();
            }
            PARSED.put(key, vault);
        }
        return new VaultVersion(vaultId, versionNumber,
                rs.getObject("effective_from", OffsetDateTime.class).toInstant(),
                rs.getObject("recorded_at", OffsetDateTime.class).toInstant(), vault);
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
