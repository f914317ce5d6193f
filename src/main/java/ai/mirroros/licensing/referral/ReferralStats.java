package ai.mirroros.licensing.referral;

import ai.mirroros.licensing.ledger.AccountType;
import ai.mirroros.licensing.money.CurrencyUnit;
import ai.mirroros.licensing.money.Money;
import ai.mirroros.licensing.store.Database;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;

/**
 * The funnel and earnings of each referral code: shared, visited, signed up, first revenue, and the commissions the
 * code's owner earned from the vaults that signed up with it.
 */
public final class ReferralStats {
    private final Database database;

    public ReferralStats(Database database) {
        this.database = Objects.requireNonNull(database, "database");
    }

    /**
     * One code's funnel.
     *
     * @param shares       times the code was shared (share counter)
     * @param visits       visits of its share link
     * @param signUps      vaults that signed up with it
     * @param firstRevenue of those, vaults with at least one posted payment since their sign-up
     * @param commissions  per currency, what the ledger credited the owner's referrer account from the payments of
     *                     those vaults (commissions as posted; later refunds claw back separately)
     */
    public record CodeStats(ReferralCode code, long shares, long visits, long signUps, long firstRevenue,
                            List<Money> commissions) {
        public CodeStats {
            Objects.requireNonNull(code, "code");
            commissions = List.copyOf(commissions);
        }
    }

    /** Every code, or those of one vault, oldest first. */
    public List<CodeStats> stats(Optional<String> vaultId) {
        return database.jdbi().withHandle(handle -> stats(handle, vaultId));
    }

    private static List<CodeStats> stats(Handle handle, Optional<String> vaultId) {
        String onlyVault = vaultId.isPresent() ? " AND c.vault_id = :vaultId" : "";
        List<ReferralCode> codes = forVault(handle.createQuery("""
                        SELECT code, vault_id, label, created_at, revoked_at FROM referral_code c WHERE 1 = 1"""
                        + onlyVault + " ORDER BY created_at, code"), vaultId)
                .map((rs, ctx) -> ReferralCodes.toCode(rs))
                .list();
        Map<String, Long> shares = counts(handle, """
                SELECT c.code, SUM(f.hits) FROM referral_code c
                JOIN funnel_count f ON f.subject_id = c.code AND f.kind = '""" + FunnelCounts.REFERRAL_SHARE + "'"
                + " WHERE 1 = 1" + onlyVault + " GROUP BY c.code", vaultId);
        Map<String, Long> visits = counts(handle, """
                SELECT c.code, SUM(f.hits) FROM referral_code c
                JOIN funnel_count f ON f.subject_id = c.code AND f.kind = '""" + FunnelCounts.REFERRAL_VISIT + "'"
                + " WHERE 1 = 1" + onlyVault + " GROUP BY c.code", vaultId);
        Map<String, Long> signUps = counts(handle, """
                SELECT c.code, COUNT(*) FROM referral_code c JOIN referral_signup s ON s.code = c.code
                WHERE 1 = 1""" + onlyVault + " GROUP BY c.code", vaultId);
        Map<String, Long> firstRevenue = counts(handle, """
                SELECT c.code, COUNT(*) FROM referral_code c JOIN referral_signup s ON s.code = c.code
                WHERE EXISTS (SELECT 1 FROM payment p WHERE p.vault_id = s.vault_id
                              AND p.occurred_at >= s.signed_up_at)""" + onlyVault + " GROUP BY c.code", vaultId);
        Map<String, List<Money>> commissions = commissions(handle, onlyVault, vaultId);
        List<CodeStats> stats = new ArrayList<>(codes.size());
        for (ReferralCode code : codes) {
            String c = code.code();
            stats.add(new CodeStats(code, shares.getOrDefault(c, 0L), visits.getOrDefault(c, 0L),
                    signUps.getOrDefault(c, 0L), firstRevenue.getOrDefault(c, 0L),
                    commissions.getOrDefault(c, List.of())));
        }
        return stats;
    }

    private static Map<String, Long> counts(Handle handle, String sql, Optional<String> vaultId) {
        Map<String, Long> counts = new HashMap<>();
        forVault(handle.createQuery(sql), vaultId)
                .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getLong(2)))
                .forEach(e -> counts.put(e.getKey(), e.getValue()));
        return counts;
    }

    /**
     * The owner's referrer-pending credits in the journal entries of payments made by vaults that signed up with the
     * code: the ledger's own lines, not a recomputation.
     */
    private static Map<String, List<Money>> commissions(Handle handle, String onlyVault, Optional<String> vaultId) {
        Map<String, List<Money>> commissions = new HashMap<>();
        forVault(handle.createQuery("""
                        SELECT c.code, l.currency, -SUM(l.amount_minor) AS earned
                        FROM referral_code c
                        JOIN referral_signup s ON s.code = c.code
                        JOIN payment p ON p.vault_id = s.vault_id
                        JOIN journal_line l ON l.entry_id = p.journal_entry_id
                         AND l.account_key = CONCAT(:accountType, ':', c.vault_id, ':', p.currency)
                        WHERE 1 = 1""" + onlyVault + " GROUP BY c.code, l.currency"), vaultId)
                .bind("accountType", AccountType.REFERRER_PENDING.keyName())
                .map((rs, ctx) -> Map.entry(rs.getString("code"),
                        Money.ofMinor(rs.getLong("earned"), CurrencyUnit.of(rs.getString("currency")))))
                .forEach(e -> commissions.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
        commissions.values().forEach(list -> list.sort(Comparator.comparing(m -> m.currency().code())));
        return commissions;
    }

    /** Binds the vault filter only when the statement has one: JDBI refuses unused bindings. */
    private static Query forVault(Query query, Optional<String> vaultId) {
        return vaultId.isPresent() ? query.bind("vaultId", vaultId.get()) : query;
    }
}
