package ai.mirroros.licensing.revenue;

import ai.mirroros.licensing.LicensingException;
import ai.mirroros.licensing.ledger.AccountRef;
import ai.mirroros.licensing.ledger.ActivityLog;
import ai.mirroros.licensing.ledger.ActivityRecord;
import ai.mirroros.licensing.ledger.JournalEntry;
import ai.mirroros.licensing.ledger.Ledger;
import ai.mirroros.licensing.ledger.PostingResult;
import ai.mirroros.licensing.money.CurrencyUnit;
import ai.mirroros.licensing.money.Money;
import ai.mirroros.licensing.platform.PlatformTerms;
import ai.mirroros.licensing.split.BonusState;
import ai.mirroros.licensing.split.Party;
import ai.mirroros.licensing.split.SplitEngine;
import ai.mirroros.licensing.split.SplitLine;
import ai.mirroros.licensing.split.SplitReport;
import ai.mirroros.licensing.split.SplitRequest;
import ai.mirroros.licensing.split.SplitResult;
import ai.mirroros.licensing.store.Database;
import ai.mirroros.licensing.tax.RateTable;
import ai.mirroros.licensing.tax.SaleTaxes;
import ai.mirroros.licensing.tax.TaxableSale;
import ai.mirroros.licensing.tier.MonthRevenue;
import ai.mirroros.licensing.tier.TierPolicy;
import ai.mirroros.licensing.tier.TierWatch;
import ai.mirroros.licensing.vault.LicensedVault;
import ai.mirroros.licensing.vault.UnknownVaultException;
import ai.mirroros.licensing.vault.VaultRegistry;
import ai.mirroros.licensing.vault.VaultVersion;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * Posts payments: split under the terms in force at the payment's time, one balanced journal entry, the payment
 * row, and an activity-log entry, committed together. Posting a source id again changes nothing and returns the
 * first posting. Batches share one transaction (group commit) and one activity-chain append.
 */
public final class PaymentPosting {
    /** Bounds one transaction: large enough to amortise the commit, small enough to keep locks and memory short. */
    public static final int BATCH_SIZE_MAX = 1_000;
    public static final String ACTIVITY_TYPE = "payment.split";
    public static final String JOURNAL_KIND = "payment";

    private final Database database;
    private final VaultRegistry vaults;
    private final Ledger ledger;
    private final ActivityLog activityLog;
    private final ObjectMapper json;
    private final TierPolicy tiers;
    private final PlatformTerms platformTerms;
    private final PostingObserver observer;
    /** VAT/GST of marketplace sales, recorded with each batch (a liability record; the split is not changed). */
    private final SaleTaxes saleTaxes = new SaleTaxes(RateTable.configured());

    /** The ledger this posting writes to. */
    public Ledger ledger() {
        return ledger;
    }

    /**
     * @param tiers         decides automatic tier changes: a payment that takes a vault's month over the next
     *                      tier's threshold changes the tier from that payment on, in the same transaction
     * @param platformTerms the referrer volume-bonus steps and window ({@link ReferrerStates})
     */
    public PaymentPosting(Database database, VaultRegistry vaults, Ledger ledger, ActivityLog activityLog,
                          ObjectMapper json, TierPolicy tiers, PlatformTerms platformTerms) {
        this(database, vaults, ledger, activityLog, json, tiers, platformTerms, PostingObserver.NONE);
    }

    /** @param observer called in each batch's transaction with the payments it posted (risk scoring) */
    public PaymentPosting(Database database, VaultRegistry vaults, Ledger ledger, ActivityLog activityLog,
                          ObjectMapper json, TierPolicy tiers, PlatformTerms platformTerms, PostingObserver observer) {
        this.observer = Objects.requireNonNull(observer, "observer");
        this.platformTerms = Objects.requireNonNull(platformTerms, "platformTerms");
        this.database = Objects.requireNonNull(database, "database");
        this.vaults = Objects.requireNonNull(vaults, "vaults");
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.activityLog = Objects.requireNonNull(activityLog, "activityLog");
        this.json = Objects.requireNonNull(json, "json");
        this.tiers = Objects.requireNonNull(tiers, "tiers");
    }

