package ai.mirroros.licensing.sensitive;

import ai.mirroros.licensing.ledger.ActivityLog;
import ai.mirroros.licensing.ledger.ActivityRecord;
import ai.mirroros.licensing.store.Database;
import ai.mirroros.licensing.vault.UnknownVaultException;
import ai.mirroros.licensing.vault.VaultRegistry;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/**
 * Payees' tax profiles, stored with the TIN, address and bank details sealed ({@link Sealer}) and opened on read.
 * Saving is one transaction with its activity-log entry, which names the fields that changed but never their
 * values.
 */
public final class TaxProfiles {
    public static final String TABLE = "payee_tax_profile";
    public static final String ACTIVITY_UPDATED = "tax_profile.updated";
    /** The sealed columns, in the order rotation and the raw-database test visit them. */
    public static final List<String> SEALED_COLUMNS = List.of("tin_sealed", "address_sealed", "bank_sealed");

    static final String COLUMNS = "payee_id, legal_name, tin_type, country, tin_sealed, address_sealed, "
            + "bank_sealed, data_key_id";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Database database;
    private final VaultRegistry vaults;
    private final ActivityLog activityLog;
    private final Clock clock;
    private final Sealer sealer;

    public TaxProfiles(Database database, VaultRegistry vaults, ActivityLog activityLog, Clock clock,
                       DataKeyRing keys) {
        this.database = Objects.requireNonNull(database, "database");
        this.vaults = Objects.requireNonNull(vaults, "vaults");
        this.activityLog = Objects.requireNonNull(activityLog, "activityLog");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.sealer = new Sealer(keys);
    }

    /** What {@link #save} did: the fields that changed (empty: nothing was written or recorded). */
    public record Change(TaxProfile profile, boolean created, List<String> changedFields) {
        public boolean changed() {
            return !changedFields.isEmpty();
        }
    }

    /**
     * Stores {@code profile} for a registered vault, replacing its previous one, sealed under the active key; an
     * identical profile changes nothing and records nothing.
     *
     * @param by who records it, for the activity log
     */
    public Change save(TaxProfile profile, String by) {
        if (vaults.history(profile.payeeId()).isEmpty()) {
            throw new UnknownVaultException("no vault '" + profile.payeeId() + "' is registered (see: licensing "
                    + "vaults list)");
        }
        try {
            return saveOnce(profile, by);
        } catch (UnableToExecuteStatementException e) {
            // Two first saves of one payee raced and the other inserted first (23505, the same code in H2 and
            // PostgreSQL): the row exists now, so the second attempt locks it and updates.
            if (!(e.getCause() instanceof SQLException sql) || !"23505".equals(sql.getSQLState())) {
                throw e;
            }
            return saveOnce(profile, by);
        }
    }

    private Change saveOnce(TaxProfile profile, String by) {
        Instant now = clock.instant();
        return database.jdbi().inTransaction(h -> {
            Optional<TaxProfile> before = h.createQuery("SELECT " + COLUMNS + " FROM " + TABLE
                            + " WHERE payee_id = :id FOR UPDATE")
                    .bind("id", profile.payeeId()).map((rs, ctx) -> open(rs)).findOne();
            List<String> changed = changedFields(before, profile);
            if (changed.isEmpty()) {
                return new Change(profile, false, List.of());
            }
            Sealed sealed = seal(profile, sealer.keys().activeKeyId());
            String sql = before.isPresent()
                    ? "UPDATE " + TABLE + " SET legal_name = :name, tin_type = :type, country = :country, "
                    + "tin_sealed = :tin, address_sealed = :address, bank_sealed = :bank, data_key_id = :keyId, "
                    + "updated_at = :at WHERE payee_id = :id"
                    : "INSERT INTO " + TABLE + " (" + COLUMNS + ", updated_at) VALUES (:id, :name, :type, :country, "
                    + ":tin, :address, :bank, :keyId, :at)";
            h.createUpdate(sql).bind("id", profile.payeeId()).bind("name", profile.legalName())
                    .bind("type", profile.tinType().wireName()).bind("country", profile.country())
                    .bind("tin", sealed.tin()).bind("address", sealed.address()).bind("bank", sealed.bank())
                    .bind("keyId", sealed.keyId()).bind("at", now.atOffset(ZoneOffset.UTC)).execute();
            Map<String, Object> payload = new LinkedHashMap<>();
            payload.put("payeeId", profile.payeeId());
            payload.put("created", before.isEmpty());
            payload.put("fields", changed);
            payload.put("dataKeyId", sealed.keyId());
            payload.put("by", by == null ? "" : by.strip());
            activityLog.append(h, List.of(ActivityRecord.of(now, ACTIVITY_UPDATED, payload)
                    .forVault(profile.payeeId()).fromSource("tax_profile:" + profile.payeeId())));
            return new Change(profile, before.isEmpty(), List.copyOf(changed));
        });
    }

