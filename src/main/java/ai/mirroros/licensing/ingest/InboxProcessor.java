package ai.mirroros.licensing.ingest;

import ai.mirroros.licensing.hosting.HostedPlatformEvents;
import ai.mirroros.licensing.ledger.ActivityLog;
import ai.mirroros.licensing.money.CurrencyUnit;
import ai.mirroros.licensing.money.Money;
import ai.mirroros.licensing.payout.PayoutEvents;
import ai.mirroros.licensing.revenue.PaymentAdjustments;
import ai.mirroros.licensing.revenue.PaymentEvent;
import ai.mirroros.licensing.revenue.PaymentOrigin;
import ai.mirroros.licensing.revenue.PaymentPosting;
import ai.mirroros.licensing.revenue.PostedPayment;
import ai.mirroros.licensing.stripe.BalanceTransactionLookup;
import ai.mirroros.licensing.stripe.SettledCharge;
import ai.mirroros.licensing.store.Database;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns inbox events into postings, exactly once, in batches, at the engine's own pace.
 *
 * <p>One batch: look at up to {@link #batchSize} pending events, decode them, and fetch from Stripe the balance
 * transactions the payloads did not embed (in parallel, before any transaction, so that no lock is held across a
 * network call). Then, in ONE transaction: lock the pending events ({@code FOR UPDATE SKIP LOCKED}, so instances
 * sharing the inbox take disjoint batches), post every payment, refund and dispute among them, and mark every event
 * processed, ignored or parked. A crash before that commit leaves the events pending and unlocked; after it, they are
 * done. Journal entries are unique on their source id, so a payment can never be posted twice, whatever races.
 *
 * <p>If the batch transaction fails, each event is tried alone, so one bad event cannot hold the others back; an
 * event that keeps failing alone is retried with backoff and parked after {@link #ATTEMPTS_MAX} attempts.
 */
public final class InboxProcessor implements AutoCloseable {
    /** A batch amortises the commit over hundreds of events while keeping one transaction short (well under 1 s). */
    public static final int BATCH_SIZE_DEFAULT = 500;
    public static final int BATCH_SIZE_MAX = PaymentPosting.BATCH_SIZE_MAX;
    /** An event failing alone this often is not going to succeed by itself: park it for a human. */
    static final int ATTEMPTS_MAX = 5;
    /** The first retry of a failing event; doubles per attempt. */
    static final Duration RETRY_BACKOFF_FIRST = Duration.ofSeconds(5);
    /** Parallel Stripe lookups per batch: enough to hide latency, few enough to stay well inside Stripe's rate limit. */
    static final int LOOKUPS_IN_FLIGHT_MAX = 16;
    /** The background loop waits this long for new events before looking again (it is also woken on commit). */
    static final Duration IDLE_POLL = Duration.ofSeconds(1);
    /** How long the loop backs off when the database is unreachable, at most. */
    static final Duration OUTAGE_BACKOFF_MAX = Duration.ofSeconds(30);
    private static final Logger LOG = LoggerFactory.getLogger(InboxProcessor.class);

    private final Database database;
    private final Inbox inbox;
    private final PaymentPosting payments;
    private final PaymentAdjustments adjustments;
    private final PayoutEvents payoutEvents;
    private final HostedPlatformEvents hostedPlatformEvents;
    private final BalanceTransactionLookup lookup;
    private final ActivityLog activityLog;
    private final Clock clock;
    private final int batchSize;
    private final Map<EventStatus, Counter> outcomes = new EnumMap<>(EventStatus.class);
    private final Timer processingLatency;
    private final Semaphore wakeUp = new Semaphore(0);
    private final ExecutorService lookups = Executors.newVirtualThreadPerTaskExecutor();
    private volatile Thread loop;
    private volatile boolean closed;

    /** What one batch did. */
    public record BatchResult(int claimed, int processed, int ignored, int parked, int retryLater) {
        static final BatchResult EMPTY = new BatchResult(0, 0, 0, 0, 0);

        BatchResult plus(BatchResult other) {
            return new BatchResult(claimed + other.claimed, processed + other.processed, ignored + other.ignored,
                    parked + other.parked, retryLater + other.retryLater);
        }
    }

    public InboxProcessor(Database database, Inbox inbox, PaymentPosting payments, PaymentAdjustments adjustments,
                          ActivityLog activityLog, BalanceTransactionLookup lookup, Clock clock, MeterRegistry meters,
                          int batchSize) {
        this.database = Objects.requireNonNull(database, "database");
        this.inbox = Objects.requireNonNull(inbox, "inbox");
        this.payments = Objects.requireNonNull(payments, "payments");
        this.adjustments = Objects.requireNonNull(adjustments, "adjustments");
        this.payoutEvents = new PayoutEvents(payments.ledger(), activityLog, clock);
        this.hostedPlatformEvents = new HostedPlatformEvents(activityLog);
        this.lookup = Objects.requireNonNull(lookup, "lookup");
        this.activityLog = Objects.requireNonNull(activityLog, "activityLog");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (batchSize < 1 || batchSize > BATCH_SIZE_MAX) {
            throw new IllegalArgumentException("batch size must be 1 to " + BATCH_SIZE_MAX + ": " + batchSize);
        }
        this.batchSize = batchSize;
        for (EventStatus status : EventStatus.values()) {
            outcomes.put(status, Counter.builder("licensing.events.processed")
                    .description("inbox events by the status processing left them in")
                    .tag("status", status.wireName()).register(meters));
        }
        // Buckets at the latencies an operator promises: posted within a second normally, within a minute under
        // a backlog; five minutes is Stripe-outage territory (events parked until their payment arrives show here).
        this.processingLatency = Timer.builder("licensing.webhook.processing")
                .description("time from an event stored in the inbox to its processing committed (processed or "
                        + "ignored; a parked event counts when it is finally processed)")
                .publishPercentileHistogram()
                .serviceLevelObjectives(Duration.ofMillis(100), Duration.ofMillis(500), Duration.ofSeconds(1),
                        Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofMinutes(5))
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofHours(1))
                .register(meters);
    }

    /** Processes one batch; {@link BatchResult#claimed()} is 0 when the inbox had nothing pending. */
    public BatchResult processBatch() {
        // Stripe lookups happen here, before the transaction, so that no row lock is held across a network call.
        Map<Long, InboxEvent> peeked = new LinkedHashMap<>();
        inbox.peek(batchSize).forEach(event -> peeked.put(event.seq(), event));
        if (peeked.isEmpty() && inbox.requeueResolved() > 0) {
            // Waiters whose payment another instance posted while they were being parked: see requeueResolved.
            inbox.peek(batchSize).forEach(event -> peeked.put(event.seq(), event));
        }
        if (peeked.isEmpty()) {
            return BatchResult.EMPTY;
        }
        Map<Long, EventAction> decoded = new HashMap<>();
        peeked.values().forEach(event -> decoded.put(event.seq(), StripeEventDecoder.decode(event.payload())));
        Map<String, LookupResult> fetched = prefetch(decoded.values());
        List<Item> locked = new ArrayList<>();
        List<Inbox.Completion> completed = new ArrayList<>();
        try {
            BatchResult result = database.jdbi().inTransaction(handle -> {
                List<InboxEvent> claimed = inbox.lock(handle, batchSize, peeked);
                locked.clear();
                completed.clear();
                locked.addAll(items(claimed, decoded, fetched));
                return locked.isEmpty() ? BatchResult.EMPTY : apply(handle, locked, completed);
            });
            count(result);
            observeLatency(locked, completed);
            return result;
        } catch (RuntimeException batchFailure) {
            if (locked.isEmpty() || database.dialect().isConnectionFailure(batchFailure)) {
                // Nothing was decided about these events: the database is away. The loop backs off and retries.
                throw batchFailure;
            }
            LOG.warn("batch of {} events failed ({}); processing them one by one", locked.size(),
                    batchFailure.toString());
            return oneByOne(List.copyOf(locked));
        }
    }

    /** Processes until nothing is pending; {@code progress} sees every batch. */
    public BatchResult drain(Consumer<BatchResult> progress) {
        BatchResult total = BatchResult.EMPTY;
        while (true) {
            BatchResult batch = processBatch();
            if (batch.claimed() == 0) {
                return total;
            }
            total = total.plus(batch);
            progress.accept(batch);
        }
    }

    /** Runs batches in the background until {@link #close()}; {@link #wake()} shortens the idle wait. */
    public synchronized void start() {
        if (loop != null) {
            return;
        }
        loop = Thread.ofPlatform().name("inbox-processor").daemon().start(this::runLoop);
    }

    public void wake() {
        if (wakeUp.availablePermits() == 0) {
            wakeUp.release();
        }
    }

    private void runLoop() {
        Duration backoff = Duration.ofMillis(250);
        while (!closed) {
            try {
                BatchResult result = processBatch();
                backoff = Duration.ofMillis(250);
                if (result.claimed() == 0) {
                    wakeUp.tryAcquire(IDLE_POLL.toMillis(), TimeUnit.MILLISECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                // Typically the database is unreachable: nothing was claimed or committed; try again later.
                LOG.warn("inbox processing paused for {} ms: {}", backoff.toMillis(), e.toString());
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
                backoff = backoff.multipliedBy(2).compareTo(OUTAGE_BACKOFF_MAX) > 0 ? OUTAGE_BACKOFF_MAX
                        : backoff.multipliedBy(2);
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        wake();
        Thread running = loop;
        if (running != null) {
            try {
                running.join(TimeUnit.SECONDS.toMillis(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        lookups.shutdownNow();
    }

    /** A claimed event and what it asks for; {@code payment} is set for payments ready to post. */
    private record Item(InboxEvent event, EventAction action, Optional<PaymentEvent> payment) {
    }

    /** Fetches, in parallel, the balance transactions that payments among {@code actions} need. */
    private Map<String, LookupResult> prefetch(java.util.Collection<EventAction> actions) {
        List<EventAction.Pay> needing = actions.stream()
                .filter(a -> a instanceof EventAction.Pay pay && pay.problem().isEmpty() && pay.needsLookup())
                .map(a -> (EventAction.Pay) a).toList();
        if (needing.isEmpty() || !lookup.configured()) {
            return Map.of();
        }
        Set<String> posted = alreadyPosted(needing);
        Map<String, Future<LookupResult>> pending = new LinkedHashMap<>();
        Semaphore inFlight = new Semaphore(LOOKUPS_IN_FLIGHT_MAX);
        for (EventAction.Pay pay : needing) {
            if (!posted.contains(pay.paymentKey()) && !pending.containsKey(pay.paymentKey())) {
                pending.put(pay.paymentKey(), lookups.submit(() -> {
                    inFlight.acquire();
                    try {
                        return fetch(pay);
                    } finally {
                        inFlight.release();
                    }
                }));
            }
        }
        Map<String, LookupResult> results = new HashMap<>();
        // A payment posted already is only found posted again: no Stripe call now, and none inside the transaction.
        posted.forEach(key -> results.put(key, new LookupResult(Optional.empty(),
                Optional.of("payment already posted; balance transaction not fetched"))));
        pending.forEach((key, future) -> results.put(key, await(future)));
        return results;
    }

    /**
     * The locked events with their actions: decoded and fetched before the transaction where possible; an event
     * another instance's skip moved into this batch is decoded (and, rarely, looked up) now.
     */
    private List<Item> items(List<InboxEvent> claimed, Map<Long, EventAction> decoded,
                             Map<String, LookupResult> fetched) {
        List<Item> items = new ArrayList<>(claimed.size());
        for (InboxEvent event : claimed) {
            EventAction action = decoded.computeIfAbsent(event.seq(), seq -> StripeEventDecoder.decode(
                    event.payload()));
            Optional<PaymentEvent> payment = Optional.empty();
            if (action instanceof EventAction.Pay pay && pay.problem().isEmpty()) {
                LookupResult found = fetched.get(pay.paymentKey());
                if (found == null) {
                    found = !pay.needsLookup() ? new LookupResult(pay.settled(),
                            Optional.of("the payload carries no balance transaction"))
                            : !lookup.configured() ? new LookupResult(Optional.empty(),
                                    Optional.of("no Stripe API key configured to fetch the balance transaction"))
                            : fetch(pay);
                }
                payment = Optional.of(paymentEvent(pay, found));
            }
            items.add(new Item(event, action, payment));
        }
        return items;
    }

    private record LookupResult(Optional<SettledCharge> settled, Optional<String> whyNot) {
    }

    private LookupResult fetch(EventAction.Pay pay) {
        try {
            SettledCharge settled = pay.balanceTransactionId().isPresent()
                    ? lookup.byId(pay.balanceTransactionId().get())
                    : pay.chargeId().isPresent() ? lookup.forCharge(pay.chargeId().get())
                    : lookup.forPaymentIntent(pay.paymentIntentId().orElseThrow());
            return new LookupResult(Optional.of(settled), Optional.empty());
        } catch (BalanceTransactionLookup.Unavailable e) {
            return new LookupResult(Optional.empty(), Optional.of(e.getMessage()));
        }
    }

    private static LookupResult await(Future<LookupResult> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new LookupResult(Optional.empty(), Optional.of("interrupted while fetching from Stripe"));
        } catch (java.util.concurrent.ExecutionException e) {
            return new LookupResult(Optional.empty(), Optional.of("lookup failed: " + e.getCause()));
        }
    }

    /**
     * The payment to post: the settled gross and Stripe's fee when the balance transaction is known (converted at
     * its exchange rate if the charge was in another currency), else the charged amount with the fee left to the
     * vault's schedule, and the reason recorded.
     */
    static PaymentEvent paymentEvent(EventAction.Pay pay, LookupResult found) {
        Money gross = pay.charged();
        Optional<Money> fee = Optional.empty();
        Optional<PaymentOrigin.Conversion> conversion = Optional.empty();
        Optional<String> feeNote = Optional.empty();
        if (found.settled().isPresent()) {
            SettledCharge settled = found.settled().get();
            CurrencyUnit currency = CurrencyUnit.of(settled.currency().toUpperCase(Locale.ROOT));
            gross = Money.ofMinor(settled.amountMinor(), currency);
            fee = Optional.of(Money.ofMinor(settled.feeMinor(), currency));
            if (!currency.equals(pay.charged().currency())) {
                BigDecimal rate = settled.exchangeRate().orElseGet(() -> gross(settled)
                        .divide(new BigDecimal(pay.charged().amountMinor()), 10, RoundingMode.HALF_UP));
                conversion = Optional.of(new PaymentOrigin.Conversion(pay.charged(), rate,
                        settled.balanceTransactionId()));
            }
        } else {
            feeNote = Optional.of("fee from the vault's schedule: " + found.whyNot().orElse("no balance transaction"));
        }
        PaymentOrigin origin = new PaymentOrigin(pay.stripeIds(),
                Optional.ofNullable(pay.metadata().get(PaymentOrigin.PRODUCT_TYPE)), pay.metadata(), conversion,
                feeNote, pay.customerId(), pay.cardFingerprint());
        return new PaymentEvent(pay.paymentKey(), pay.vaultId().orElseThrow(), gross, fee, pay.occurredAt(), origin);
    }

    private static BigDecimal gross(SettledCharge settled) {
        return new BigDecimal(settled.amountMinor());
    }

    /** Payment keys among {@code payments} that are posted already, so that their redeliveries cost no Stripe call. */
    private Set<String> alreadyPosted(List<EventAction.Pay> payments) {
        List<String> keys = payments.stream().map(EventAction.Pay::paymentKey).distinct().toList();
        return database.jdbi().withHandle(handle -> handle.createQuery(
                        "SELECT source_id FROM payment WHERE source_id IN (<keys>)")
                .bindList("keys", keys).mapTo(String.class).set());
    }

    /**
     * The whole batch in the caller's transaction: postings, adjustments, event statuses, requeued waiters, and the
     * batch's activity-log entries last, so that the chain head is the last lock every batch takes (no deadlock
     * between processors or instances; see {@link ActivityLog#deferAppends}).
     */
    private BatchResult apply(Handle handle, List<Item> items, List<Inbox.Completion> completed) {
        activityLog.deferAppends(handle);
        try {
            BatchResult result = applyDeferred(handle, items, completed);
            activityLog.appendDeferred(handle);
            return result;
        } finally {
            activityLog.discardDeferred(handle);
        }
    }

    private BatchResult applyDeferred(Handle handle, List<Item> items, List<Inbox.Completion> completed) {
        List<Inbox.Completion> completions = new ArrayList<>(items.size());
        Set<String> postedIds = new HashSet<>();
        // Every payment of the batch first, in one posting (its rows written in source-id order, so that concurrent
        // batches lock them in the same order): a refund or dispute in the same batch as its charge then finds it,
        // and so does a charge event without metadata whose invoice.paid is in the batch.
        List<Item> payable = new ArrayList<>();
        for (Item item : items) {
            if (item.action() instanceof EventAction.Pay pay && pay.problem().isEmpty()) {
                payable.add(item);
            }
        }
        postPayments(handle, payable, completions, postedIds);
        Set<String> linked = linkedStripeIds(handle, items);
        for (Item item : items) {
            switch (item.action()) {
                case EventAction.Pay pay -> {
                    if (pay.problem().isPresent()) {
                        completions.add(unpayable(item.event(), pay, linked));
                    }
                }
                case EventAction.Adjust adjust -> completions.add(adjust(handle, item.event(), adjust));
                case EventAction.Connect connect -> {
                    PayoutEvents.Result result = payoutEvents.apply(handle, connect.event());
                    completions.add(new Inbox.Completion(item.event().seq(),
                            result.acted() ? EventStatus.PROCESSED : EventStatus.IGNORED, result.summary(),
                            Optional.empty()));
                }
                case EventAction.SubscriptionEnded ended -> {
                    HostedPlatformEvents.Result result = hostedPlatformEvents.subscriptionEnded(handle,
                            ended.subscriptionId(), ended.hostedPlatformId(), ended.endedAt());
                    completions.add(new Inbox.Completion(item.event().seq(),
                            result.acted() ? EventStatus.PROCESSED : EventStatus.IGNORED, result.summary(),
                            Optional.empty()));
                }
                case EventAction.Ignore ignore -> completions.add(new Inbox.Completion(item.event().seq(),
                        EventStatus.IGNORED, ignore.reason(), Optional.empty()));
                case EventAction.Park park -> completions.add(new Inbox.Completion(item.event().seq(),
                        EventStatus.PARKED, park.reason(), Optional.empty()));
            }
        }
        inbox.complete(handle, completions);
        inbox.requeueAwaiting(handle, postedIds);
        completed.addAll(completions);
        int processed = 0;
        int ignored = 0;
        int parked = 0;
        for (Inbox.Completion completion : completions) {
            switch (completion.status()) {
                case PROCESSED -> processed++;
                case IGNORED -> ignored++;
                case PARKED -> parked++;
                case PENDING -> { }
            }
        }
        return new BatchResult(items.size(), processed, ignored, parked, 0);
    }

    private void postPayments(Handle handle, List<Item> payable, List<Inbox.Completion> completions,
                              Set<String> postedIds) {
        if (payable.isEmpty()) {
            return;
        }
        List<PaymentPosting.Outcome> results = payments.postEach(handle,
                payable.stream().map(item -> item.payment().orElseThrow()).toList());
        for (int i = 0; i < payable.size(); i++) {
            InboxEvent event = payable.get(i).event();
            switch (results.get(i)) {
                case PaymentPosting.Outcome.Posted posted -> {
                    PostedPayment p = posted.posted();
                    postedIds.addAll(posted.payment().origin().stripeIds());
                    String reason = p.alreadyPosted()
                            ? "payment " + p.sourceId() + " was already posted (journal entry " + p.journalEntryId()
                                    + ")"
                            : "posted payment " + p.sourceId() + " " + p.split().gross() + " to " + p.vaultId()
                                    + ": partner " + p.split().partnerPayout() + ", fee " + p.split().fee() + " ("
                                    + p.split().feeSource().name().toLowerCase(Locale.ROOT) + ")";
                    completions.add(new Inbox.Completion(event.seq(), EventStatus.PROCESSED, reason,
                            Optional.empty()));
                }
                case PaymentPosting.Outcome.Refused refused -> completions.add(new Inbox.Completion(event.seq(),
                        EventStatus.PARKED, refused.reason().getMessage(), Optional.empty()));
            }
        }
        payable.clear();
    }

    /**
     * A payment event that breaks the metadata contract: done if another event of the same payment posted it
     * already, else parked until one does (a subscription's charge carries no metadata; its invoice.paid does).
     */
    private static Inbox.Completion unpayable(InboxEvent event, EventAction.Pay pay, Set<String> linked) {
        boolean posted = pay.stripeIds().stream().anyMatch(linked::contains);
        if (posted) {
            return new Inbox.Completion(event.seq(), EventStatus.PROCESSED, "payment " + pay.paymentKey()
                    + " was already posted by another event", Optional.empty());
        }
        return new Inbox.Completion(event.seq(), EventStatus.PARKED, pay.problem().orElseThrow()
                + "; waiting for another event of payment " + pay.paymentKey() + " that carries it",
                Optional.of(pay.paymentKey()));
    }

    /** The Stripe ids named by the batch's metadata-less payment events that belong to a posted payment: one query. */
    private static Set<String> linkedStripeIds(Handle handle, List<Item> items) {
        List<String> ids = items.stream()
                .filter(item -> item.action() instanceof EventAction.Pay pay && pay.problem().isPresent())
                .flatMap(item -> ((EventAction.Pay) item.action()).stripeIds().stream()).distinct().toList();
        if (ids.isEmpty()) {
            return Set.of();
        }
        return handle.createQuery("SELECT stripe_id FROM payment_stripe_ref WHERE stripe_id IN (<ids>)")
                .bindList("ids", ids).mapTo(String.class).set();
    }

    private Inbox.Completion adjust(Handle handle, InboxEvent event, EventAction.Adjust adjust) {
        try {
            return switch (adjustments.apply(handle, adjust.adjustment())) {
                case PaymentAdjustments.Result.Applied applied -> new Inbox.Completion(event.seq(),
                        EventStatus.PROCESSED, applied.summary(), Optional.empty());
                case PaymentAdjustments.Result.NoChange none -> new Inbox.Completion(event.seq(),
                        EventStatus.PROCESSED, "no change: " + none.why(), Optional.empty());
                case PaymentAdjustments.Result.AwaitingPayment waiting -> new Inbox.Completion(event.seq(),
                        EventStatus.PARKED, "arrived before the payment it refers to ("
                                + String.join(", ", adjust.adjustment().stripeRefs())
                                + "); processed when that payment is posted",
                        Optional.of(waiting.stripeRef()));
            };
        } catch (ai.mirroros.licensing.LicensingException e) {
            return new Inbox.Completion(event.seq(), EventStatus.PARKED, e.getMessage(), Optional.empty());
        }
    }

    private BatchResult oneByOne(List<Item> items) {
        BatchResult total = BatchResult.EMPTY;
        for (Item item : items) {
            try {
                List<Inbox.Completion> completed = new ArrayList<>();
                BatchResult one = database.jdbi().inTransaction(handle -> inbox.lockOne(handle, item.event().seq())
                        ? apply(handle, List.of(item), completed) : BatchResult.EMPTY);
                count(one);
                observeLatency(List.of(item), completed);
                total = total.plus(one);
            } catch (RuntimeException e) {
                if (database.dialect().isConnectionFailure(e)) {
                    throw e;
                }
                int attempt = item.event().attempts() + 1;
                Duration backoff = RETRY_BACKOFF_FIRST.multipliedBy(1L << Math.min(attempt - 1, 10));
                LOG.warn("event {} failed alone (attempt {} of {}); retry after {}: {}", item.event().eventId(),
                        attempt, ATTEMPTS_MAX, backoff, e.toString());
                try {
                    inbox.fail(item.event().seq(), "attempt " + attempt + " failed: " + e, clock.instant().plus(backoff),
                            ATTEMPTS_MAX);
                } catch (RuntimeException stillDown) {
                    LOG.warn("could not record the failure; the event stays pending and is tried again");
                }
                total = total.plus(new BatchResult(1, 0, 0, 0, 1));
            }
        }
        return total;
    }

    /** After commit: how long each event that left the inbox for good waited since it was stored. */
    private void observeLatency(List<Item> items, List<Inbox.Completion> completed) {
        if (completed.isEmpty()) {
            return;
        }
        Map<Long, Instant> receivedAt = new HashMap<>();
        items.forEach(item -> receivedAt.put(item.event().seq(), item.event().receivedAt()));
        Instant now = clock.instant();
        for (Inbox.Completion completion : completed) {
            Instant stored = receivedAt.get(completion.seq());
            if (stored != null && (completion.status() == EventStatus.PROCESSED
                    || completion.status() == EventStatus.IGNORED)) {
                // Another instance stored it by its own clock, which may run a little ahead of ours.
                processingLatency.record(stored.isAfter(now) ? Duration.ZERO : Duration.between(stored, now));
            }
        }
    }

    private void count(BatchResult result) {
        outcomes.get(EventStatus.PROCESSED).increment(result.processed());
        outcomes.get(EventStatus.IGNORED).increment(result.ignored());
        outcomes.get(EventStatus.PARKED).increment(result.parked());
    }
}
