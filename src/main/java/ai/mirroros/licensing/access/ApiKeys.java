package ai.mirroros.licensing.access;

import ai.mirroros.licensing.LicensingException;
import ai.mirroros.licensing.ledger.ActivityLog;
import ai.mirroros.licensing.ledger.ActivityRecord;
import ai.mirroros.licensing.store.Database;
import ai.mirroros.licensing.vault.UnknownVaultException;
import ai.mirroros.licensing.vault.VaultRegistry;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Issues, lists, revokes and checks API keys. A key is {@code lic_<key id>_<secret>}: the 12-hex-digit key id is
 * public (it names the key in lists and logs), the 256-bit secret is shown once and stored only as its SHA-256.
 * Creating and revoking a key are recorded in the activity log, without the secret.
 */
public final class ApiKeys {
    public static final String ACTIVITY_CREATED = "api_key.created";
    public static final String ACTIVITY_REVOKED = "api_key.revoked";
    /** A label is for people reading {@code keys list}; this bounds what a typo can store. */
    public static final int MAX_LABEL_LENGTH = 200;

    private static final String PREFIX = "lic_";
    private static final int KEY_ID_BYTES = 6;
    private static final int SECRET_BYTES = 32;
    private static final Pattern TOKEN = Pattern.compile("lic_([0-9a-f]{12})_([A-Za-z0-9_-]{43})");
    private static final String COLUMNS = "key_id, role, vault_id, label, created_at, revoked_at";