    public PostedPayment post(PaymentEvent payment) {
        return postBatch(List.of(payment)).getFirst();
    }

    /** Posts up to {@link #BATCH_SIZE_MAX} payments in one transaction: all of them or, on error, none. */
    public List<PostedPayment> postBatch(List<PaymentEvent> payments) {
        if (payments.size() > BATCH_SIZE_MAX) {
            throw new IllegalArgumentException("batch of " + payments.size() + " exceeds " + BATCH_SIZE_MAX);
        }
        return database.jdbi().inTransaction(handle -> postBatch(handle, payments));
    }

    /** Posts inside the caller's transaction; any refused payment fails the whole call (the caller rolls back). */
    public List<PostedPayment> postBatch(Handle handle, List<PaymentEvent> payments) {
        List<PostedPayment> results = new ArrayList<>(payments.size());
        for (Outcome outcome : postEach(handle, payments)) {
            switch (outcome) {
                case Outcome.Posted posted -> results.add(posted.posted());
                case Outcome.Refused refused -> throw refused.reason();
            }
        }
        return List.copyOf(results);
    }

    /** What became of one payment of a batch posted with {@link #postEach}. */
    public sealed interface Outcome {
        PaymentEvent payment();

        record Posted(PaymentEvent payment, PostedPayment posted) implements Outcome {
        }

        /** Nothing was written for this payment: the reason says what to fix (unknown vault, bad currency…). */
        record Refused(PaymentEvent payment, LicensingException reason) implements Outcome {
        }
    }

    /**
     * Posts a batch inside the caller's transaction, refusing individual payments that cannot be posted (unknown
     * vault, wrong currency) without failing the others: everything that can fail for one payment is computed
     * before anything is written. The writes of the batch then go out as batched inserts (one journal batch, one
     * payment-row batch, one activity append).
     */
    public List<Outcome> postEach(Handle handle, List<PaymentEvent> payments) {
        // One lookup for the whole batch; it also collapses a source repeated within the batch.
        Map<String, PostedPayment> posted = findAll(handle, payments.stream().map(PaymentEvent::sourceId)
                .distinct().toList());
        // A payment whose Stripe objects are already linked to another posting is that posting: one charge is
        // one payment, whichever id an event names it by.
        Map<String, String> linked = linkedSources(handle, payments);
        Map<String, PostedPayment> aliases = findAll(handle, linked.values().stream().distinct().toList());
        for (PaymentEvent payment : payments) {
            for (String stripeId : payment.origin().stripeIds()) {
                String other = linked.get(stripeId);
                if (other != null && !other.equals(payment.sourceId()) && aliases.containsKey(other)) {
                    posted.putIfAbsent(payment.sourceId(), aliases.get(other));
                }
            }
        }
        Map<String, List<VaultVersion>> histories = vaults.histories(handle, payments.stream()
                .map(PaymentEvent::vaultId).distinct().toList());
        Map<String, Prepared> preparing = new LinkedHashMap<>();
        Map<String, LicensingException> refused = new LinkedHashMap<>();
        BatchRevenue batchRevenue = new BatchRevenue();
        WindowRevenue stored = new WindowRevenue(handle, payments);
        List<PaymentEvent> unposted = payments.stream().filter(p -> !posted.containsKey(p.sourceId())).toList();
        TierWatch tierWatch = new TierWatch(handle, tiers, unposted.stream()
                .map(p -> new TierWatch.Payment(p.vaultId(), p.occurredAt())).toList());
        ReferrerStates referrers = ReferrerStates.forBatch(handle, vaults, platformTerms, payments, histories);
        for (PaymentEvent payment : payments) {
            String source = payment.sourceId();
            if (posted.containsKey(source) || preparing.containsKey(source) || refused.containsKey(source)) {
                continue;
            }
            try {
                validate(payment);
                List<VaultVersion> history = histories.computeIfAbsent(payment.vaultId(), id -> new ArrayList<>());
                tierWatch.beforePayment(history, payment.vaultId(), payment.occurredAt());
                Prepared prepared = prepare(payment, history, stored, batchRevenue, referrers);
                preparing.put(source, prepared);
                batchRevenue.add(prepared);
                referrers.add(payment);
                tierWatch.afterPayment(history, prepared.terms(), payment.occurredAt(), prepared.split().gross(),
                        source);
            } catch (LicensingException e) {
                refused.put(source, e);
            }
        }
        // Tier versions first: the payment rows written next name them.
        tierWatch.record(handle, vaults);
        // Written in source-id order, a fixed lock order: two instances posting overlapping batches do not deadlock.
        posted.putAll(write(handle, preparing.values().stream()
                .sorted(java.util.Comparator.comparing(p -> p.payment().sourceId())).toList()));
        List<Outcome> outcomes = new ArrayList<>(payments.size());
        java.util.Set<String> reported = new java.util.HashSet<>();
        for (PaymentEvent payment : payments) {
            LicensingException reason = refused.get(payment.sourceId());
            if (reason != null) {
                outcomes.add(new Outcome.Refused(payment, reason));
                continue;
            }
            PostedPayment result = posted.get(payment.sourceId());
            if (!reported.add(payment.sourceId()) && !result.alreadyPosted()) {
                // The same source twice in one batch: the second occurrence finds the first one's posting.
                result = new PostedPayment(result.sourceId(), result.vaultId(), result.journalEntryId(), true,
                        result.split());
            }
            outcomes.add(new Outcome.Posted(payment, result));
        }
        return List.copyOf(outcomes);
    }

