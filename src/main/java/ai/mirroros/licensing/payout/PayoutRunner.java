package ai.mirroros.licensing.payout;

import ai.mirroros.licensing.ledger.ActivityLog;
import ai.mirroros.licensing.ledger.ActivityRecord;
import ai.mirroros.licensing.ledger.JournalEntry;
import ai.mirroros.licensing.ledger.Ledger;
import ai.mirroros.licensing.money.Money;
import ai.mirroros.licensing.payout.PayoutStore.Available;
import ai.mirroros.licensing.payout.PayoutStore.Skip;
import ai.mirroros.licensing.payout.PayoutStore.Transition;
import ai.mirroros.licensing.payout.TransferGateway.Attempt;
import ai.mirroros.licensing.payout.TransferGateway.FoundTransfer;
import ai.mirroros.licensing.store.Database;
import ai.mirroros.licensing.vault.LicensedVault;
import ai.mirroros.licensing.vault.PayoutSchedule;
import ai.mirroros.licensing.vault.VaultRegistry;
import ai.mirroros.licensing.vault.VaultVersion;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.random.RandomGenerator;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One payout run: reconcile what an earlier run left in flight, plan the payouts that are due (reserving their amounts
 * in the ledger), then make their transfers, retrying what failed on the way. Safe to run again at any moment, in
 * several processes at once: the payout row, unique per payee, currency and due date, and the transfer's idempotency
 * key make each payout happen once.
 */
public final class PayoutRunner {
    private static final Logger LOG = LoggerFactory.getLogger(PayoutRunner.class);

    public static final String ACTIVITY_PAID = "payout.paid";
    public static final String ACTIVITY_FAILED = "payout.failed";

    /**
     * @param batchSize   payouts per transaction (planning, claiming, recording)
     * @param concurrency transfer requests in flight at once
     * @param maxWait     how long a run waits for retries that fall due soon before it leaves them to the next run
     */
    public record Settings(int batchSize, int concurrency, RetryPolicy retry, Duration maxWait) {
        public static final Settings DEFAULT = new Settings(500, 32, RetryPolicy.DEFAULT, Duration.ofSeconds(30));

        public Settings {
            if (batchSize < 1 || batchSize > 1_000 || concurrency < 1) {
                throw new IllegalArgumentException("batch size 1..1000 and concurrency >= 1");
            }
            Objects.requireNonNull(retry, "retry");
            Objects.requireNonNull(maxWait, "maxWait");
        }
    }

    /** Told about the run's progress; {@link #NONE} ignores it. */
    public interface Progress {
        Progress NONE = new Progress() {
        };

        default void stage(String name, long total) {
        }

        default void advance(long steps) {
        }
    }

    /** A payout the run planned (or, in a dry run, would plan). */
    public record Planned(String payoutId, String payeeId, LocalDate dueDate, Money amount) {
    }

    /** What a run did. {@code skipReasons} counts skipped payees by reason. */
    public record Report(String runId, Instant asOf, boolean dryRun, int recovered, List<Planned> planned,
                         int paid, int failed, int retrying, List<Skip> skipped, Optional<Instant> nextRetryAt,
                         List<String> problems) {
        public Map<String, Integer> skipReasons() {
            Map<String, Integer> counts = new TreeMap<>();
            skipped.forEach(s -> counts.merge(s.reason(), 1, Integer::sum));
            return counts;
        }

        public Map<String, Money> plannedTotals() {
            Map<String, Money> totals = new TreeMap<>();
            planned.forEach(p -> totals.merge(p.amount().currency().code(), p.amount(), Money::plus));
            return totals;
        }
    }

    private final Database database;
    private final Ledger ledger;
    private final ActivityLog activityLog;
    private final VaultRegistry vaults;
    private final PayoutStore store;
    private final TransferGateway gateway;
    private final Clock clock;
    private final Settings settings;
    private final RandomGenerator random = RandomGenerator.getDefault();
    private final MeterRegistry meters;

