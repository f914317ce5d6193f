package ai.mirroros.licensing.revenue;

import ai.mirroros.licensing.money.CurrencyUnit;
import ai.mirroros.licensing.money.Money;
import ai.mirroros.licensing.money.Percentage;
import ai.mirroros.licensing.platform.PlatformTerms;
import ai.mirroros.licensing.split.ReferrerState;
import ai.mirroros.licensing.vault.LicensedVault;
import ai.mirroros.licensing.vault.VaultRegistry;
import ai.mirroros.licensing.vault.VaultVersion;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;

/**
 * The referrer side of a batch's splits: for each referrer in the chains of the batch's vaults, whether it takes part
 * in the referral programme at the payment's time and the volume bonus it has earned.
 *
 * <p><b>Referred revenue</b> of referrer R at moment t, in currency C: the gross of the payments in C made in
 * {@code [t − referrerBonusWindowDays, t)} by vaults that signed up with one of R's referral codes (R is then the
 * nearest referrer, level 1, of their chain), counting only payments made at or after the sign-up. Refunds are not
 * subtracted, as for the vault volume bonus. A referrer chain written directly into a registry file is lineage, not
 * a referral made through the programme, and does not count. The bonus is
 * {@link PlatformTerms#referrerBonus(Money)} of that revenue: steps in another currency than the payment's do not
 * apply.
 *
 * <p>Cost: nothing for a batch whose vaults have no referrers; otherwise two queries per batch, whatever its size:
 * the referrers' registry histories, and one statement that returns the referred revenue of every referrer at the
 * batch's earliest payment plus the (few) referred payments that enter or leave the window between its earliest
 * and latest payment, and the sign-ups of the batch's own vaults (so earlier payments of the same batch count).
 */
public final class ReferrerStates {
    private final Map<String, List<VaultVersion>> referrerHistories;
    /** Referrer + "\n" + currency → referred revenue over the window of the batch's earliest payment. */
    private final Map<String, Long> baseMinor;
    /** Referrer + "\n" + currency → referred payments that enter or leave the window during the batch. */
    private final Map<String, List<Row>> moving;
    private final List<Row> batch = new ArrayList<>();
    /** Batch vault → its sign-up (referrer and time), for the batch's own payments. */
    private final Map<String, Signup> batchSignups;
    private final PlatformTerms terms;
    private final int windowDays;
    private final Instant first;

    private ReferrerStates(Map<String, List<VaultVersion>> referrerHistories, Map<String, Long> baseMinor,
                           Map<String, List<Row>> moving, Map<String, Signup> batchSignups,
                           PlatformTerms terms, int windowDays, Instant first) {
        this.referrerHistories = referrerHistories;
        this.baseMinor = baseMinor;
        this.moving = moving;
        this.batchSignups = batchSignups;
        this.terms = terms;
        this.windowDays = windowDays;
        this.first = first;
    }

    private record Row(String vaultId, CurrencyUnit currency, Instant at, long grossMinor) {
    }

    private record Signup(String referrer, Instant at) {
    }

    /** One row of the batch query: a referrer's base sum, a moving payment, or a batch vault's sign-up. */
    private record Part(String part, String referrer, String vaultId, String currency, OffsetDateTime at,
                        long minor) {
    }

    /** Loads what the batch's referrers need; {@code histories} are the batch vaults' registry histories. */
    static ReferrerStates forBatch(Handle handle, VaultRegistry vaults, PlatformTerms terms,
                                   List<PaymentEvent> payments, Map<String, List<VaultVersion>> histories) {
        Set<String> referrers = new LinkedHashSet<>();
        Instant first = null;
        Instant last = null;
        for (PaymentEvent payment : payments) {
            Optional<VaultVersion> version = VaultRegistry.inForce(histories.getOrDefault(payment.vaultId(),
                    List.of()), payment.occurredAt());
            version.ifPresent(v -> referrers.addAll(v.vault().mirrorOrigin().referrerChain()));
            first = first == null || payment.occurredAt().isBefore(first) ? payment.occurredAt() : first;
            last = last == null || payment.occurredAt().isAfter(last) ? payment.occurredAt() : last;
        }
        if (referrers.isEmpty()) {
            // Every chain is empty: nothing to load, every split gets an empty map.
            return new ReferrerStates(Map.of(), Map.of(), Map.of(), Map.of(), terms, 0, Instant.EPOCH);
        }
        int windowDays = terms.referrerBonusWindowDays();
        Duration window = Duration.ofDays(windowDays);
        Map<String, Long> base = new HashMap<>();
        Map<String, List<Row>> moving = new HashMap<>();
        Map<String, Signup> signups = new HashMap<>();
        List<Part> parts = handle.createQuery("""
                        SELECT 'base' AS part, s.referrer_vault_id AS referrer, CAST(NULL AS VARCHAR(100)) AS vault_id,
                               p.currency AS currency, CAST(NULL AS TIMESTAMP WITH TIME ZONE) AS at,
                               CAST(SUM(p.gross_minor) AS BIGINT) AS minor
                        FROM referral_signup s JOIN payment p ON p.vault_id = s.vault_id
                        WHERE s.referrer_vault_id IN (<referrers>) AND p.occurred_at >= s.signed_up_at
                          AND p.occurred_at >= :windowFrom AND p.occurred_at < :first
                        GROUP BY s.referrer_vault_id, p.currency
                        UNION ALL
                        SELECT 'move', s.referrer_vault_id, p.vault_id, p.currency, p.occurred_at, p.gross_minor
                        FROM referral_signup s JOIN payment p ON p.vault_id = s.vault_id
                        WHERE s.referrer_vault_id IN (<referrers>) AND p.occurred_at >= s.signed_up_at
                          AND ((p.occurred_at >= :windowFrom AND p.occurred_at < :leaveTo)
                            OR (p.occurred_at >= :first AND p.occurred_at < :last))
                        UNION ALL
                        SELECT 'signup', s.referrer_vault_id, s.vault_id, NULL, s.signed_up_at, 0
                        FROM referral_signup s WHERE s.vault_id IN (<batchVaults>)""")
                .bindList("referrers", List.copyOf(referrers))
                .bindList("batchVaults", payments.stream().map(PaymentEvent::vaultId).distinct().toList())
                .bind("windowFrom", utc(first.minus(window)))
                .bind("first", utc(first))
                .bind("leaveTo", utc(last.minus(window)))
                .bind("last", utc(last))
                .map((rs, ctx) -> new Part(rs.getString("part"), rs.getString("referrer"), rs.getString("vault_id"),
                        rs.getString("currency"), rs.getObject("at", OffsetDateTime.class), rs.getLong("minor")))
                .list();
        for (Part part : parts) {
            switch (part.part()) {
                case "base" -> base.put(key(part.referrer(), part.currency()), part.minor());
                case "move" -> moving.computeIfAbsent(key(part.referrer(), part.currency()), k -> new ArrayList<>())
                        .add(new Row(part.vaultId(), CurrencyUnit.of(part.currency()), part.at().toInstant(),
                                part.minor()));
                case "signup" -> signups.put(part.vaultId(), new Signup(part.referrer(), part.at().toInstant()));
                default -> throw new IllegalStateException("unexpected part " + part.part());
            }
        }
        return new ReferrerStates(vaults.histories(handle, referrers), base, moving, signups, terms,
                windowDays, first);
    }