    /** A payment ready to write: the terms it was split under, its split and its journal entry. */
    private record Prepared(PaymentEvent payment, VaultVersion terms, SplitResult split, JournalEntry entry) {
    }

    /**
     * Revenue already prepared in this batch, so that a volume bonus sees the earlier payments of the same batch
     * exactly as it would have had they been posted one by one.
     */
    private static final class BatchRevenue {
        private final List<Prepared> prepared = new ArrayList<>();

        void add(Prepared payment) {
            prepared.add(payment);
        }

        long sumMinor(String vaultId, CurrencyUnit currency, Instant from, Instant to) {
            long sum = 0;
            for (Prepared p : prepared) {
                Instant at = p.payment().occurredAt();
                if (p.terms().vault().vaultId().equals(vaultId) && p.split().gross().currency().equals(currency)
                        && !at.isBefore(from) && at.isBefore(to)) {
                    sum = Math.addExact(sum, p.split().gross().amountMinor());
                }
            }
            return sum;
        }
    }

    private Prepared prepare(PaymentEvent payment, List<VaultVersion> history, WindowRevenue stored,
                             BatchRevenue batchRevenue, ReferrerStates referrers) {
        VaultVersion terms = VaultRegistry.inForce(history, payment.occurredAt())
                .orElseThrow(() -> new UnknownVaultException("vault '" + payment.vaultId()
                        + "' is not registered at " + payment.occurredAt() + "; import it first"));
        LicensedVault vault = terms.vault();
        SettlementCurrency.require(vault, payment.gross());
        SplitRequest request = SplitRequest.of(payment.gross(), vault, bonusState(vault, payment.occurredAt(), stored,
                batchRevenue)).withReferrers(referrers.at(vault, payment));
        SplitResult split = SplitEngine.split(payment.actualFee().map(request::withActualFee).orElse(request));
        Instant availableAt = payment.occurredAt().plus(Duration.ofDays(vault.payoutSchedule().holdingPeriodDays()));
        return new Prepared(payment, terms, split, journalEntry(payment, vault, split, availableAt));
    }