    public PayoutRunner(Database database, Ledger ledger, ActivityLog activityLog, VaultRegistry vaults,
                        TransferGateway gateway, Clock clock, Settings settings) {
        this(database, ledger, activityLog, vaults, gateway, clock, settings, new SimpleMeterRegistry());
    }

    /**
     * Counts every transfer attempt by outcome in {@code licensing_payout_attempts_total{outcome}}, every recorded
     * payout state change and planning skip in {@code licensing_payout_outcomes_total{outcome}}, and every transfer
     * scheduled to be tried again in {@code licensing_payout_transfer_retries_total{reason}}.
     */
    public PayoutRunner(Database database, Ledger ledger, ActivityLog activityLog, VaultRegistry vaults,
                        TransferGateway gateway, Clock clock, Settings settings, MeterRegistry meters) {
        this.meters = Objects.requireNonNull(meters, "meters");
        this.database = Objects.requireNonNull(database, "database");
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.activityLog = Objects.requireNonNull(activityLog, "activityLog");
        this.vaults = Objects.requireNonNull(vaults, "vaults");
        this.store = new PayoutStore(database.dialect());
        this.gateway = Objects.requireNonNull(gateway, "gateway");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.settings = Objects.requireNonNull(settings, "settings");
        // Present from the start at 0, so that a failure-rate alert has a series to divide by before the first payout.
        List.of("paid", "failed", "retrying", "skipped").forEach(this::outcome);
    }

    /** A run as of now. */
    public Report run(boolean dryRun, Progress progress) {
        return run(clock.instant(), dryRun, progress);
    }

    /**
     * A run as of {@code asOf}: it decides due dates and which holding periods are over. Timestamps and retry waits
     * follow the clock.
     */
    public Report run(Instant asOf, boolean dryRun, Progress progress) {
        String runId = "run_" + asOf.toString().replaceAll("[^0-9]", "").substring(0, 14) + "_"
                + UUID.randomUUID().toString().substring(0, 8);
        List<String> problems = new ArrayList<>();
        int recovered = dryRun ? 0 : recover(progress, problems);
        if (!dryRun) {
            // Earnings whose holding period is over become available first: they are part of what is due.
            ledger.releaseMatured(asOf);
        }
        Plan plan = plan(asOf, dryRun, progress);
        if (dryRun) {
            return new Report(runId, asOf, true, 0, plan.candidates().stream().map(PayoutRunner::planned).toList(),
                    0, 0, 0, plan.skips(), Optional.empty(), problems);
        }
        database.jdbi().useTransaction(h -> {
            PayoutStore.startRun(h, runId, asOf, clock.instant(), false);
            PayoutStore.addSkips(h, runId, plan.skips());
        });
        outcome("skipped").increment(plan.skips().size());
        List<Planned> reserved = reserve(plan.candidates(), progress);
        Counts counts = submitAll(progress, problems);
        Optional<Instant> nextRetry = database.jdbi().withHandle(PayoutStore::nextRetry);
        Report report = new Report(runId, asOf, false, recovered, reserved, counts.paid, counts.failed,
                counts.retrying, plan.skips(), nextRetry, problems);
        database.jdbi().useHandle(h -> PayoutStore.finishRun(h, runId, clock.instant(), summaryJson(report)));
        return report;
    }

    // ---- 1. reconcile what a crash left in flight --------------------------------------------------------------