    /** What the split of {@code payment} to {@code vault} needs to know about each referrer of its chain. */
    Map<String, ReferrerState> at(LicensedVault vault, PaymentEvent payment) {
        List<String> chain = vault.mirrorOrigin().referrerChain();
        if (chain.isEmpty()) {
            return Map.of();
        }
        Map<String, ReferrerState> states = new LinkedHashMap<>();
        CurrencyUnit currency = payment.gross().currency();
        Instant at = payment.occurredAt();
        for (String referrer : chain) {
            boolean programmeOn = VaultRegistry.inForce(referrerHistories.getOrDefault(referrer, List.of()), at)
                    .map(v -> v.vault().monetizationConfig().referralProgram())
                    // A referrer not yet registered at the payment's time keeps the rule from before this class:
                    // it is paid. The registry validator makes sure it exists.
                    .orElse(true);
            Money revenue = Money.ofMinor(referredRevenueMinor(referrer, currency, at), currency);
            states.put(referrer, new ReferrerState(programmeOn, terms.referrerBonus(revenue), revenue, windowDays));
        }
        return states;
    }

    /** Counts a payment prepared earlier in the batch towards its referrer's referred revenue. */
    void add(PaymentEvent payment) {
        if (batchSignups.containsKey(payment.vaultId())) {
            batch.add(new Row(payment.vaultId(), payment.gross().currency(), payment.occurredAt(),
                    payment.gross().amountMinor()));
        }
    }

    private long referredRevenueMinor(String referrer, CurrencyUnit currency, Instant at) {
        Instant windowStart = at.minus(Duration.ofDays(windowDays));
        long sum = baseMinor.getOrDefault(key(referrer, currency.code()), 0L);
        // base covers [first − window, first); rows from first on enter, rows before at − window leave. A row in
        // both ranges (a batch spanning more than the window) enters and leaves: it nets to zero, as it should.
        for (Row row : moving.getOrDefault(key(referrer, currency.code()), List.of())) {
            if (!row.at().isBefore(first) && row.at().isBefore(at)) {
                sum = Math.addExact(sum, row.grossMinor());
            }
            if (row.at().isBefore(windowStart)) {
                sum = Math.subtractExact(sum, row.grossMinor());
            }
        }
        for (Row row : batch) {
            Signup signup = batchSignups.get(row.vaultId());
            if (signup.referrer().equals(referrer) && row.currency().equals(currency)
                    && !row.at().isBefore(signup.at()) && !row.at().isBefore(windowStart) && row.at().isBefore(at)) {
                sum = Math.addExact(sum, row.grossMinor());
            }
        }
        return sum;
    }

    /**
     * The referred revenue of {@code referrer} in {@code currency} over the window before {@code at}, and the volume
     * bonus it earns: the same rule a posting applies, for a single question (e.g. {@code referrals explain}).
     */
    public static ReferrerState stateOf(Handle handle, PlatformTerms terms, String referrer, boolean programmeOn,
                                        CurrencyUnit currency, Instant at) {
        int windowDays = terms.referrerBonusWindowDays();
        long minor = handle.createQuery("""
                        SELECT COALESCE(SUM(p.gross_minor), 0)
                        FROM referral_signup s JOIN payment p ON p.vault_id = s.vault_id
                        WHERE s.referrer_vault_id = :referrer AND p.occurred_at >= s.signed_up_at
                          AND p.currency = :currency AND p.occurred_at >= :from AND p.occurred_at < :at""")
                .bind("referrer", referrer)
                .bind("currency", currency.code())
                .bind("from", utc(at.minus(Duration.ofDays(windowDays))))
                .bind("at", utc(at))
                .mapTo(Long.class)
                .one();
        Money revenue = Money.ofMinor(minor, currency);
        return new ReferrerState(programmeOn, programmeOn ? terms.referrerBonus(revenue) : Percentage.ZERO, revenue,
                windowDays);
    }

    private static String key(String referrer, String currency) {
        return referrer + "\n" + currency;
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