    /** Writes prepared payments; returns them keyed by source id (a lost race returns the winner's posting). */
    private Map<String, PostedPayment> write(Handle handle, List<Prepared> batch) {
        Map<String, PostedPayment> results = new LinkedHashMap<>();
        if (batch.isEmpty()) {
            return results;
        }
        List<PostingResult> postings = ledger.postBatch(handle, batch.stream().map(Prepared::entry).toList());
        List<ActivityRecord> activity = new ArrayList<>(batch.size());
        PreparedBatch rows = handle.prepareBatch("""
                INSERT INTO payment (source_id, vault_id, occurred_at, currency, gross_minor, fee_minor,
                    fee_source, partner_minor, master_minor, referrer_minor, vault_version,
                    journal_entry_id, split_json, product_type, metadata_json, charge_currency, charge_amount_minor,
                    exchange_rate, balance_transaction_id, template_id, hosted_platform_id, agent_loop_id, customer_id)
                VALUES (:sourceId, :vaultId, :occurredAt, :currency, :gross, :fee, :feeSource, :partner,
                    :master, :referrer, :vaultVersion, :entryId, :splitJson, :productType, :metadataJson,
                    :chargeCurrency, :chargeAmount, :exchangeRate, :balanceTransactionId, :templateId,
                    :hostedPlatformId, :agentLoopId, :customerId)""");
        PreparedBatch refs = handle.prepareBatch("""
                INSERT INTO payment_stripe_ref (stripe_id, source_id) VALUES (:stripeId, :sourceId)
                ON CONFLICT DO NOTHING""");
        List<String> lostRaces = new ArrayList<>();
        List<Prepared> posted = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            Prepared p = batch.get(i);
            PostingResult posting = postings.get(i);
            if (posting.alreadyPosted()) {
                // Another transaction posted the same source between our check and our insert; its result stands.
                lostRaces.add(p.payment().sourceId());
                continue;
            }
            Map<String, Object> report = SplitReport.toMap(p.split());
            bindPaymentRow(rows, p, posting.entryId(), report).add();
            for (String stripeId : p.payment().origin().stripeIds()) {
                refs.bind("stripeId", stripeId).bind("sourceId", p.payment().sourceId()).add();
            }
            activity.add(activityRecord(p, posting.entryId(), report));
            posted.add(p);
            results.put(p.payment().sourceId(), new PostedPayment(p.payment().sourceId(),
                    p.terms().vault().vaultId(), posting.entryId(), false, p.split()));
        }
        if (rows.size() > 0) {
            rows.execute();
        }
        if (refs.size() > 0) {
            refs.execute();
        }
        saleTaxes.record(handle, posted.stream()
                .map(p -> new TaxableSale(p.payment().sourceId(), p.payment().origin().productType(),
                        p.split().gross(), p.payment().occurredAt(), p.payment().origin().customerLocation()))
                .toList());
        MonthRevenue.add(handle, database.dialect(), posted.stream()
                .map(p -> new MonthRevenue.Posted(p.terms().vault().vaultId(), p.payment().occurredAt(),
                        p.split().gross()))
                .toList());
        if (!activity.isEmpty()) {
            activityLog.append(handle, activity);
        }
        observer.posted(handle, posted.stream().map(Prepared::payment).toList());
        results.putAll(findAll(handle, lostRaces));
        return results;
    }

    private PreparedBatch bindPaymentRow(PreparedBatch rows, Prepared p, long entryId, Map<String, Object> report) {
        PaymentOrigin origin = p.payment().origin();
        SplitResult split = p.split();
        return rows.bind("sourceId", p.payment().sourceId())
                .bind("vaultId", p.terms().vault().vaultId())
                .bind("occurredAt", p.payment().occurredAt().atOffset(ZoneOffset.UTC))
                .bind("currency", split.gross().currency().code())
                .bind("gross", split.gross().amountMinor())
                .bind("fee", split.fee().amountMinor())
                .bind("feeSource", split.feeSource().name())
                .bind("partner", split.partnerPayout().amountMinor())
                .bind("master", split.masterPayout().amountMinor())
                .bind("referrer", split.referrerPayout().amountMinor())
                .bind("vaultVersion", p.terms().version())
                .bind("entryId", entryId)
                .bind("splitJson", toJson(report))
                .bind("productType", origin.productType().orElse(null))
                .bind("metadataJson", origin.metadata().isEmpty() ? null : toJson(new TreeMap<>(origin.metadata())))
                .bind("chargeCurrency", origin.conversion().map(c -> c.charged().currency().code()).orElse(null))
                .bind("chargeAmount", origin.conversion().map(c -> c.charged().amountMinor()).orElse(null))
                .bind("exchangeRate", origin.conversion().map(c -> c.exchangeRate().toPlainString()).orElse(null))
                .bind("balanceTransactionId", origin.conversion().map(PaymentOrigin.Conversion::balanceTransactionId)
                        .orElse(null))
                .bind("templateId", bounded(origin.metadataValue(PaymentOrigin.TEMPLATE_ID), 100))
                .bind("hostedPlatformId", bounded(origin.metadataValue(PaymentOrigin.HOSTED_PLATFORM_ID), 100))
                .bind("agentLoopId", bounded(origin.metadataValue(PaymentOrigin.AGENT_LOOP_ID), 100))
                .bind("customerId", bounded(origin.customerId(), 255));
    }

    /**
     * A metadata value for an indexed column, or null when it is too long: Stripe allows 500-character values, the
     * columns hold ids. The full value stays in metadata_json either way.
     */
    private static String bounded(Optional<String> value, int maxChars) {
        return value.filter(v -> v.length() <= maxChars).orElse(null);
    }

    private static ActivityRecord activityRecord(Prepared p, long entryId, Map<String, Object> report) {
        PaymentOrigin origin = p.payment().origin();
        Map<String, Object> payload = new LinkedHashMap<>(report);
        payload.put("journalEntryId", entryId);
        payload.put("vaultVersion", p.terms().version());
        payload.put("licenseType", p.terms().vault().licenseType().wireName());
        if (!origin.stripeIds().isEmpty()) {
            payload.put("stripeIds", origin.stripeIds());
        }
        origin.productType().ifPresent(type -> payload.put("productType", type));
        origin.feeNote().ifPresent(note -> payload.put("feeNote", note));
        origin.conversion().ifPresent(c -> payload.put("conversion", Map.of(
                "charged", c.charged().toString(),
                "exchangeRate", c.exchangeRate().toPlainString(),
                "balanceTransaction", c.balanceTransactionId(),
                "settled", p.split().gross().toString())));
        return ActivityRecord.of(p.payment().occurredAt(), ACTIVITY_TYPE, payload)
                .forVault(p.terms().vault().vaultId()).fromSource(p.payment().sourceId());
    }

    /** The bonus facts for a vault at a moment: its revenue over the volume window before it, months licensed. */
    public BonusState bonusState(LicensedVault vault, Instant at) {
        return database.jdbi().withHandle(handle -> bonusState(vault, at, WindowRevenue.single(handle),
                new BatchRevenue()));
    }

    public Optional<PostedPayment> find(String sourceId) {
        return database.jdbi().withHandle(handle -> Optional.ofNullable(findAll(handle, List.of(sourceId))
                .get(sourceId)));
    }

    /**
     * The accounting model of a payment (see docs/ARCHITECTURE.md): Dr Stripe clearing the net, Dr processing fees
     * the fee; Cr the partner's and each referrer's pending payable, Cr platform revenue the master share plus fee.
     */
    static JournalEntry journalEntry(PaymentEvent payment, LicensedVault vault, SplitResult split,
                                     Instant availableAt) {
        CurrencyUnit currency = split.gross().currency();
        JournalEntry.Builder entry = JournalEntry.builder(payment.sourceId(), JOURNAL_KIND, payment.occurredAt())
                .availableAt(availableAt)
                .description("payment " + split.gross() + " to " + vault.vaultId());
        entry.debit(AccountRef.stripeClearing(currency), split.net());
        entry.debit(AccountRef.processingFees(currency), split.fee());
        for (SplitLine line : split.lines()) {
            switch (line.party()) {
                case Party.ProcessingFee fee -> { }
                case Party.Partner partner -> entry.credit(postedTo(partner, currency), line.amount());
                case Party.Referrer referrer -> entry.credit(postedTo(referrer, currency), line.amount());
                case Party.Master master -> entry.credit(postedTo(master, currency), line.amount().plus(split.fee()));
            }
        }
        return entry.build();
    }

    /**
     * The account a split line's amount goes to when its payment is posted: the partner's and each referrer's
     * pending payable, platform revenue for the master share; the processing fee is what Stripe kept, an expense.
     */
    public static AccountRef postedTo(Party party, CurrencyUnit currency) {
        return switch (party) {
            case Party.ProcessingFee fee -> AccountRef.processingFees(currency);
            case Party.Partner partner -> AccountRef.vaultPending(partner.id(), currency);
            case Party.Referrer referrer -> AccountRef.referrerPending(referrer.id(), currency);
            case Party.Master master -> AccountRef.platformRevenue(currency);
        };
    }

    private BonusState bonusState(LicensedVault vault, Instant at, WindowRevenue stored, BatchRevenue batchRevenue) {
        CurrencyUnit currency = vault.settlementCurrency();
        Money revenue = vault.revenueSharing().volumeBonus().map(bonus -> {
            Duration window = Duration.ofDays(bonus.windowDays());
            long sum = stored.sumMinor(vault.vaultId(), currency, window, at);
            return Money.ofMinor(Math.addExact(sum, batchRevenue.sumMinor(vault.vaultId(), currency,
                    at.minus(window), at)), currency);
        }).orElse(Money.zero(currency));
        return new BonusState(revenue, BonusStates.monthsLicensed(vault, at));
    }

    /** Stripe id → the source id of the payment it is linked to, for every Stripe id the payments name. */
    private static Map<String, String> linkedSources(Handle handle, List<PaymentEvent> payments) {
        List<String> stripeIds = payments.stream().flatMap(p -> p.origin().stripeIds().stream()).distinct().toList();
        Map<String, String> linked = new LinkedHashMap<>();
        if (!stripeIds.isEmpty()) {
            handle.createQuery("SELECT stripe_id, source_id FROM payment_stripe_ref WHERE stripe_id IN (<ids>)")
                    .bindList("ids", stripeIds)
                    .map((rs, ctx) -> Map.entry(rs.getString("stripe_id"), rs.getString("source_id")))
                    .forEach(e -> linked.put(e.getKey(), e.getValue()));
        }
        return linked;
    }

    /** The stored postings among {@code sourceIds} (at most a batch), keyed by source id; all marked already posted. */
    private Map<String, PostedPayment> findAll(Handle handle, List<String> sourceIds) {
        Map<String, PostedPayment> found = new LinkedHashMap<>();
        if (sourceIds.isEmpty()) {
            return found;
        }
        handle.createQuery("""
                        SELECT source_id, vault_id, journal_entry_id, split_json FROM payment
                        WHERE source_id IN (<sourceIds>)""")
                .bindList("sourceIds", sourceIds)
                .map((rs, ctx) -> new PostedPayment(rs.getString("source_id"), rs.getString("vault_id"),
                        rs.getLong("journal_entry_id"), true, SplitReport.fromMap(fromJson(rs.getString("split_json")))))
                .forEach(p -> found.put(p.sourceId(), p));
        return found;
    }

    private static void validate(PaymentEvent payment) {
        if (payment.sourceId().isBlank() || payment.sourceId().length() > PaymentEvent.SOURCE_ID_CHARS_MAX) {
            throw new LicensingException("invalid_source_id", "source id must be 1 to "
                    + PaymentEvent.SOURCE_ID_CHARS_MAX + " characters");
        }
        if (!payment.gross().isPositive()) {
            throw new LicensingException("invalid_amount", "payment " + payment.sourceId()
                    + ": gross must be positive, got " + payment.gross());
        }
    }

    private Map<String, Object> fromJson(String text) {
        try {
            return json.readValue(text, new com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>>() {
            });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored split is not valid JSON", e);
        }
    }

    private String toJson(Map<String, Object> value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("split report is not serialisable", e);
        }
    }
}
