package ai.mirroros.licensing.revenue;

import ai.mirroros.licensing.LicensingException;
import ai.mirroros.licensing.ledger.AccountRef;
import ai.mirroros.licensing.ledger.ActivityLog;
import ai.mirroros.licensing.ledger.ActivityRecord;
import ai.mirroros.licensing.ledger.JournalEntry;
import ai.mirroros.licensing.ledger.Ledger;
import ai.mirroros.licensing.ledger.PostingResult;
import ai.mirroros.licensing.money.Allocation;
import ai.mirroros.licensing.money.CurrencyUnit;
import ai.mirroros.licensing.money.Money;
import ai.mirroros.licensing.split.Party;
import ai.mirroros.licensing.split.SplitLine;
import ai.mirroros.licensing.split.SplitReport;
import ai.mirroros.licensing.split.SplitResult;
import ai.mirroros.licensing.store.Dialect;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
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
 * Refunds and disputes: they claw back the original split of a payment, line by line, exact to the cent.
 *
 * <p>The rule, in one place: a payment keeps a cumulative <em>reversed</em> amount (refunded + held by open disputes
 * + lost to disputes). The clawback due on a reversed amount R is R allocated over the original split lines by
 * largest remainder (processing fee, partner, referrers, master); each change of R posts the difference between the
 * clawback due on the new R and on the old one. So partial refunds add up to exactly the full clawback, a full
 * refund returns every party to zero, and Stripe's cumulative {@code amount_refunded} makes redelivered or reordered
 * refund events harmless. The payment row is locked while it changes so that two engines cannot both apply a delta.
 *
 * <p>Accounts: partner and referrer lines hit the pending payable (with the original's holding date) while the
 * original payment is still pending, the available payable once it was released — which may go negative if it was
 * already paid out; the next payout nets it. The processing-fee and master lines come back from platform revenue
 * (Stripe keeps its fee on a refund, so the platform bears it). The counter-account says where the money went: Stripe
 * clearing for a refund, disputes held while a dispute is open.
 *
 * <p>Each change of the refunded or lost total also appends a payment_reversal row (its time and the totals after
 * it), so that VAT is adjusted in the period of the refund or lost dispute (tax.VatReport); holds and won disputes
 * write none.
 */
public final class PaymentAdjustments {
    public static final String ACTIVITY_REFUND = "payment.refunded";
    public static final String ACTIVITY_DISPUTE_OPENED = "payment.dispute_opened";
    public static final String ACTIVITY_DISPUTE_CLOSED = "payment.dispute_closed";
    private static final String DISPUTE_HOLD_PREFIX = "dispute-hold:";

    private final Ledger ledger;
    private final ActivityLog activityLog;
    private final Dialect dialect;
    private final DisputePolicy disputePolicy;
    private final ObjectMapper json;

    /** Who pays Stripe's dispute fee when a dispute is lost, and how much (in major units of the payment currency). */
    public record DisputePolicy(String feeMajorUnits, Bearer bearer) {
        /** Stripe's standard dispute fee in the US is 15.00; configurable because it varies by country. */
        public static final DisputePolicy DEFAULT = new DisputePolicy("15.00", Bearer.PARTNER);

        public enum Bearer { PARTNER, PLATFORM }

        public DisputePolicy {
            Objects.requireNonNull(feeMajorUnits, "feeMajorUnits");
            Objects.requireNonNull(bearer, "bearer");
            if (Money.parse(feeMajorUnits, CurrencyUnit.USD).isNegative()) {
                throw new LicensingException("invalid_dispute_fee", "dispute fee must not be negative");
            }
        }

        Money fee(CurrencyUnit currency) {
            return Money.parse(feeMajorUnits, currency);
        }
    }

    /** A change Stripe reported on a payment, naming it by any of its Stripe ids. */
    public sealed interface Adjustment permits Refund, DisputeOpened, DisputeClosed {
        List<String> stripeRefs();

        Instant occurredAt();
    }

    /** Stripe's {@code amount_refunded} on the charge: the total refunded so far, in the charge currency. */
    public record Refund(List<String> stripeRefs, Money refundedToDate, Instant occurredAt) implements Adjustment {
        public Refund {
            stripeRefs = List.copyOf(stripeRefs);
            Objects.requireNonNull(refundedToDate, "refundedToDate");
            Objects.requireNonNull(occurredAt, "occurredAt");
        }
    }

    public record DisputeOpened(String disputeId, List<String> stripeRefs, Money amount, Instant occurredAt)
            implements Adjustment {
        public DisputeOpened {
            Objects.requireNonNull(disputeId, "disputeId");
            stripeRefs = List.copyOf(stripeRefs);
            Objects.requireNonNull(amount, "amount");
            Objects.requireNonNull(occurredAt, "occurredAt");
        }
    }

    public record DisputeClosed(String disputeId, List<String> stripeRefs, Money amount, boolean won,
                                Instant occurredAt) implements Adjustment {
        public DisputeClosed {
            Objects.requireNonNull(disputeId, "disputeId");
            stripeRefs = List.copyOf(stripeRefs);
            Objects.requireNonNull(amount, "amount");
            Objects.requireNonNull(occurredAt, "occurredAt");
        }
    }

    /** What applying an adjustment did. */
    public sealed interface Result {
        /** Posted; {@code summary} is a line for the event's record. */
        record Applied(String paymentSourceId, List<String> journalSources, String summary) implements Result {
        }

        /** Nothing to do: already applied (a redelivery, or a later cumulative refund got there first). */
        record NoChange(String paymentSourceId, String why) implements Result {
        }

        /** The payment it refers to has not been posted yet (events out of order). */
        record AwaitingPayment(String stripeRef) implements Result {
        }
    }

    public PaymentAdjustments(Ledger ledger, ActivityLog activityLog, Dialect dialect, DisputePolicy disputePolicy,
                              ObjectMapper json) {
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.activityLog = Objects.requireNonNull(activityLog, "activityLog");
        this.dialect = Objects.requireNonNull(dialect, "dialect");
        this.disputePolicy = Objects.requireNonNull(disputePolicy, "disputePolicy");
        this.json = Objects.requireNonNull(json, "json");
    }

    /**
     * The rule every clawback follows: {@code reversedMinor} (refunded plus disputed, in the payment's settlement
     * currency) allocated over the payment's original split lines by largest remainder, so the parts sum to it
     * exactly. Index i is taken back from line i. Reports that net refunds out of a line use this same rule.
     */
    public static long[] clawbackPerLine(SplitResult split, long reversedMinor) {
        List<SplitLine> lines = split.lines();
        long[] weights = new long[lines.size()];
        for (int i = 0; i < weights.length; i++) {
            weights[i] = lines.get(i).amount().amountMinor();
        }
        return Allocation.allocate(reversedMinor, weights);
    }

    /** Applies one adjustment inside the caller's transaction. */
    public Result apply(Handle handle, Adjustment adjustment) {
        if (adjustment.stripeRefs().isEmpty()) {
            throw new LicensingException("missing_payment_reference", "a refund or dispute must name the payment "
                    + "intent or charge it is about");
        }
        Optional<String> source = paymentFor(handle, adjustment.stripeRefs());
        if (source.isEmpty()) {
            return new Result.AwaitingPayment(adjustment.stripeRefs().getFirst());
        }
        PaymentState payment = lock(handle, source.get());
        return switch (adjustment) {
            case Refund refund -> refund(handle, payment, refund);
            case DisputeOpened opened -> openDispute(handle, payment, opened);
            case DisputeClosed closed -> closeDispute(handle, payment, closed);
        };
    }

    private Result refund(Handle handle, PaymentState payment, Refund refund) {
        long target = payment.toSettlement(refund.refundedToDate());
        long ceiling = payment.grossMinor() - payment.heldMinor() - payment.lostMinor();
        long refunded = Math.min(target, ceiling);
        if (refunded <= payment.refundedMinor()) {
            return new Result.NoChange(payment.sourceId(), "refunds up to " + money(payment, refunded)
                    + " are already clawed back (" + money(payment, payment.refundedMinor()) + " in all)");
        }
        String sourceId = "refund:" + payment.sourceId() + ":" + refunded;
        PaymentState after = payment.withRefunded(refunded);
        long delta = refunded - payment.refundedMinor();
        JournalEntry.Builder entry = clawback(handle, sourceId, refund.occurredAt(), payment, after)
                .credit(AccountRef.stripeClearing(payment.currency()), Money.ofMinor(delta, payment.currency()))
                .description("refund of " + money(payment, delta) + " on payment " + payment.sourceId());
        String summary = "refund clawed back " + money(payment, delta) + " (refunded " + money(payment, refunded)
                + " of " + money(payment, payment.grossMinor()) + ")";
        post(handle, entry.build(), payment, after, ACTIVITY_REFUND, Map.of("refunded", money(payment, delta),
                "refundedToDate", money(payment, refunded)));
        return new Result.Applied(payment.sourceId(), List.of(sourceId), summary);
    }

    private Result openDispute(Handle handle, PaymentState payment, DisputeOpened opened) {
        String sourceId = holdSource(opened.disputeId());
        if (ledger.findPosting(handle, sourceId).isPresent()) {
            return new Result.NoChange(payment.sourceId(), "dispute " + opened.disputeId() + " is already held");
        }
        long room = payment.grossMinor() - payment.reversedMinor();
        long held = Math.min(payment.toSettlement(opened.amount()), room);
        if (held <= 0) {
            return new Result.NoChange(payment.sourceId(), "dispute " + opened.disputeId()
                    + ": nothing left to hold, the payment is fully reversed");
        }
        PaymentState after = payment.withHeld(payment.heldMinor() + held);
        JournalEntry.Builder entry = clawback(handle, sourceId, opened.occurredAt(), payment, after)
                .credit(AccountRef.disputesHeld(payment.currency()), Money.ofMinor(held, payment.currency()))
                .description("dispute " + opened.disputeId() + " holds " + money(payment, held) + " of payment "
                        + payment.sourceId());
        post(handle, entry.build(), payment, after, ACTIVITY_DISPUTE_OPENED, Map.of("dispute", opened.disputeId(),
                "held", money(payment, held)));
        return new Result.Applied(payment.sourceId(), List.of(sourceId), "dispute " + opened.disputeId()
                + " holds " + money(payment, held));
    }

    private Result closeDispute(Handle handle, PaymentState payment, DisputeClosed closed) {
        List<String> sources = new ArrayList<>();
        if (ledger.findPosting(handle, holdSource(closed.disputeId())).isEmpty()) {
            // The close overtook the open: hold first, so that both orders end in the same ledger.
            Result hold = openDispute(handle, payment, new DisputeOpened(closed.disputeId(), closed.stripeRefs(),
                    closed.amount(), closed.occurredAt()));
            if (hold instanceof Result.Applied) {
                sources.add(holdSource(closed.disputeId()));
                payment = lock(handle, payment.sourceId());
            }
        }
        String sourceId = "dispute-" + (closed.won() ? "won" : "lost") + ":" + closed.disputeId();
        String other = "dispute-" + (closed.won() ? "lost" : "won") + ":" + closed.disputeId();
        if (ledger.findPosting(handle, sourceId).isPresent() || ledger.findPosting(handle, other).isPresent()) {
            return sources.isEmpty()
                    ? new Result.NoChange(payment.sourceId(), "dispute " + closed.disputeId() + " is already closed")
                    : new Result.Applied(payment.sourceId(), sources, "dispute " + closed.disputeId() + " held");
        }
        long held = heldBy(handle, closed.disputeId(), payment.currency());
        CurrencyUnit currency = payment.currency();
        if (held == 0 && (closed.won() || disputePolicy.fee(currency).isZero())) {
            return new Result.NoChange(payment.sourceId(), "dispute " + closed.disputeId()
                    + " closed with nothing held");
        }
        Money heldMoney = Money.ofMinor(held, currency);
        JournalEntry.Builder entry;
        PaymentState after;
        String summary;
        if (closed.won()) {
            after = payment.withHeld(payment.heldMinor() - held);
            entry = clawback(handle, sourceId, closed.occurredAt(), payment, after)
                    .debit(AccountRef.disputesHeld(currency), heldMoney);
            summary = "dispute " + closed.disputeId() + " won: " + money(payment, held) + " released to the parties";
        } else {
            after = payment.withHeld(payment.heldMinor() - held).withLost(payment.lostMinor() + held);
            Money fee = disputePolicy.fee(currency);
            entry = JournalEntry.builder(sourceId, JournalEntry.KIND_ADJUSTMENT, closed.occurredAt())
                    .debit(AccountRef.disputesHeld(currency), heldMoney)
                    .credit(AccountRef.stripeClearing(currency), heldMoney.plus(fee));
            Optional<Instant> pendingUntil = ledger.pendingUntil(handle, payment.journalEntryId());
            pendingUntil.ifPresent(entry::availableAt);
            entry.debit(disputePolicy.bearer() == DisputePolicy.Bearer.PARTNER
                    ? partnerAccount(payment.vaultId(), currency, pendingUntil.isPresent())
                    : AccountRef.platformRevenue(currency), fee);
            summary = "dispute " + closed.disputeId() + " lost: " + money(payment, held) + " to the customer, fee "
                    + fee + " borne by the " + disputePolicy.bearer().name().toLowerCase(java.util.Locale.ROOT);
        }
        entry.description(summary.length() > JournalEntry.MAX_DESCRIPTION_LENGTH
                ? summary.substring(0, JournalEntry.MAX_DESCRIPTION_LENGTH) : summary);
        post(handle, entry.build(), payment, after, ACTIVITY_DISPUTE_CLOSED, Map.of("dispute", closed.disputeId(),
                "outcome", closed.won() ? "won" : "lost", "amount", money(payment, held)));
        sources.add(sourceId);
        return new Result.Applied(payment.sourceId(), sources, summary);
    }

    /**
     * An entry moving each split line's share of the change in the reversed amount: a debit to the party when more
     * is reversed, a credit when less (a dispute won). The caller adds the counter-line.
     */
    private JournalEntry.Builder clawback(Handle handle, String sourceId, Instant at, PaymentState before,
                                          PaymentState after) {
        JournalEntry.Builder entry = JournalEntry.builder(sourceId, JournalEntry.KIND_ADJUSTMENT, at);
        Optional<Instant> pendingUntil = ledger.pendingUntil(handle, before.journalEntryId());
        pendingUntil.ifPresent(entry::availableAt);
        long[] was = before.clawbackPerLine();
        long[] now = after.clawbackPerLine();
        List<SplitLine> lines = before.split().lines();
        CurrencyUnit currency = before.currency();
        for (int i = 0; i < lines.size(); i++) {
            long delta = now[i] - was[i];
            AccountRef account = switch (lines.get(i).party()) {
                case Party.Partner partner -> partnerAccount(partner.id(), currency, pendingUntil.isPresent());
                case Party.Referrer referrer -> pendingUntil.isPresent()
                        ? AccountRef.referrerPending(referrer.id(), currency)
                        : AccountRef.referrerAvailable(referrer.id(), currency);
                case Party.Master master -> AccountRef.platformRevenue(currency);
                case Party.ProcessingFee fee -> AccountRef.platformRevenue(currency);
            };
            if (delta > 0) {
                entry.debit(account, Money.ofMinor(delta, currency));
            } else if (delta < 0) {
                entry.credit(account, Money.ofMinor(-delta, currency));
            }
        }
        return entry;
    }

    private static AccountRef partnerAccount(String vaultId, CurrencyUnit currency, boolean pending) {
        return pending ? AccountRef.vaultPending(vaultId, currency) : AccountRef.vaultAvailable(vaultId, currency);
    }

    private void post(Handle handle, JournalEntry entry, PaymentState before, PaymentState after,
                      String activityType, Map<String, Object> details) {
        PostingResult posting = ledger.post(handle, entry);
        if (posting.alreadyPosted()) {
            // Same cumulative state reached by another delivery under the payment lock: nothing changed.
            return;
        }
        handle.createUpdate("""
                        UPDATE payment SET refunded_minor = :refunded, disputed_held_minor = :held,
                            dispute_lost_minor = :lost
                        WHERE source_id = :sourceId""")
                .bind("refunded", after.refundedMinor())
                .bind("held", after.heldMinor())
                .bind("lost", after.lostMinor())
                .bind("sourceId", after.sourceId())
                .execute();
        if (after.refundedMinor() != before.refundedMinor() || after.lostMinor() != before.lostMinor()) {
            // Money that went back to the customer for good: VAT is adjusted in the period of this event
            // (tax.VatReport). Holds and won disputes reverse nothing for tax, so they write no row.
            handle.createUpdate("""
                            INSERT INTO payment_reversal (source_id, payment_source_id, occurred_at,
                                refunded_after_minor, dispute_lost_after_minor)
                            VALUES (:sourceId, :payment, :at, :refunded, :lost)""")
                    .bind("sourceId", entry.sourceId())
                    .bind("payment", after.sourceId())
                    .bind("at", entry.occurredAt().atOffset(ZoneOffset.UTC))
                    .bind("refunded", after.refundedMinor())
                    .bind("lost", after.lostMinor())
                    .execute();
        }
        Map<String, Object> payload = new LinkedHashMap<>(details);
        payload.put("payment", after.sourceId());
        payload.put("journalEntryId", posting.entryId());
        payload.put("reversedToDate", money(after, after.reversedMinor()));
        activityLog.append(handle, List.of(ActivityRecord.of(entry.occurredAt(), activityType, payload)
                .forVault(after.vaultId()).fromSource(entry.sourceId())));
    }

    private static String holdSource(String disputeId) {
        return DISPUTE_HOLD_PREFIX + disputeId;
    }

    /**
     * What open disputes hold of {@code ownerId}'s earnings in {@code currency}: its own share and its referrer
     * commissions that the hold entries of disputes not yet won or lost took back. A won dispute gives them back and
     * a lost one keeps them for good, so neither counts.
     */
    public static Money heldByOpenDisputes(Handle handle, String ownerId, CurrencyUnit currency) {
        long held = handle.createQuery("""
                        SELECT COALESCE(SUM(l.amount_minor), 0) FROM journal_line l
                        JOIN journal_entry e ON e.entry_id = l.entry_id
                        WHERE l.owner_id = :owner AND l.currency = :currency AND e.source_id LIKE :holds
                          AND NOT EXISTS (SELECT 1 FROM journal_entry c
                              WHERE c.source_id = CONCAT(:won, SUBSTRING(e.source_id, :idFrom))
                                 OR c.source_id = CONCAT(:lost, SUBSTRING(e.source_id, :idFrom)))""")
                .bind("owner", ownerId)
                .bind("currency", currency.code())
                .bind("holds", DISPUTE_HOLD_PREFIX + "%")
                .bind("won", "dispute-won:")
                .bind("lost", "dispute-lost:")
                .bind("idFrom", DISPUTE_HOLD_PREFIX.length() + 1)
                .mapTo(Long.class)
                .one();
        // The hold debits the owner's payable accounts: a positive sum is what is held from it.
        return Money.ofMinor(held, currency);
    }

    /** What the hold entry of a dispute moved into disputes held. */
    private static long heldBy(Handle handle, String disputeId, CurrencyUnit currency) {
        return handle.createQuery("""
                        SELECT COALESCE(-SUM(l.amount_minor), 0) FROM journal_line l
                        JOIN journal_entry e ON e.entry_id = l.entry_id
                        WHERE e.source_id = :source AND l.account_key = :account""")
                .bind("source", holdSource(disputeId))
                .bind("account", AccountRef.disputesHeld(currency).key())
                .mapTo(Long.class)
                .one();
    }

    private static Optional<String> paymentFor(Handle handle, List<String> stripeRefs) {
        if (stripeRefs.isEmpty()) {
            return Optional.empty();
        }
        return handle.createQuery("SELECT source_id FROM payment_stripe_ref WHERE stripe_id IN (<refs>)")
                .bindList("refs", stripeRefs)
                .mapTo(String.class)
                .findFirst();
    }

    private PaymentState lock(Handle handle, String sourceId) {
        return handle.createQuery("""
                        SELECT source_id, vault_id, currency, gross_minor, charge_currency, charge_amount_minor,
                            journal_entry_id, split_json, refunded_minor, disputed_held_minor, dispute_lost_minor
                        FROM payment WHERE source_id = :sourceId""" + dialect.forUpdate())
                .bind("sourceId", sourceId)
                .map((rs, ctx) -> new PaymentState(rs.getString("source_id"), rs.getString("vault_id"),
                        CurrencyUnit.of(rs.getString("currency")), rs.getLong("gross_minor"),
                        Optional.ofNullable(rs.getString("charge_currency")).map(CurrencyUnit::of),
                        rs.getLong("charge_amount_minor"), rs.getLong("journal_entry_id"),
                        SplitReport.fromMap(readMap(rs.getString("split_json"))), rs.getLong("refunded_minor"),
                        rs.getLong("disputed_held_minor"), rs.getLong("dispute_lost_minor")))
                .one();
    }

    private Map<String, Object> readMap(String text) {
        try {
            return json.readValue(text, new TypeReference<Map<String, Object>>() {
            });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored split is not valid JSON", e);
        }
    }

    private static String money(PaymentState payment, long minor) {
        return Money.ofMinor(minor, payment.currency()).toString();
    }

    /** A payment's facts and adjustment totals, read under its row lock. */
    record PaymentState(String sourceId, String vaultId, CurrencyUnit currency, long grossMinor,
                        Optional<CurrencyUnit> chargeCurrency, long chargeAmountMinor, long journalEntryId,
                        SplitResult split, long refundedMinor, long heldMinor, long lostMinor) {

        long reversedMinor() {
            return refundedMinor + heldMinor + lostMinor;
        }

        PaymentState withRefunded(long refunded) {
            return new PaymentState(sourceId, vaultId, currency, grossMinor, chargeCurrency, chargeAmountMinor,
                    journalEntryId, split, refunded, heldMinor, lostMinor);
        }

        PaymentState withHeld(long held) {
            return new PaymentState(sourceId, vaultId, currency, grossMinor, chargeCurrency, chargeAmountMinor,
                    journalEntryId, split, refundedMinor, held, lostMinor);
        }

        PaymentState withLost(long lost) {
            return new PaymentState(sourceId, vaultId, currency, grossMinor, chargeCurrency, chargeAmountMinor,
                    journalEntryId, split, refundedMinor, heldMinor, lost);
        }

        /** The reversed amount allocated over the original split lines, by largest remainder. */
        long[] clawbackPerLine() {
            return PaymentAdjustments.clawbackPerLine(split, reversedMinor());
        }

        /**
         * An amount Stripe reports in the charge currency, in the settlement currency: as is when the charge was
         * not converted, else the same proportion of the settled gross (largest remainder, so the whole charge is
         * exactly the whole gross). Refunds thus reverse at the rate of the original charge.
         */
        long toSettlement(Money charged) {
            CurrencyUnit expected = chargeCurrency.orElse(currency);
            if (!charged.currency().equals(expected)) {
                throw new LicensingException("currency_mismatch", "payment " + sourceId + " was charged in "
                        + expected + " but the adjustment is in " + charged.currency());
            }
            long amount = Math.max(0, charged.amountMinor());
            if (chargeCurrency.isEmpty()) {
                return Math.min(amount, grossMinor);
            }
            if (amount >= chargeAmountMinor) {
                return grossMinor;
            }
            return Allocation.allocate(grossMinor, amount, chargeAmountMinor - amount)[0];
        }
    }
}
