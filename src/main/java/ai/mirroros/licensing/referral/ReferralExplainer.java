package ai.mirroros.licensing.referral;

import ai.mirroros.licensing.ledger.AccountType;
import ai.mirroros.licensing.money.CurrencyUnit;
import ai.mirroros.licensing.money.Money;
import ai.mirroros.licensing.money.Percentage;
import ai.mirroros.licensing.platform.PlatformTerms;
import ai.mirroros.licensing.revenue.ReferrerStates;
import ai.mirroros.licensing.split.Party;
import ai.mirroros.licensing.split.ReferrerState;
import ai.mirroros.licensing.split.SplitLine;
import ai.mirroros.licensing.split.SplitReport;
import ai.mirroros.licensing.store.Database;
import ai.mirroros.licensing.vault.LicensedVault;
import ai.mirroros.licensing.vault.RegistryValidator;
import ai.mirroros.licensing.vault.RevenueSharing;
import ai.mirroros.licensing.vault.UnknownVaultException;
import ai.mirroros.licensing.vault.VaultRegistry;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.jdbi.v3.core.Handle;

/**
 * Answers attribution questions about one vault: its referrer chain, each level's rate and volume bonus in force,
 * what each level has been paid and, for what was not paid, why; and, when the vault is itself a referrer, what it
 * earned from whom. Every figure comes from the stored splits (the provenance of each posted line) and the ledger,
 * never from a recomputation under today's terms.
 */
public final class ReferralExplainer {
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private final Database database;
    private final VaultRegistry vaults;
    private final PlatformTerms terms;
    private final ObjectMapper json;

    public ReferralExplainer(Database database, VaultRegistry vaults, PlatformTerms terms, ObjectMapper json) {
        this.database = Objects.requireNonNull(database, "database");
        this.vaults = Objects.requireNonNull(vaults, "vaults");
        this.terms = Objects.requireNonNull(terms, "terms");
        this.json = Objects.requireNonNull(json, "json");
    }

    /** Why a level of the chain is, or is not, paid under the terms in force. */
    public enum Standing {
        PAID,
        BEYOND_MAX_DEPTH,
        NO_RATE_CONFIGURED,
        PROGRAMME_OFF
    }

    /** The vault's sign-up, when it signed up with a code. */
    public record SignupFact(String code, String referrerVaultId, Instant signedUpAt) {
    }

    /**
     * What one level's referrer has been paid by this vault's payments so far.
     *
     * @param paidCount         payments with a commission above zero for this level and referrer
     * @param paid              their total, per currency
     * @param cappedCount       payments whose commission was cut (or zeroed) because the master share was exhausted
     * @param programmeOffCount payments that listed this level unpaid because the referrer's programme was off
     */
    public record Tally(long paidCount, List<Money> paid, long cappedCount, long programmeOffCount) {
        public Tally {
            paid = List.copyOf(paid);
        }
    }

    /**
     * One level of the chain.
     *
     * @param rate   the configured rate for the level under the terms in force (zero when none)
     * @param bonus  the referrer's volume bonus and referred revenue in force, in the vault's settlement currency
     */
    public record Level(int level, String referrerVaultId, Standing standing, Percentage rate, ReferrerState bonus,
                        Tally tally) {
    }

    /** A commission line paid to a (level, referrer) that is not in the chain in force, e.g. before a change. */
    public record OtherLine(int level, String referrerVaultId, Tally tally) {
    }

    /** What the vault, as a referrer, earned from one referred vault (ledger credits of payment entries). */
    public record Earning(String fromVaultId, Optional<String> viaCode, long payments, Money total) {
    }

    public record Explanation(String vaultId, Instant asOf, Optional<SignupFact> signup, int maxReferralDepth,
                              List<Percentage> configuredRates, List<Level> levels, List<OtherLine> otherLines,
                              long payments, long paymentsBeforeSignup, List<Earning> earnedAsReferrer) {
        public Explanation {
            configuredRates = List.copyOf(configuredRates);
            levels = List.copyOf(levels);
            otherLines = List.copyOf(otherLines);
            earnedAsReferrer = List.copyOf(earnedAsReferrer);
        }
    }

