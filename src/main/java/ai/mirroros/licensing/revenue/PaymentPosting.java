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
import ai.mirroros.licensing.split.BonusState;
import ai.mirroros.licensing.split.Party;
import ai.mirroros.licensing.split.SplitEngine;
import ai.mirroros.licensing.split.SplitLine;
import ai.mirroros.licensing.split.SplitReport;
import ai.mirroros.licensing.split.SplitRequest;
import ai.mirroros.licensing.split.SplitResult;
import ai.mirroros.licensing.store.Database;
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
import org.jdbi.v3.core.Handle;

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

    public PaymentPosting(Database database, VaultRegistry vaults, Ledger ledger, ActivityLog activityLog,
                          ObjectMapper json) {
        this.database = Objects.requireNonNull(database, "database");
        this.vaults = Objects.requireNonNull(vaults, "vaults");
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.activityLog = Objects.requireNonNull(activityLog, "activityLog");
        this.json = Objects.requireNonNull(json, "json");
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

    /** Posts inside the caller's transaction, e.g. together with marking webhook events processed. */
    public List<PostedPayment> postBatch(Handle handle, List<PaymentEvent> payments) {
        List<PostedPayment> results = new ArrayList<>(payments.size());
        List<ActivityRecord> activity = new ArrayList<>();
        payments.forEach(PaymentPosting::validate);
        // One lookup for the whole batch; it also collapses a source repeated within the batch.
        Map<String, PostedPayment> posted = findAll(handle, payments.stream().map(PaymentEvent::sourceId)
                .distinct().toList());
        for (PaymentEvent payment : payments) {
            PostedPayment first = posted.get(payment.sourceId());
            if (first != null) {
                results.add(new PostedPayment(first.sourceId(), first.vaultId(), first.journalEntryId(), true,
                        first.split()));
                continue;
            }
            PostedPayment fresh = postOne(handle, payment, activity);
            posted.put(payment.sourceId(), fresh);
            results.add(fresh);
        }
        if (!activity.isEmpty()) {
            activityLog.append(handle, activity);
        }
        return List.copyOf(results);
    }

    /** The bonus facts for a vault at a moment: its revenue over the volume window before it, months licensed. */
    public BonusState bonusState(LicensedVault vault, Instant at) {
        return database.jdbi().withHandle(handle -> bonusState(handle, vault, at));
    }

    public Optional<PostedPayment> find(String sourceId) {
        return database.jdbi().withHandle(handle -> Optional.ofNullable(findAll(handle, List.of(sourceId))
                .get(sourceId)));
    }

    private PostedPayment postOne(Handle handle, PaymentEvent payment, List<ActivityRecord> activity) {
        VaultVersion terms = vaults.find(handle, payment.vaultId(), payment.occurredAt())
                .orElseThrow(() -> new UnknownVaultException("vault '" + payment.vaultId()
                        + "' is not registered at " + payment.occurredAt() + "; import it first"));
        LicensedVault vault = terms.vault();
        SettlementCurrency.require(vault, payment.gross());
        SplitRequest request = SplitRequest.of(payment.gross(), vault, bonusState(handle, vault,
                payment.occurredAt()));
        SplitResult split = SplitEngine.split(payment.actualFee().map(request::withActualFee).orElse(request));
        Instant availableAt = payment.occurredAt().plus(Duration.ofDays(vault.payoutSchedule().holdingPeriodDays()));
        PostingResult posting = ledger.post(handle, journalEntry(payment, vault, split, availableAt));
        if (posting.alreadyPosted()) {
            // Another transaction posted the same source between our check and our insert; its result stands.
            return Optional.ofNullable(findAll(handle, List.of(payment.sourceId())).get(payment.sourceId()))
                    .orElseThrow();
        }
        Map<String, Object> report = SplitReport.toMap(split);
        handle.createUpdate("""
                        INSERT INTO payment (source_id, vault_id, occurred_at, currency, gross_minor, fee_minor,
                            fee_source, partner_minor, master_minor, referrer_minor, vault_version,
                            journal_entry_id, split_json)
                        VALUES (:sourceId, :vaultId, :occurredAt, :currency, :gross, :fee, :feeSource, :partner,
                            :master, :referrer, :vaultVersion, :entryId, :splitJson)""")
                .bind("sourceId", payment.sourceId())
                .bind("vaultId", vault.vaultId())
                .bind("occurredAt", payment.occurredAt().atOffset(ZoneOffset.UTC))
                .bind("currency", split.gross().currency().code())
                .bind("gross", split.gross().amountMinor())
                .bind("fee", split.fee().amountMinor())
                .bind("feeSource", split.feeSource().name())
                .bind("partner", split.partnerPayout().amountMinor())
                .bind("master", split.masterPayout().amountMinor())
                .bind("referrer", split.referrerPayout().amountMinor())
                .bind("vaultVersion", terms.version())
                .bind("entryId", posting.entryId())
                .bind("splitJson", toJson(report))
                .execute();
        Map<String, Object> payload = new LinkedHashMap<>(report);
        payload.put("journalEntryId", posting.entryId());
        payload.put("vaultVersion", terms.version());
        payload.put("licenseType", vault.licenseType().wireName());
        activity.add(ActivityRecord.of(payment.occurredAt(), ACTIVITY_TYPE, payload)
                .forVault(vault.vaultId()).fromSource(payment.sourceId()));
        return new PostedPayment(payment.sourceId(), vault.vaultId(), posting.entryId(), false, split);
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
                case Party.Partner partner -> entry.credit(AccountRef.vaultPending(partner.id(), currency),
                        line.amount());
                case Party.Referrer referrer -> entry.credit(AccountRef.referrerPending(referrer.id(), currency),
                        line.amount());
                case Party.Master master -> entry.credit(AccountRef.platformRevenue(currency),
                        line.amount().plus(split.fee()));
            }
        }
        return entry.build();
    }

    private BonusState bonusState(Handle handle, LicensedVault vault, Instant at) {
        CurrencyUnit currency = vault.settlementCurrency();
        Money revenue = vault.revenueSharing().volumeBonus().map(bonus -> {
            Instant from = at.minus(Duration.ofDays(bonus.windowDays()));
            Long sum = handle.createQuery("""
                            SELECT COALESCE(SUM(gross_minor), 0) FROM payment
                            WHERE vault_id = :vaultId AND currency = :currency
                              AND occurred_at >= :from AND occurred_at < :at""")
                    .bind("vaultId", vault.vaultId())
                    .bind("currency", currency.code())
                    .bind("from", from.atOffset(ZoneOffset.UTC))
                    .bind("at", at.atOffset(ZoneOffset.UTC))
                    .mapTo(Long.class)
                    .one();
            return Money.ofMinor(sum, currency);
        }).orElse(Money.zero(currency));
        return new BonusState(revenue, BonusStates.monthsLicensed(vault, at));
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