    /**
     * Payouts left submitting (a process died between its request and recording the answer, or another instance
     * is on it right now): ask Stripe by transfer group. Found: record it paid. Not found: due again, and the next
     * attempt sends the same idempotency key, so an answer that was merely late still yields one transfer.
     */
    int recover(Progress progress, List<String> problems) {
        List<Payout> stuck = database.jdbi().withHandle(h -> PayoutStore.inFlight(h, Integer.MAX_VALUE));
        if (stuck.isEmpty()) {
            return 0;
        }
        progress.stage("reconciling in-flight payouts", stuck.size());
        int recovered = 0;
        for (int from = 0; from < stuck.size(); from += settings.batchSize()) {
            List<Payout> batch = stuck.subList(from, Math.min(stuck.size(), from + settings.batchSize()));
            List<Lookup> lookups = parallel(batch, this::lookup);
            Instant now = clock.instant();
            List<Outcome> outcomes = new ArrayList<>();
            for (Lookup lookup : lookups) {
                if (lookup.error().isPresent()) {
                    problems.add(lookup.payout().payoutId() + ": still in flight, Stripe unreachable: "
                            + lookup.error().get());
                } else if (!lookup.found().isEmpty()) {
                    outcomes.add(paid(lookup.payout(), lookup.found().getFirst(), "found at Stripe after a restart"));
                } else {
                    retry("restart");
                    outcomes.add(new Outcome(lookup.payout(), new Transition(lookup.payout().payoutId(),
                            PayoutStatus.SUBMITTING, PayoutStatus.RETRYING, Optional.of(now), Optional.empty(),
                            Optional.of("no transfer found after a restart"), 0,
                            "no transfer at Stripe for this payout after a restart: due again, same idempotency key"),
                            List.of(), List.of(), Optional.empty()));
                }
            }
            recovered += record(outcomes).size();
            progress.advance(batch.size());
        }
        return recovered;
    }

    private record Lookup(Payout payout, List<FoundTransfer> found, Optional<String> error) {
    }

    private Lookup lookup(Payout payout) {
        try {
            return new Lookup(payout, gateway.findByGroup(payout.payoutId()), Optional.empty());
        } catch (TransferGateway.Unavailable e) {
            return new Lookup(payout, List.of(), Optional.of(e.getMessage()));
        }
    }

    // ---- 2. plan ----------------------------------------------------------------------------------------------

    record Plan(List<Payout> candidates, List<Skip> skips) {
    }

    /**
     * Every payee and currency with money available: due today by its vault's schedule, allowed by the gate, at
     * least the minimum, and not paid for this due date yet. Reads only; the amounts are read again when reserved.
     */
    Plan plan(Instant asOf, boolean countMaturedPending, Progress progress) {
        Instant now = clock.instant();
        LocalDate today = LocalDate.ofInstant(asOf, ZoneOffset.UTC);
        return database.jdbi().inTransaction(h -> {
            Map<String, Available> balances = PayoutStore.availableBalances(h);
            if (countMaturedPending) {
                PayoutStore.addInto(balances, PayoutStore.maturedPending(h, asOf));
            }
            Map<String, Payee> payees = new LinkedHashMap<>();
            PayeeStore.all(h).forEach(p -> payees.put(p.payeeId(), p));
            List<String> owners = balances.values().stream().map(Available::payeeId).distinct().sorted().toList();
            Map<String, List<VaultVersion>> histories = new java.util.HashMap<>();
            for (int from = 0; from < owners.size(); from += 1_000) {
                histories.putAll(vaults.histories(h, owners.subList(from, Math.min(owners.size(), from + 1_000))));
            }
            progress.stage("planning", balances.size());
            List<Payout> candidates = new ArrayList<>();
            List<Skip> skips = new ArrayList<>();
            for (Available available : balances.values().stream()
                    .sorted(java.util.Comparator.comparing(Available::payeeId)
                            .thenComparing(a -> a.currency().code())).toList()) {
                String currency = available.currency().code();
                Optional<LicensedVault> vault = VaultRegistry.inForce(
                        histories.getOrDefault(available.payeeId(), List.of()), asOf).map(VaultVersion::vault);
                Optional<String> why = whyNot(available, payees.get(available.payeeId()), vault);
                if (why.isPresent()) {
                    skips.add(new Skip(available.payeeId(), currency, why.get()));
                } else {
                    LocalDate due = PayoutCalendar.lastDueDate(vault.orElseThrow().payoutSchedule(), today);
                    Payee payee = payees.get(available.payeeId());
                    String payoutId = Payout.idFor(available.payeeId(), currency, due);
                    candidates.add(new Payout(payoutId, available.payeeId(),
                            due, available.vault(), available.referrer(), payee.stripeAccount().orElseThrow(),
                            Payout.firstIdempotencyKey(payoutId), PayoutStatus.PLANNED, 0, Optional.of(now), Optional.empty(),
                            Money.zero(available.currency()), Optional.empty(), now, now));
                }
                progress.advance(1);
            }
            Set<String> existing = new java.util.HashSet<>();
            List<String> ids = candidates.stream().map(Payout::payoutId).toList();
            for (int from = 0; from < ids.size(); from += 1_000) {
                existing.addAll(PayoutStore.existingIds(h, ids.subList(from, Math.min(ids.size(), from + 1_000))));
            }
            List<Payout> fresh = new ArrayList<>();
            for (Payout candidate : candidates) {
                if (existing.contains(candidate.payoutId())) {
                    skips.add(new Skip(candidate.payeeId(), candidate.amount().currency().code(),
                            "already has a payout for due date " + candidate.dueDate() + " (next due date not reached)"));
                } else {
                    fresh.add(candidate);
                }
            }
            return new Plan(fresh, skips);
        });
    }