    public Explanation explain(String vaultId, Instant asOf) {
        return database.jdbi().inTransaction(handle -> explain(handle, vaultId, asOf));
    }

    private Explanation explain(Handle handle, String vaultId, Instant asOf) {
        LicensedVault vault = vaults.find(handle, vaultId, asOf).orElseThrow(() -> new UnknownVaultException(
                "unknown vault '" + vaultId + "' at " + asOf + "; licensing vaults list shows the registered ones"))
                .vault();
        RevenueSharing sharing = vault.revenueSharing();
        Optional<SignupFact> signup = signup(handle, vaultId);
        List<String> chain = fullChain(handle, vault, signup, asOf);

        PaymentTallies tallies = tallyPayments(handle, vaultId, asOf, signup);
        List<Level> levels = new ArrayList<>();
        for (int i = 0; i < chain.size(); i++) {
            int level = i + 1;
            String referrer = chain.get(i);
            boolean programmeOn = vaults.find(handle, referrer, asOf)
                    .map(v -> v.vault().monetizationConfig().referralProgram()).orElse(true);
            Standing standing = level > sharing.maxReferralDepth() ? Standing.BEYOND_MAX_DEPTH
                    : sharing.referrerRate(level).basisPoints() == 0 ? Standing.NO_RATE_CONFIGURED
                    : !programmeOn ? Standing.PROGRAMME_OFF : Standing.PAID;
            ReferrerState bonus = ReferrerStates.stateOf(handle, terms, referrer, programmeOn,
                    vault.settlementCurrency(), asOf);
            levels.add(new Level(level, referrer, standing, sharing.referrerRate(level), bonus,
                    tallies.remove(level, referrer)));
        }
        List<OtherLine> others = new ArrayList<>();
        tallies.byLine.forEach((key, tally) -> others.add(new OtherLine(key.level(), key.referrer(), tally.done())));
        return new Explanation(vaultId, asOf, signup, sharing.maxReferralDepth(), sharing.referrerShare(), levels,
                others, tallies.payments, tallies.beforeSignup, earnings(handle, vaultId, asOf));
    }

    /**
     * The chain as far as it goes, also beyond the vault's depth: for a signed-up vault the code owner and the owner's
     * chain (whose first levels are the vault's stored chain), otherwise the stored chain.
     */
    private List<String> fullChain(Handle handle, LicensedVault vault, Optional<SignupFact> signup, Instant asOf) {
        List<String> stored = vault.mirrorOrigin().referrerChain();
        if (signup.isEmpty()) {
            return stored;
        }
        List<String> full = new ArrayList<>();
        full.add(signup.get().referrerVaultId());
        vaults.find(handle, signup.get().referrerVaultId(), asOf)
                .ifPresent(owner -> full.addAll(owner.vault().mirrorOrigin().referrerChain()));
        List<String> bounded = full.subList(0, Math.min(full.size(), RegistryValidator.REFERRER_CHAIN_MAX));
        boolean extendsStored = bounded.size() >= stored.size() && bounded.subList(0, stored.size()).equals(stored);
        return extendsStored && !bounded.contains(vault.vaultId()) ? List.copyOf(bounded) : stored;
    }

    private record LineKey(int level, String referrer) {
    }

    /** Running totals of one (level, referrer) over the vault's payments. */
    private static final class RunningTally {
        long paidCount;
        long cappedCount;
        long programmeOffCount;
        final Map<String, Money> paid = new TreeMap<>();

        Tally done() {
            return new Tally(paidCount, List.copyOf(paid.values()), cappedCount, programmeOffCount);
        }
    }

    private static final class PaymentTallies {
        final Map<LineKey, RunningTally> byLine = new LinkedHashMap<>();
        long payments;
        long beforeSignup;

        Tally remove(int level, String referrer) {
            RunningTally tally = byLine.remove(new LineKey(level, referrer));
            return tally == null ? new Tally(0, List.of(), 0, 0) : tally.done();
        }
    }

