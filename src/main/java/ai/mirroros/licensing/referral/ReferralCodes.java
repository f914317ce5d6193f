package ai.mirroros.licensing.referral;

import ai.mirroros.licensing.LicensingException;
import ai.mirroros.licensing.ledger.ActivityLog;
import ai.mirroros.licensing.ledger.ActivityRecord;
import ai.mirroros.licensing.store.Database;
import ai.mirroros.licensing.vault.LicensedVault;
import ai.mirroros.licensing.vault.UnknownVaultException;
import ai.mirroros.licensing.vault.VaultRegistry;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;

/**
 * Referral codes: a vault whose referral programme is on creates them (with an optional label), lists and revokes
 * them. Every creation and revocation is an activity-log entry written in the same transaction.
 */
public final class ReferralCodes {
    public static final String ACTIVITY_CREATED = "referral.code_created";
    public static final String ACTIVITY_REVOKED = "referral.code_revoked";
    /** Enough for a code per campaign or partner; more suggests a script minting codes, which no one can track. */
    public static final int ACTIVE_CODES_PER_VAULT_MAX = 100;
    public static final int LABEL_CHARS_MAX = 200;
    /** A random code collides once in ~10^11 draws; five draws in a row colliding means something else is wrong. */
    private static final int DRAWS_MAX = 5;

    private final Database database;
    private final VaultRegistry vaults;
    private final ActivityLog activityLog;
    private final Clock clock;
    private final RandomGenerator random;

    public ReferralCodes(Database database, VaultRegistry vaults, ActivityLog activityLog, Clock clock,
                         RandomGenerator random) {
        this.database = Objects.requireNonNull(database, "database");
        this.vaults = Objects.requireNonNull(vaults, "vaults");
        this.activityLog = Objects.requireNonNull(activityLog, "activityLog");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
    }

    /** Creates a new code for {@code vaultId}; refused when its referral programme is off at this moment. */
    public ReferralCode create(String vaultId, Optional<String> label) {
        Optional<String> cleanLabel = label.map(String::strip).filter(l -> !l.isEmpty());
        cleanLabel.ifPresent(ReferralCodes::requireValidLabel);
        Instant now = storedPrecision(clock.instant());
        return database.jdbi().inTransaction(handle -> {
            LicensedVault vault = vaults.find(handle, vaultId, now).orElseThrow(() -> new UnknownVaultException(
                    "unknown vault '" + vaultId + "' at " + now + "; import it first with: licensing vaults import FILE"))
                    .vault();
            if (!vault.monetizationConfig().referralProgram()) {
                throw new LicensingException("referral_programme_off", "vault '" + vaultId + "' has its referral "
                        + "programme off (monetizationConfig.referralProgram); turn it on in the registry to create "
                        + "codes");
            }
            long active = handle.createQuery("""
                            SELECT COUNT(*) FROM referral_code WHERE vault_id = :vaultId AND revoked_at IS NULL""")
                    .bind("vaultId", vaultId).mapTo(Long.class).one();
            if (active >= ACTIVE_CODES_PER_VAULT_MAX) {
                throw new LicensingException("too_many_referral_codes", "vault '" + vaultId + "' already has "
                        + active + " active codes, the most allowed; revoke unused ones first");
            }
            ReferralCode code = insertNew(handle, vaultId, cleanLabel, now);
            Map<String, Object> payload = new LinkedHashMap<>();
            payload.put("code", code.code());
            cleanLabel.ifPresent(l -> payload.put("label", l));
            activityLog.append(handle, List.of(ActivityRecord.of(now, ACTIVITY_CREATED, payload).forVault(vaultId)));
            return code;
        });
    }

    private ReferralCode insertNew(Handle handle, String vaultId, Optional<String> label, Instant now) {
        for (int draw = 0; draw < DRAWS_MAX; draw++) {
            String code = CodeFormat.generate(random);
            // ON CONFLICT DO NOTHING rather than catching the violation: on PostgreSQL a failed statement would
            // abort the whole transaction.
            int inserted = handle.createUpdate("""
                            INSERT INTO referral_code (code, vault_id, label, created_at) VALUES (:code, :vaultId,
                                :label, :createdAt)
                            ON CONFLICT DO NOTHING""")
                    .bind("code", code).bind("vaultId", vaultId).bind("label", label.orElse(null))
                    .bind("createdAt", utc(now)).execute();
            if (inserted == 1) {
                return new ReferralCode(code, vaultId, label, now, Optional.empty());
            }
        }
        throw new IllegalStateException(DRAWS_MAX + " random referral codes in a row already existed");
    }