    /** The one place that decides whether a payee with money available is paid in this run. */
    static Optional<String> whyNot(Available available, Payee payee, Optional<LicensedVault> vault) {
        if (!available.total().isPositive()) {
            return Optional.of("nothing available (" + available.total().toDecimalString() + " "
                    + available.currency().code() + " after clawbacks)");
        }
        if (vault.isEmpty()) {
            return Optional.of("not a registered vault");
        }
        PayoutSchedule schedule = vault.get().payoutSchedule();
        if (!schedule.autoPayoutEnabled()) {
            return Optional.of("automatic payouts are off for this vault");
        }
        List<String> blockers = Payee.blockers(available.payeeId(), Optional.ofNullable(payee));
        if (!blockers.isEmpty()) {
            return Optional.of(String.join("; ", blockers));
        }
        Money minimum = schedule.minimumAmount();
        if (minimum.currency().equals(available.currency()) && available.total().isLessThan(minimum)) {
            return Optional.of("below the minimum of " + minimum.toDecimalString() + " " + minimum.currency().code());
        }
        return Optional.empty();
    }

    private static Planned planned(Payout p) {
        return new Planned(p.payoutId(), p.payeeId(), p.dueDate(), p.amount());
    }

    // ---- 3. reserve -------------------------------------------------------------------------------------------

    /**
     * Inserts the payout rows and moves their amounts from available to in transit, a batch per transaction. The
     * balances are read again inside the transaction, so a clawback posted since planning is netted. A batch that
     * loses a race with another instance (unique payout id) is retried once, and then finds those payouts made.
     */
    List<Planned> reserve(List<Payout> candidates, Progress progress) {
        progress.stage("reserving", candidates.size());
        List<Planned> reserved = new ArrayList<>();
        for (int from = 0; from < candidates.size(); from += settings.batchSize()) {
            List<Payout> batch = candidates.subList(from, Math.min(candidates.size(), from + settings.batchSize()));
            List<Payout> inserted;
            try {
                inserted = database.jdbi().inTransaction(h -> reserveBatch(h, batch, false));
            } catch (RuntimeException e) {
                if (!database.dialect().isUniqueViolation(e)) {
                    throw e;
                }
                inserted = database.jdbi().inTransaction(h -> reserveBatch(h, batch, true));
            }
            inserted.forEach(p -> reserved.add(planned(p)));
            progress.advance(batch.size());
        }
        return reserved;
    }