    /** One pass over the vault's stored splits, streamed: memory stays flat however many payments it has. */
    private PaymentTallies tallyPayments(Handle handle, String vaultId, Instant asOf, Optional<SignupFact> signup) {
        PaymentTallies tallies = new PaymentTallies();
        handle.createQuery("""
                        SELECT occurred_at, split_json FROM payment WHERE vault_id = :vaultId AND occurred_at <= :asOf
                        ORDER BY occurred_at""")
                .bind("vaultId", vaultId)
                .bind("asOf", ReferralCodes.utc(asOf))
                .map((rs, ctx) -> Map.entry(rs.getObject("occurred_at", OffsetDateTime.class).toInstant(),
                        rs.getString("split_json")))
                .forEach(row -> {
                    tallies.payments++;
                    if (signup.isPresent() && row.getKey().isBefore(signup.get().signedUpAt())) {
                        tallies.beforeSignup++;
                    }
                    for (SplitLine line : SplitReport.fromMap(read(row.getValue())).referrerLines()) {
                        count(tallies, line);
                    }
                });
        return tallies;
    }

    private static void count(PaymentTallies tallies, SplitLine line) {
        Party.Referrer referrer = (Party.Referrer) line.party();
        RunningTally tally = tallies.byLine.computeIfAbsent(new LineKey(referrer.level(), referrer.id()),
                k -> new RunningTally());
        if (line.provenance().note().equals(ReferrerState.PROGRAMME_OFF_NOTE)) {
            tally.programmeOffCount++;
            return;
        }
        Money uncapped = line.provenance().base().percentOf(line.provenance().rate().basisPoints());
        if (line.amount().isLessThan(uncapped)) {
            tally.cappedCount++;
        }
        if (line.amount().isPositive()) {
            tally.paidCount++;
            tally.paid.merge(line.amount().currency().code(), line.amount(), Money::plus);
        }
    }

    private static Optional<SignupFact> signup(Handle handle, String vaultId) {
        return handle.createQuery("""
                        SELECT code, referrer_vault_id, signed_up_at FROM referral_signup WHERE vault_id = :vaultId""")
                .bind("vaultId", vaultId)
                .map((rs, ctx) -> new SignupFact(rs.getString("code"), rs.getString("referrer_vault_id"),
                        rs.getObject("signed_up_at", OffsetDateTime.class).toInstant()))
                .findOne();
    }

    /**
     * The vault's referrer-pending credits in payment entries up to {@code asOf}, by paying vault, code (for vaults
     * that signed up with one of its codes) and currency: the ledger's lines themselves.
     */
    static List<Earning> earnings(Handle handle, String vaultId, Instant asOf) {
        return handle.createQuery("""
                        SELECT p.vault_id, s.code, l.currency, COUNT(*) AS payments, -SUM(l.amount_minor) AS earned
                        FROM journal_line l
                        JOIN journal_entry e ON e.entry_id = l.entry_id
                        JOIN payment p ON p.source_id = e.source_id
                        LEFT JOIN referral_signup s ON s.vault_id = p.vault_id AND s.referrer_vault_id = :vaultId
                        WHERE l.owner_id = :vaultId AND l.account_key = CONCAT(:accountType, ':', :vaultId, ':',
                              l.currency)
                          AND p.occurred_at <= :asOf
                        GROUP BY p.vault_id, s.code, l.currency
                        ORDER BY p.vault_id, l.currency""")
                .bind("vaultId", vaultId)
                .bind("accountType", AccountType.REFERRER_PENDING.keyName())
                .bind("asOf", ReferralCodes.utc(asOf))
                .map((rs, ctx) -> new Earning(rs.getString("vault_id"), Optional.ofNullable(rs.getString("code")),
                        rs.getLong("payments"),
                        Money.ofMinor(rs.getLong("earned"), CurrencyUnit.of(rs.getString("currency")))))
                .list();
    }

    private Map<String, Object> read(String splitJson) {
        try {
            return json.readValue(splitJson, MAP);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored split is not valid JSON", e);
        }
    }
}
