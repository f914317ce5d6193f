package ai.mirroros.licensing.risk;

import ai.mirroros.licensing.LicensingException;
import ai.mirroros.licensing.ledger.ActivityLog;
import ai.mirroros.licensing.ledger.ActivityRecord;
import ai.mirroros.licensing.store.Database;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** The operator's side of risk: active holds, releasing one (with a note), and a payment's stored score. */
public final class RiskHolds {
    /** A release note is the audit trail's "why"; bounded like other operator notes. */
    public static final int NOTE_CHARS_MAX = 2_000;
    /** More active holds than this is an incident, not a list to read; the CLI says how many were left out. */
    public static final int LIST_MAX = 1_000;

    private static final String HOLD_COLUMNS = "hold_id, vault_id, placed_at, source_id, score, reasons_json, "
            + "summary, released_at, released_by, release_note";

    private final Database database;
    private final ActivityLog activityLog;
    private final ObjectMapper json;
    private final Clock clock;

    public RiskHolds(Database database, ActivityLog activityLog, ObjectMapper json, Clock clock) {
        this.database = Objects.requireNonNull(database, "database");
        this.activityLog = Objects.requireNonNull(activityLog, "activityLog");
        this.json = Objects.requireNonNull(json, "json");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Every active hold, oldest first (at most {@link #LIST_MAX}). */
    public List<RiskHold> active() {
        return database.jdbi().withHandle(handle -> handle.createQuery("SELECT " + HOLD_COLUMNS
                        + " FROM risk_hold WHERE released_at IS NULL ORDER BY placed_at, vault_id")
                .setMaxRows(LIST_MAX).map((rs, ctx) -> hold(rs)).list());
    }

    /** A vault's holds, active and released, newest first. */
    public List<RiskHold> forVault(String vaultId) {
        return database.jdbi().withHandle(handle -> handle.createQuery("SELECT " + HOLD_COLUMNS
                        + " FROM risk_hold WHERE vault_id = :vault ORDER BY placed_at DESC, hold_id")
                .bind("vault", vaultId).setMaxRows(LIST_MAX).map((rs, ctx) -> hold(rs)).list());
    }

    /**
     * Lifts the vault's active hold, recording who and why in the hold and the activity log, in one transaction.
     *
     * @throws LicensingException {@code note_required} without a note, {@code no_risk_hold} when the vault has no
     *                            active hold
     */
    public RiskHold release(String vaultId, String note, String by) {
        String why = note == null ? "" : note.strip();
        if (why.isEmpty()) {
            throw new LicensingException("note_required", "releasing a risk hold needs --note saying why");
        }
        if (why.length() > NOTE_CHARS_MAX) {
            throw new LicensingException("note_too_long", "--note is " + why.length() + " characters; at most "
                    + NOTE_CHARS_MAX);
        }
        String operator = by == null || by.isBlank() ? "operator" : by.strip();
        Instant now = clock.instant();
        return database.jdbi().inTransaction(handle -> {
            List<RiskHold> active = handle.createQuery("SELECT " + HOLD_COLUMNS + " FROM risk_hold "
                            + "WHERE vault_id = :vault AND released_at IS NULL ORDER BY placed_at"
                            + database.dialect().forUpdate())
                    .bind("vault", vaultId).map((rs, ctx) -> hold(rs)).list();
            if (active.isEmpty()) {
                throw new LicensingException("no_risk_hold", "vault '" + vaultId
                        + "' has no active risk hold (see: licensing risk holds)");
            }
            handle.createUpdate("UPDATE risk_hold SET released_at = :at, released_by = :by, release_note = :note "
                            + "WHERE vault_id = :vault AND released_at IS NULL")
                    .bind("at", Timestamp.from(now)).bind("by", operator).bind("note", why)
                    .bind("vault", vaultId).execute();
            Map<String, Object> payload = new LinkedHashMap<>();
            payload.put("holdIds", active.stream().map(RiskHold::holdId).toList());
            payload.put("score", active.getFirst().score());
            payload.put("by", operator);
            payload.put("note", why);
            activityLog.append(handle, List.of(ActivityRecord.of(now, RiskScoring.ACTIVITY_HOLD_RELEASED, payload)
                    .forVault(vaultId).fromSource(active.getFirst().sourceId())));
            RiskHold first = active.getFirst();
            return new RiskHold(first.holdId(), first.vaultId(), first.placedAt(), first.sourceId(), first.score(),
                    first.reasons(), first.summary(), Optional.of(new RiskHold.Release(now, operator, why)));
        });
    }

    /**
     * A payment's stored score, found by its source id or any Stripe id linked to it (payment intent, charge,
     * invoice).
     */
    public Optional<PaymentRisk> payment(String paymentId) {
        return database.jdbi().withHandle(handle -> handle.createQuery("""
                        SELECT source_id, vault_id, occurred_at, score, reasons_json, threshold FROM payment_risk
                        WHERE source_id = :id
                           OR source_id IN (SELECT source_id FROM payment_stripe_ref WHERE stripe_id = :id)""")
                .bind("id", paymentId)
                .map((rs, ctx) -> new PaymentRisk(rs.getString("source_id"), rs.getString("vault_id"),
                        rs.getTimestamp("occurred_at").toInstant(),
                        new RiskScore(rs.getInt("score"), reasons(rs.getString("reasons_json"))),
                        rs.getInt("threshold")))
                .findFirst());
    }

    private RiskHold hold(ResultSet rs) throws SQLException {
        Timestamp released = rs.getTimestamp("released_at");
        return new RiskHold(rs.getString("hold_id"), rs.getString("vault_id"),
                rs.getTimestamp("placed_at").toInstant(), rs.getString("source_id"), rs.getInt("score"),
                reasons(rs.getString("reasons_json")), rs.getString("summary"),
                released == null ? Optional.empty() : Optional.of(new RiskHold.Release(released.toInstant(),
                        rs.getString("released_by"), rs.getString("release_note"))));
    }

    private List<RiskReason> reasons(String text) {
        try {
            return json.readValue(text, new TypeReference<List<RiskReason>>() {
            });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored risk reasons are not valid JSON", e);
        }
    }
}