    /**
     * @param afterRace whether an insert of this batch just failed on a payout id. Planning found none of the batch
     *                  made a moment ago, so only another instance can have made one since, and then the insert fails
     *                  and the batch comes back here with this set. The lookup is not made every time: on PostgreSQL
     *                  its plan, cached while the run's first batches find the payout table small, stays a sequential
     *                  scan as the run fills the table, and took ~450 ms per batch at 100,000 payouts
     *                  (docs/PERFORMANCE.md, Payouts).
     */
    private List<Payout> reserveBatch(Handle h, List<Payout> batch, boolean afterRace) {
        Set<String> existing = afterRace
                ? PayoutStore.existingIds(h, batch.stream().map(Payout::payoutId).toList())
                : Set.of();
        Map<String, Available> balances = PayoutStore.availableBalances(h,
                batch.stream().map(Payout::payeeId).distinct().toList());
        List<Payout> insert = new ArrayList<>();
        for (Payout p : batch) {
            Available now = balances.get(PayoutStore.balanceKey(p.payeeId(), p.amount().currency()));
            if (existing.contains(p.payoutId()) || now == null || !now.total().isPositive()) {
                continue;
            }
            insert.add(new Payout(p.payoutId(), p.payeeId(), p.dueDate(), now.vault(), now.referrer(),
                    p.stripeAccount(), p.idempotencyKey(), p.status(), 0, p.nextAttemptAt(), Optional.empty(), p.reversed(),
                    Optional.empty(), p.createdAt(), p.updatedAt()));
        }
        if (insert.isEmpty()) {
            return insert;
        }
        PayoutStore.insert(h, insert);
        ledger.postBatch(h, insert.stream().map(p -> PayoutLedger.reserve(p, p.createdAt())).toList());
        PayoutStore.addEvents(h, insert.stream().map(p -> new PayoutStore.Event(p.payoutId(), p.createdAt(),
                PayoutStatus.PLANNED, "reserved " + p.amount().toDecimalString() + " " + p.amount().currency().code()
                + " (own share " + p.vaultPart().toDecimalString() + ", referrer commissions "
                + p.referrerPart().toDecimalString() + ")")).toList());
        return insert;
    }

    // ---- 4. submit --------------------------------------------------------------------------------------------

    private static final class Counts {
        int paid;
        int failed;
        int retrying;
    }