    /** Every code, or those of one vault, oldest first. */
    public List<ReferralCode> list(Optional<String> vaultId) {
        return database.jdbi().withHandle(handle -> {
            Query query = handle.createQuery("SELECT code, vault_id, label, created_at, revoked_at FROM referral_code"
                    + (vaultId.isPresent() ? " WHERE vault_id = :vaultId" : "") + " ORDER BY created_at, code");
            vaultId.ifPresent(v -> query.bind("vaultId", v));
            return query.map((rs, ctx) -> toCode(rs)).list();
        });
    }

    /** Revokes a code: no more sign-ups or visits with it. Vaults that signed up with it keep their chain. */
    public ReferralCode revoke(String input) {
        Instant now = storedPrecision(clock.instant());
        return database.jdbi().inTransaction(handle -> {
            ReferralCode code = require(handle, input, database.dialect().forUpdate());
            if (!code.active()) {
                throw new LicensingException("referral_code_revoked", "referral code " + code.code()
                        + " was already revoked at " + code.revokedAt().get());
            }
            handle.createUpdate("UPDATE referral_code SET revoked_at = :now WHERE code = :code")
                    .bind("now", utc(now)).bind("code", code.code()).execute();
            activityLog.append(handle, List.of(ActivityRecord.of(now, ACTIVITY_REVOKED, Map.of("code", code.code()))
                    .forVault(code.vaultId())));
            return new ReferralCode(code.code(), code.vaultId(), code.label(), code.createdAt(), Optional.of(now));
        });
    }

    /** The active code {@code input} names, if any: what a share link or a sign-up accepts. */
    public Optional<ReferralCode> findActive(String input) {
        Optional<String> code = CodeFormat.normalise(input);
        if (code.isEmpty()) {
            return Optional.empty();
        }
        return database.jdbi().withHandle(handle -> find(handle, code.get(), "")).filter(ReferralCode::active);
    }

    /**
     * The code {@code input} names, read with {@code lockClause} (empty, or the dialect's FOR UPDATE so that a
     * revocation and a sign-up do not cross); an unknown code is an error that says so.
     */
    static ReferralCode require(Handle handle, String input, String lockClause) {
        String code = CodeFormat.normalise(input).orElseThrow(() -> unknown(input));
        return find(handle, code, lockClause).orElseThrow(() -> unknown(input));
    }

    private static Optional<ReferralCode> find(Handle handle, String code, String lockClause) {
        return handle.createQuery("""
                        SELECT code, vault_id, label, created_at, revoked_at FROM referral_code WHERE code = :code"""
                        + lockClause)
                .bind("code", code)
                .map((rs, ctx) -> toCode(rs))
                .findOne();
    }

    static LicensingException unknown(String input) {
        String shown = input == null ? "" : input.length() > 40 ? input.substring(0, 40) + "…" : input;
        return new LicensingException("unknown_referral_code", "unknown referral code '" + shown
                + "'; codes look like K7QM-4XTP (licensing referrals codes list shows them)");
    }

    static ReferralCode toCode(ResultSet rs) throws SQLException {
        return new ReferralCode(rs.getString("code"), rs.getString("vault_id"),
                Optional.ofNullable(rs.getString("label")),
                rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                Optional.ofNullable(rs.getObject("revoked_at", OffsetDateTime.class)).map(OffsetDateTime::toInstant));
    }

    private static void requireValidLabel(String label) {
        if (label.length() > LABEL_CHARS_MAX) {
            throw new LicensingException("invalid_label", "--label is " + label.length() + " characters; at most "
                    + LABEL_CHARS_MAX);
        }
        if (label.chars().anyMatch(Character::isISOControl)) {
            throw new LicensingException("invalid_label", "--label must not contain control characters");
        }
    }

    /** Both databases keep microseconds: what is returned is then what is read back later. */
    static Instant storedPrecision(Instant instant) {
        return instant.truncatedTo(java.time.temporal.ChronoUnit.MICROS);
    }

    static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
