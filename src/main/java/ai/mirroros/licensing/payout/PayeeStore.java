package ai.mirroros.licensing.payout;

import ai.mirroros.licensing.payout.Payee.TaxDocument;
import ai.mirroros.licensing.vault.ComplianceStatus.KycStatus;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** The {@code payee} table. Every method joins the caller's handle (and transaction, if any). */
public final class PayeeStore {
    private static final String COLUMNS = "payee_id, stripe_account, country, email, business_type, kyc_status, "
            + "kyc_detail, payouts_enabled, tax_document, payout_account_verified, hold_reason, updated_at";
    /**
     * What every read selects: the columns and the summary of the vault's active risk hold. The risk package writes
     * {@code risk_hold}; reading it here keeps the gate in {@link Payee#blockers()} without payout importing risk.
     * MAX: two instances may each have placed a hold in the same moment; either summary tells the story.
     */
    private static final String SELECT = "SELECT " + COLUMNS + ", (SELECT MAX(h.summary) FROM risk_hold h "
            + "WHERE h.vault_id = payee.payee_id AND h.released_at IS NULL) AS risk_hold FROM payee";

    private PayeeStore() {
    }

    public static List<Payee> all(Handle handle) {
        return handle.createQuery(SELECT + " ORDER BY payee_id")
                .map((rs, ctx) -> map(rs)).list();
    }

    /** The payees among {@code payeeIds} that exist, by id. */
    public static java.util.Map<String, Payee> byIds(Handle handle, java.util.Collection<String> payeeIds) {
        if (payeeIds.isEmpty()) {
            return java.util.Map.of();
        }
        java.util.Map<String, Payee> found = new java.util.HashMap<>();
        handle.createQuery(SELECT + " WHERE payee_id IN (<ids>)")
                .bindList("ids", List.copyOf(payeeIds)).map((rs, ctx) -> map(rs))
                .forEach(p -> found.put(p.payeeId(), p));
        return found;
    }

    public static Optional<Payee> find(Handle handle, String payeeId) {
        return handle.createQuery(SELECT + " WHERE payee_id = :id")
                .bind("id", payeeId).map((rs, ctx) -> map(rs)).findOne();
    }

    public static Optional<Payee> byStripeAccount(Handle handle, String stripeAccount) {
        return handle.createQuery(SELECT + " WHERE stripe_account = :account")
                .bind("account", stripeAccount).map((rs, ctx) -> map(rs)).findOne();
    }

    /** Inserts {@code payee}, or replaces every column of the existing row. */
    public static void save(Handle handle, Payee payee) {
        int updated = handle.createUpdate("UPDATE payee SET stripe_account = :account, country = :country, "
                        + "email = :email, business_type = :businessType, kyc_status = :kyc, kyc_detail = :kycDetail, "
                        + "payouts_enabled = :payoutsEnabled, tax_document = :tax, "
                        + "payout_account_verified = :accountVerified, hold_reason = :hold, updated_at = :updatedAt "
                        + "WHERE payee_id = :id")
                .bindMap(params(payee)).execute();
        if (updated == 0) {
            handle.createUpdate("INSERT INTO payee (" + COLUMNS + ") VALUES (:id, :account, :country, :email, "
                            + ":businessType, :kyc, :kycDetail, :payoutsEnabled, :tax, :accountVerified, :hold, "
                            + ":updatedAt)")
                    .bindMap(params(payee)).execute();
        }
    }

    /**
     * Records the KYC state an {@code account.updated} of {@code occurredAt} reports, unless a later one was already
     * applied (Stripe may deliver them out of order). Touches only the KYC columns. Returns whether it applied.
     */
    public static boolean updateKyc(Handle handle, String stripeAccount, KycStatus kyc, Optional<String> detail,
                                    boolean payoutsEnabled, Instant occurredAt, Instant now) {
        return handle.createUpdate("UPDATE payee SET kyc_status = :kyc, kyc_detail = :detail, "
                        + "payouts_enabled = :enabled, kyc_event_at = :at, updated_at = :now "
                        + "WHERE stripe_account = :account AND (kyc_event_at IS NULL OR kyc_event_at <= :at)")
                .bind("kyc", kyc.name().toLowerCase(Locale.ROOT))
                .bind("detail", detail.map(d -> truncate(d, 2000)).orElse(null))
                .bind("enabled", payoutsEnabled)
                .bind("at", Timestamp.from(occurredAt))
                .bind("now", Timestamp.from(now))
                .bind("account", stripeAccount)
                .execute() > 0;
    }