    Counts submitAll(Progress progress, List<String> problems) {
        Counts counts = new Counts();
        long due = database.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM payout WHERE status IN "
                + "('planned', 'retrying') AND next_attempt_at <= :now").bind("now", clock.instant())
                .mapTo(Long.class).one());
        progress.stage("transferring", due);
        Set<String> retryingNow = new java.util.HashSet<>();
        // Waiting is measured on the wall, not on the injected clock, which a caller may have stopped.
        long waitedNanos = 0;
        while (true) {
            List<Payout> claimed = database.jdbi().inTransaction(h -> store.claimDue(h, clock.instant(),
                    settings.batchSize()));
            if (claimed.isEmpty()) {
                Optional<Instant> next = database.jdbi().withHandle(PayoutStore::nextRetry);
                Instant now = clock.instant();
                if (next.isPresent() && !next.get().isAfter(now.plus(settings.maxWait()))
                        && waitedNanos < settings.maxWait().toNanos()) {
                    long started = System.nanoTime();
                    sleepUntil(next.get());
                    waitedNanos += Math.max(System.nanoTime() - started, 10_000_000L);
                    continue;
                }
                counts.retrying = stillRetrying(retryingNow);
                return counts;
            }
            Map<String, Payee> payees = database.jdbi().withHandle(h -> PayeeStore.byIds(h,
                    claimed.stream().map(Payout::payeeId).distinct().toList()));
            List<Outcome> outcomes = parallel(claimed, payout -> {
                if (payout.attempts() > settings.retry().maxAttempts()) {
                    return settle(payout);
                }
                Optional<String> stop = stillPayable(payout, payees.get(payout.payeeId()));
                return stop.isPresent() ? withdraw(payout, stop.get()) : attempt(payout);
            });
            Set<String> applied = record(outcomes);
            for (Outcome outcome : outcomes) {
                if (!applied.contains(outcome.payout().payoutId())) {
                    continue;
                }
                switch (outcome.transition().next()) {
                    case PAID -> {
                        counts.paid++;
                        retryingNow.remove(outcome.payout().payoutId());
                        progress.advance(1);
                    }
                    case FAILED -> {
                        counts.failed++;
                        retryingNow.remove(outcome.payout().payoutId());
                        progress.advance(1);
                    }
                    case RETRYING -> retryingNow.add(outcome.payout().payoutId());
                    default -> { }
                }
            }
        }
    }

    /**
     * Of the payouts this run left retrying, those still retrying: another instance may have claimed and paid some
     * of them since, and the report must not call a paid payout retrying.
     */
    private int stillRetrying(Set<String> payoutIds) {
        List<String> ids = List.copyOf(payoutIds);
        int retrying = 0;
        for (int from = 0; from < ids.size(); from += settings.batchSize()) {
            List<String> batch = ids.subList(from, Math.min(ids.size(), from + settings.batchSize()));
            retrying += (int) database.jdbi().withHandle(h -> PayoutStore.byIds(h, batch)).stream()
                    .filter(p -> p.status() == PayoutStatus.RETRYING).count();
        }
        return retrying;
    }

    private void sleepUntil(Instant next) {
        long millis = Math.max(10, Duration.between(clock.instant(), next).toMillis());
        {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for a retry", e);
            }
        }
    }

    /**
     * Why a planned payout must not be sent after all: its payee was put on hold, lost KYC or changed its connected
     * account since the payout was planned. Empty when it may go.
     */
    static Optional<String> stillPayable(Payout payout, Payee payee) {
        if (payee == null) {
            return Optional.of("payee " + payout.payeeId() + " no longer exists");
        }
        if (!payee.stripeAccount().equals(Optional.of(payout.stripeAccount()))) {
            return Optional.of("payee's connected account changed from " + payout.stripeAccount() + " to "
                    + payee.stripeAccount().orElse("none"));
        }
        List<String> blockers = payee.blockers();
        return blockers.isEmpty() ? Optional.empty()
                : Optional.of("payee not payable any more: " + String.join("; ", blockers));
    }

    /**
     * Withdraws a payout whose payee may not be paid any more. If an earlier attempt was sent, Stripe may still be
     * making its transfer: the payout then stops sending and is settled by lookup later (see {@link #settle}).
     */
    private Outcome withdraw(Payout payout, String why) {
        if (payout.attempts() <= 1) {
            return failed(payout, why, Optional.empty()); // this claim is its first: nothing was ever sent
        }
        return stopSending(payout, why);
    }

    /** One attempt at one claimed payout, decided into the transition and postings that record it. */
    private Outcome attempt(Payout payout) {
        Attempt attempt = gateway.transfer(payout);
        meters.counter("licensing.payout.attempts", "outcome", switch (attempt) {
            case Attempt.Made made -> "made";
            case Attempt.Transient failure -> "transient";
            case Attempt.InsufficientFunds insufficient -> "insufficient_funds";
            case Attempt.Refused refused -> "refused";
        }).increment();
        Instant now = clock.instant();
        return switch (attempt) {
            case Attempt.Made made -> paid(payout, made.transfer(), "transfer " + made.transfer().transferId()
                    + " made (attempt " + payout.attempts() + ")");
            case Attempt.InsufficientFunds insufficient -> retry("insufficient_funds", new Outcome(payout,
                    new Transition(payout.payoutId(),
                    PayoutStatus.SUBMITTING, PayoutStatus.RETRYING,
                    Optional.of(settings.retry().afterInsufficientFunds(now)), Optional.empty(),
                    Optional.of(insufficient.reason()), -1,
                    "platform balance too small, waiting for settlement (next attempt under a new idempotency key, "
                            + "since nothing was made and Stripe keeps this refusal under the old one): "
                            + insufficient.reason(), Optional.of(payout.nextIdempotencyKey())),
                    List.of(), List.of(), Optional.empty()));
            case Attempt.Refused refused -> failed(payout, "refused by Stripe: " + refused.reason(),
                    refused.destinationUnusable()
                            ? Optional.of("transfer to " + payout.stripeAccount() + " refused: " + refused.reason())
                            : Optional.empty());
            case Attempt.Transient failure -> {
                Optional<Instant> retryAt = settings.retry().afterTransient(payout.attempts(), now,
                        failure.retryAfter(), random);
                if (retryAt.isPresent()) {
                    retry("transient");
                    yield new Outcome(payout, new Transition(payout.payoutId(), PayoutStatus.SUBMITTING,
                            PayoutStatus.RETRYING, retryAt, Optional.empty(), Optional.of(failure.reason()), 0,
                            "attempt " + payout.attempts() + " failed (" + failure.reason() + "); retry at "
                                    + retryAt.get()), List.of(), List.of(), Optional.empty());
                }
                yield stopSending(payout, failure.reason());
            }
        };
    }

    /**
     * No more requests for this payout. Its money is not let go yet: a request that timed out, or whose key Stripe
     * reported in use, may still become a transfer, and a lookup made now could miss it. The payout waits
     * {@code settle} (longer than any Stripe request runs) and is then decided by lookup alone.
     */
    private Outcome stopSending(Payout payout, String why) {
        Instant at = clock.instant().plus(settings.retry().settle());
        int toLookupOnly = settings.retry().maxAttempts() - payout.attempts();
        return new Outcome(payout, new Transition(payout.payoutId(), PayoutStatus.SUBMITTING, PayoutStatus.RETRYING,
                Optional.of(at), Optional.empty(), Optional.of(why), toLookupOnly,
                "no more attempts (" + why + "); Stripe is asked for its transfer at " + at
                        + " before the money is released"), List.of(), List.of(), Optional.empty());
    }

    /**
     * A payout past its attempts, claimed again after settling: nothing is sent. Stripe has a transfer in its
     * transfer group: paid. None: failed, and the money goes back to available. Stripe unreachable: asked again
     * later, the money stays reserved however long that takes.
     */
    private Outcome settle(Payout payout) {
        Lookup lookup = lookup(payout);
        if (lookup.error().isPresent()) {
            Instant later = clock.instant().plus(settings.retry().cap());
            return new Outcome(payout, new Transition(payout.payoutId(), PayoutStatus.SUBMITTING,
                    PayoutStatus.RETRYING, Optional.of(later), Optional.empty(), payout.lastError(), -1,
                    "could not ask Stripe for this payout's transfer (" + lookup.error().get()
                            + "); funds stay reserved, asked again at " + later), List.of(), List.of(),
                    Optional.empty());
        }
        if (!lookup.found().isEmpty()) {
            return paid(payout, lookup.found().getFirst(), "transfer found at Stripe after the attempts ended");
        }
        return failed(payout, "no transfer at Stripe after " + settings.retry().maxAttempts() + " attempts"
                + payout.lastError().map(e -> " (last: " + e + ")").orElse(""), Optional.empty());
    }

    private Outcome paid(Payout payout, FoundTransfer transfer, String detail) {
        Instant now = clock.instant();
        ActivityRecord record = ActivityRecord.of(now, ACTIVITY_PAID, Map.of(
                        "payout_id", payout.payoutId(),
                        "transfer_id", transfer.transferId(),
                        "amount", payout.amount().toDecimalString(),
                        "currency", payout.amount().currency().code(),
                        "destination", payout.stripeAccount(),
                        "due_date", payout.dueDate().toString()))
                .forVault(payout.payeeId()).fromSource(transfer.transferId());
        return new Outcome(payout, new Transition(payout.payoutId(), payout.status(), PayoutStatus.PAID,
                Optional.empty(), Optional.of(transfer.transferId()), Optional.empty(), 0, detail),
                List.of(PayoutLedger.paid(payout, transfer.transferId(), now)), List.of(record), Optional.empty());
    }

    private Outcome failed(Payout payout, String why, Optional<String> holdPayee) {
        Instant now = clock.instant();
        ActivityRecord record = ActivityRecord.of(now, ACTIVITY_FAILED, Map.of(
                        "payout_id", payout.payoutId(),
                        "amount", payout.amount().toDecimalString(),
                        "currency", payout.amount().currency().code(),
                        "reason", PayeeStore.truncate(why, 1000),
                        "payee_on_hold", holdPayee.isPresent()))
                .forVault(payout.payeeId()).fromSource(payout.payoutId());
        return new Outcome(payout, new Transition(payout.payoutId(), payout.status(), PayoutStatus.FAILED,
                Optional.empty(), Optional.empty(), Optional.of(why), 0, why + "; funds back to available"),
                List.of(PayoutLedger.released(payout, why, now)), List.of(record), holdPayee);
    }

    /** A decided attempt: the state change, and what to post if (and only if) the change takes effect. */
    private record Outcome(Payout payout, Transition transition, List<JournalEntry> postings,
                           List<ActivityRecord> activity, Optional<String> holdPayee) {
    }

    /** Records outcomes in one transaction; postings only for the payouts whose transition took effect. */
    private Set<String> record(List<Outcome> outcomes) {
        if (outcomes.isEmpty()) {
            return Set.of();
        }
        return database.jdbi().inTransaction(h -> {
            activityLog.deferAppends(h);
            try {
                Instant now = clock.instant();
                Set<String> applied = PayoutStore.apply(h, outcomes.stream().map(Outcome::transition).toList(), now);
                List<JournalEntry> postings = new ArrayList<>();
                List<ActivityRecord> activity = new ArrayList<>();
                for (Outcome outcome : outcomes) {
                    if (applied.contains(outcome.payout().payoutId())) {
                        postings.addAll(outcome.postings());
                        activity.addAll(outcome.activity());
                        outcome.holdPayee().ifPresent(reason -> PayeeStore.hold(h, outcome.payout().payeeId(),
                                reason, now));
                    }
                }
                for (int from = 0; from < postings.size(); from += Ledger.MAX_BATCH_SIZE) {
                    ledger.postBatch(h, postings.subList(from, Math.min(postings.size(), from + Ledger.MAX_BATCH_SIZE)));
                }
                activityLog.append(h, activity);
                activityLog.appendDeferred(h);
                h.afterCommit(() -> countOutcomes(outcomes, applied));
                return applied;
            } finally {
                activityLog.discardDeferred(h);
            }
        });
    }

    /** The state changes that took effect, once committed: paid, failed or retrying. */
    private void countOutcomes(List<Outcome> outcomes, Set<String> applied) {
        for (Outcome outcome : outcomes) {
            if (applied.contains(outcome.payout().payoutId())) {
                switch (outcome.transition().next()) {
                    case PAID -> outcome("paid").increment();
                    case FAILED -> outcome("failed").increment();
                    case RETRYING -> outcome("retrying").increment();
                    case PLANNED, SUBMITTING -> { }
                }
            }
        }
    }

    private Counter outcome(String outcome) {
        return Counter.builder("licensing.payout.outcomes").tag("outcome", outcome)
                .description("payout state changes recorded (paid, failed, retrying) and payees skipped by a run's "
                        + "plan (skipped)").register(meters);
    }

    private void retry(String reason) {
        Counter.builder("licensing.payout.transfer.retries").tag("reason", reason)
                .description("transfers scheduled to be tried again, by why the last attempt did not finish")
                .register(meters).increment();
    }

    private Outcome retry(String reason, Outcome outcome) {
        retry(reason);
        return outcome;
    }

    /** Runs {@code call} for each payout with at most {@code concurrency} in flight, results in input order. */
    private <T> List<T> parallel(List<Payout> payouts, java.util.function.Function<Payout, T> call) {
        Semaphore permits = new Semaphore(settings.concurrency());
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<T>> futures = new ArrayList<>(payouts.size());
            for (Payout payout : payouts) {
                futures.add(pool.submit(() -> {
                    permits.acquire();
                    try {
                        return call.apply(payout);
                    } finally {
                        permits.release();
                    }
                }));
            }
            List<T> results = new ArrayList<>(futures.size());
            for (Future<T> future : futures) {
                try {
                    results.add(future.get());
                } catch (ExecutionException e) {
                    throw new IllegalStateException("payout attempt crashed: " + e.getCause(), e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted during a payout run", e);
                }
            }
            return results;
        }
    }

    private static String summaryJson(Report report) {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("recovered", report.recovered());
        summary.put("planned", report.planned().size());
        Map<String, String> totals = new TreeMap<>();
        report.plannedTotals().forEach((ccy, money) -> totals.put(ccy, money.toDecimalString()));
        summary.put("planned_totals", totals);
        summary.put("paid", report.paid());
        summary.put("failed", report.failed());
        summary.put("retrying", report.retrying());
        summary.put("skipped", report.skipped().size());
        summary.put("problems", report.problems());
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(summary);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