    /** The payee's profile, opened; empty when none was recorded. */
    public Optional<TaxProfile> find(String payeeId) {
        return database.jdbi().withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM " + TABLE
                        + " WHERE payee_id = :id")
                .bind("id", payeeId).map((rs, ctx) -> open(rs)).findOne());
    }

    /** Every profile, opened, ordered by payee id. */
    public List<TaxProfile> findAll() {
        return database.jdbi().withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM " + TABLE
                + " ORDER BY payee_id").map((rs, ctx) -> open(rs)).list());
    }

    /** How many profiles are sealed under each data key (the key ids come from the rows, not from the ring). */
    public Map<String, Long> countsByKey() {
        return countsByKey(database);
    }

    static Map<String, Long> countsByKey(Database database) {
        return database.jdbi().withHandle(h -> {
            Map<String, Long> counts = new TreeMap<>();
            h.createQuery("SELECT data_key_id, COUNT(*) AS n FROM " + TABLE + " GROUP BY data_key_id")
                    .map((rs, ctx) -> Map.entry(rs.getString("data_key_id"), rs.getLong("n")))
                    .forEach(e -> counts.put(e.getKey(), e.getValue()));
            return counts;
        });
    }

    // ---- sealing -------------------------------------------------------------------------------------------------

    /** The sealed columns of one row, all under {@code keyId}. */
    record Sealed(String tin, String address, String bank, String keyId) {
    }

    Sealed seal(TaxProfile profile, String keyId) {
        String id = profile.payeeId();
        return new Sealed(sealer.sealWith(keyId, profile.tin().value(), where(id, "tin_sealed")),
                sealer.sealWith(keyId, addressJson(profile.address()), where(id, "address_sealed")),
                profile.bank().map(b -> sealer.sealWith(keyId, bankJson(b), where(id, "bank_sealed"))).orElse(null),
                keyId);
    }

    TaxProfile open(ResultSet rs) throws SQLException {
        String id = rs.getString("payee_id");
        TinType type = TinType.parse(rs.getString("tin_type"));
        Tin tin = new Tin(type, sealer.open(rs.getString("tin_sealed"), where(id, "tin_sealed")));
        PostalAddress address = address(sealer.open(rs.getString("address_sealed"), where(id, "address_sealed")));
        Optional<BankAccount> bank = Optional.ofNullable(rs.getString("bank_sealed"))
                .map(sealed -> bank(sealer.open(sealed, where(id, "bank_sealed"))));
        return new TaxProfile(id, rs.getString("legal_name"), type, tin, address, bank);
    }

    static SealContext where(String payeeId, String column) {
        return new SealContext(TABLE, column, payeeId);
    }

    private static List<String> changedFields(Optional<TaxProfile> before, TaxProfile after) {
        List<String> changed = new ArrayList<>();
        TaxProfile old = before.orElse(null);
        if (old == null || !old.legalName().equals(after.legalName())) {
            changed.add("legal_name");
        }
        if (old == null || !old.tin().equals(after.tin())) {
            changed.add("tin");
        }
        if (old == null || !old.address().equals(after.address())) {
            changed.add("address");
        }
        if (old == null ? after.bank().isPresent() : !old.bank().equals(after.bank())) {
            changed.add("bank");
        }
        return changed;
    }

    private static String addressJson(PostalAddress a) {
        ObjectNode node = JSON.createObjectNode();
        node.put("line1", a.line1());
        a.line2().ifPresent(l -> node.put("line2", l));
        node.put("city", a.city()).put("region", a.region()).put("postalCode", a.postalCode())
                .put("country", a.country());
        return node.toString();
    }

    private static PostalAddress address(String json) {
        JsonNode n = parse(json);
        return new PostalAddress(n.path("line1").asText(), Optional.ofNullable(n.get("line2")).map(JsonNode::asText),
                n.path("city").asText(), n.path("region").asText(), n.path("postalCode").asText(),
                n.path("country").asText());
    }

    private static String bankJson(BankAccount b) {
        ObjectNode node = JSON.createObjectNode();
        node.put("scheme", b.scheme().name()).put("account", b.accountNumber());
        b.routingNumber().ifPresent(r -> node.put("routing", r));
        return node.toString();
    }

    private static BankAccount bank(String json) {
        JsonNode n = parse(json);
        return new BankAccount(BankAccount.Scheme.valueOf(n.path("scheme").asText()), n.path("account").asText(),
                Optional.ofNullable(n.get("routing")).map(JsonNode::asText));
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            // The value authenticated, so this is our own bug, not tampering; say nothing of the content.
            throw new IllegalStateException("an opened sealed value is not the JSON this class writes");
        }
    }

    Database database() {
        return database;
    }

    Sealer sealer() {
        return sealer;
    }

    ActivityLog activityLog() {
        return activityLog;
    }

    Clock clock() {
        return clock;
    }
}