    /** Puts a payee on hold (a permanent transfer failure, a bank payout failure, an operator, a risk rule). */
    public static void hold(Handle handle, String payeeId, String reason, Instant at) {
        handle.createUpdate("UPDATE payee SET hold_reason = :reason, updated_at = :at WHERE payee_id = :id")
                .bind("reason", truncate(reason, 1000)).bind("at", Timestamp.from(at)).bind("id", payeeId).execute();
    }

    private static java.util.Map<String, Object> params(Payee payee) {
        java.util.Map<String, Object> params = new java.util.HashMap<>();
        params.put("id", payee.payeeId());
        params.put("account", payee.stripeAccount().orElse(null));
        params.put("country", payee.country().orElse(null));
        params.put("email", payee.email().orElse(null));
        params.put("businessType", payee.businessType().orElse(null));
        params.put("kyc", payee.kyc().name().toLowerCase(Locale.ROOT));
        params.put("kycDetail", payee.kycDetail().map(d -> truncate(d, 2000)).orElse(null));
        params.put("payoutsEnabled", payee.payoutsEnabled());
        params.put("tax", payee.taxDocument().dbName());
        params.put("accountVerified", payee.payoutAccountVerified());
        params.put("hold", payee.holdReason().map(r -> truncate(r, 1000)).orElse(null));
        params.put("updatedAt", Timestamp.from(payee.updatedAt()));
        return params;
    }

    static String truncate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }

    private static Payee map(ResultSet rs) throws SQLException {
        return new Payee(
                rs.getString("payee_id"),
                Optional.ofNullable(rs.getString("stripe_account")),
                Optional.ofNullable(rs.getString("country")),
                Optional.ofNullable(rs.getString("email")),
                Optional.ofNullable(rs.getString("business_type")),
                KycStatus.valueOf(rs.getString("kyc_status").toUpperCase(Locale.ROOT)),
                Optional.ofNullable(rs.getString("kyc_detail")),
                rs.getBoolean("payouts_enabled"),
                TaxDocument.fromDbName(rs.getString("tax_document")),
                rs.getBoolean("payout_account_verified"),
                Optional.ofNullable(rs.getString("hold_reason")),
                Objects.requireNonNull(rs.getTimestamp("updated_at")).toInstant(),
                Optional.ofNullable(rs.getString("risk_hold")));
    }

    // Operator records (licensing partners …): one column each, on a row locked with findForUpdate.

    /**
     * Like {@link #find} but locks the row until the caller's transaction ends, so that an operator record and an
     * {@code account.updated} arriving together are applied one after the other, not over each other.
     */
    public static Optional<Payee> findForUpdate(Handle handle, String payeeId) {
        return handle.createQuery(SELECT + " WHERE payee_id = :id FOR UPDATE")
                .bind("id", payeeId).map((rs, ctx) -> map(rs)).findOne();
    }

    /** Records the tax form on file; touches no other column. */
    public static void setTaxDocument(Handle handle, String payeeId, TaxDocument document, Instant at) {
        handle.createUpdate("UPDATE payee SET tax_document = :tax, updated_at = :at WHERE payee_id = :id")
                .bind("tax", document.dbName()).bind("at", Timestamp.from(at)).bind("id", payeeId).execute();
    }

    /**
     * Records whether the payout bank account was verified; touches no other column except, when a verified account
     * stops being verified (it was replaced, or Stripe disabled it), {@code payout_account_changed_at}: the risk
     * rule {@code payout_account_changed} scores the payments that follow such a change.
     */
    public static void setPayoutAccountVerified(Handle handle, String payeeId, boolean verified, Instant at) {
        handle.createUpdate("UPDATE payee SET payout_account_changed_at = CASE WHEN payout_account_verified "
                        + "AND NOT :verified THEN :at ELSE payout_account_changed_at END, "
                        + "payout_account_verified = :verified, updated_at = :at WHERE payee_id = :id")
                .bind("verified", verified).bind("at", Timestamp.from(at)).bind("id", payeeId).execute();
    }

    /** Lifts a hold, whoever set it; touches no other column. */
    public static void releaseHold(Handle handle, String payeeId, Instant at) {
        handle.createUpdate("UPDATE payee SET hold_reason = NULL, updated_at = :at WHERE payee_id = :id")
                .bind("at", Timestamp.from(at)).bind("id", payeeId).execute();
    }
}