    private final Database database;
    private final VaultRegistry vaults;
    private final ActivityLog activityLog;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public ApiKeys(Database database, VaultRegistry vaults, ActivityLog activityLog, Clock clock) {
        this.database = Objects.requireNonNull(database, "database");
        this.vaults = Objects.requireNonNull(vaults, "vaults");
        this.activityLog = Objects.requireNonNull(activityLog, "activityLog");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** What {@link #revoke} did: the key as stored afterwards, and whether it was revoked already. */
    public record Revocation(ApiKey key, boolean alreadyRevoked) {
    }

    /** A new key for one vault's partner; the vault must be registered. */
    public IssuedKey createForVault(String vaultId, String label) {
        if (vaults.history(vaultId).isEmpty()) {
            throw new UnknownVaultException("no vault '" + vaultId + "' is registered (see: licensing vaults list)");
        }
        return create(Principal.Role.PARTNER, Optional.of(vaultId), label);
    }

    /** A new admin key: it reaches every vault. */
    public IssuedKey createAdmin(String label) {
        return create(Principal.Role.ADMIN, Optional.empty(), label);
    }

    private IssuedKey create(Principal.Role role, Optional<String> vaultId, String label) {
        String cleanLabel = label == null ? "" : label.strip();
        if (cleanLabel.length() > MAX_LABEL_LENGTH) {
            throw new LicensingException("invalid_key_label", "the label has " + cleanLabel.length()
                    + " characters; at most " + MAX_LABEL_LENGTH + " are allowed");
        }
        byte[] secretBytes = new byte[SECRET_BYTES];
        random.nextBytes(secretBytes);
        String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(secretBytes);
        byte[] idBytes = new byte[KEY_ID_BYTES];
        random.nextBytes(idBytes);
        String keyId = HexFormat.of().formatHex(idBytes);
        Instant now = clock.instant();
        ApiKey key = new ApiKey(keyId, role, vaultId, cleanLabel, now, Optional.empty());
        database.jdbi().useTransaction(h -> {
            h.createUpdate("""
                            INSERT INTO api_key (key_id, role, vault_id, label, secret_hash, created_at)
                            VALUES (:keyId, :role, :vaultId, :label, :hash, :at)""")
                    .bind("keyId", keyId).bind("role", role.wireName()).bind("vaultId", vaultId.orElse(null))
                    .bind("label", cleanLabel).bind("hash", sha256(secret)).bind("at", now.atOffset(ZoneOffset.UTC))
                    .execute();
            activityLog.append(h, List.of(record(ACTIVITY_CREATED, key, now)));
        });
        return new IssuedKey(key, PREFIX + keyId + "_" + secret);
    }

    /** Every key (of one vault, if given), newest first; secrets are never stored, so never listed. */
    public List<ApiKey> list(Optional<String> vaultId) {
        String order = " ORDER BY created_at DESC, key_id";
        return database.jdbi().withHandle(h -> (vaultId.isEmpty()
                ? h.createQuery("SELECT " + COLUMNS + " FROM api_key" + order)
                : h.createQuery("SELECT " + COLUMNS + " FROM api_key WHERE vault_id = :vaultId" + order)
                        .bind("vaultId", vaultId.get()))
                .map((rs, ctx) -> map(rs)).list());
    }

    /**
     * Revokes a key; from then on it authenticates nothing. Revoking a revoked key changes nothing and says so.
     *
     * @return the key as stored after the call, and whether it had been revoked before
     */
    public Revocation revoke(String keyId) {
        Instant now = clock.instant();
        return database.jdbi().inTransaction(h -> {
            ApiKey key = find(h, keyId).orElseThrow(() -> new LicensingException("unknown_key",
                    "no API key '" + keyId + "' (see: licensing keys list)"));
            if (!key.active()) {
                return new Revocation(key, true);
            }
            h.createUpdate("UPDATE api_key SET revoked_at = :at WHERE key_id = :keyId AND revoked_at IS NULL")
                    .bind("at", now.atOffset(ZoneOffset.UTC)).bind("keyId", keyId).execute();
            activityLog.append(h, List.of(record(ACTIVITY_REVOKED, key, now)));
            return new Revocation(new ApiKey(key.keyId(), key.role(), key.vaultId(), key.label(), key.createdAt(),
                    Optional.of(now)), false);
        });
    }

    /**
     * The principal of a presented token, or empty for anything that is not an active key: malformed, unknown,
     * revoked or with the wrong secret all look the same to the caller.
     */
    public Optional<Principal> authenticate(String token) {
        var matcher = TOKEN.matcher(token == null ? "" : token);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        String keyId = matcher.group(1);
        byte[] presented = sha256(matcher.group(2)).getBytes(StandardCharsets.US_ASCII);
        return database.jdbi().withHandle(h -> h.createQuery("SELECT " + COLUMNS + ", secret_hash FROM api_key "
                        + "WHERE key_id = :keyId AND revoked_at IS NULL")
                .bind("keyId", keyId)
                .map((rs, ctx) -> MessageDigest.isEqual(presented,
                        rs.getString("secret_hash").getBytes(StandardCharsets.US_ASCII)) ? map(rs) : null)
                .findOne())
                .map(ApiKey::principal);
    }

    private static Optional<ApiKey> find(org.jdbi.v3.core.Handle h, String keyId) {
        return h.createQuery("SELECT " + COLUMNS + " FROM api_key WHERE key_id = :keyId")
                .bind("keyId", keyId).map((rs, ctx) -> map(rs)).findOne();
    }

    private static ActivityRecord record(String type, ApiKey key, Instant at) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("keyId", key.keyId());
        payload.put("role", key.role().wireName());
        payload.put("label", key.label());
        ActivityRecord record = ActivityRecord.of(at, type, payload).fromSource("api_key:" + key.keyId());
        return key.vaultId().map(record::forVault).orElse(record);
    }

    private static ApiKey map(ResultSet rs) throws SQLException {
        Timestamp revoked = rs.getTimestamp("revoked_at");
        return new ApiKey(rs.getString("key_id"), Principal.Role.parse(rs.getString("role")),
                Optional.ofNullable(rs.getString("vault_id")), rs.getString("label"),
                rs.getTimestamp("created_at").toInstant(),
                Optional.ofNullable(revoked).map(Timestamp::toInstant));
    }

    private static String sha256(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(secret.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
