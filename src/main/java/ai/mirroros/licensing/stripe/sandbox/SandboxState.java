package ai.mirroros.licensing.stripe.sandbox;

import ai.mirroros.licensing.stripe.StripeEventJson;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What every feature of the sandbox shares: the clock, the balances with their balance transactions, and the
 * events. One lock (this object's monitor) guards all sandbox state, so a request's effect — balance moves,
 * objects, events — is applied atomically and events are created (and queued for delivery) in the order the
 * effects happened. The sandbox is for correctness, not throughput; one lock is the honest simple choice.
 */
final class SandboxState {
    /** Events kept for {@code GET /_sandbox/events} and {@code /v1/events}; an event is ~1–3 KB. */
    static final int EVENTS_MAX = 10_000;
    /**
     * Balance transactions kept (each ~300 bytes with its indexes): a transfer makes two, so a 100,000-transfer
     * benchmark needs 200,000. Beyond the limit requests that would move money answer 503 (restart the sandbox).
     */
    static final int TXNS_MAX = 2_000_000;
    /** The most balance transactions one request makes (a transfer and its destination payment, a refund…). */
    private static final int TXNS_PER_REQUEST_MAX = 4;
    /** Index of the balance transactions that were pending when posted. */
    private static final String POSTED_PENDING = "posted_pending";
    private static final ObjectMapper JSON = new ObjectMapper();

    final SandboxConfig config;
    final ExchangeRates rates;
    final Balances balances = new Balances();
    private final Map<String, Txn> txns = new HashMap<>();
    /** Per account ({@link Balances#PLATFORM} or a connected account), for {@code GET /v1/balance_transactions}. */
    private final Map<String, Timeline> txnTimelines = new HashMap<>();
    private final Map<String, SandboxEvent> events = boundedMap(EVENTS_MAX);
    private final Optional<WebhookSender> webhooks;
    /** Where every object and event id comes from: random, or seeded for runs that must repeat. */
    final Ids ids;

    SandboxState(SandboxConfig config, Optional<WebhookSender> webhooks, Ids ids) {
        this.config = config;
        this.rates = new ExchangeRates(config.usdPerUnit());
        this.webhooks = webhooks;
        this.ids = ids;
    }

    Instant now() {
        return config.clock().instant();
    }

    String settlementCurrency() {
        return config.settlementCurrency();
    }

    /**
     * Records a balance transaction on {@code account} and moves its net ({@code amount − fee}) into the available
     * or pending balance. Must be called holding the lock.
     */
    Txn post(String account, String type, String reportingCategory, long amountMinor, long feeMinor,
             String currency, Optional<BigDecimal> exchangeRate, String sourceId, boolean pending) {
        assert Thread.holdsLock(this);
        StripeEventJson.BalanceTransaction bt = new StripeEventJson.BalanceTransaction(ids.next("txn"),
                amountMinor, feeMinor, currency, exchangeRate, now(), sourceId);
        Txn txn = new Txn(bt, account, type, reportingCategory, pending);
        if (pending) {
            balances.addPending(account, currency, txn.netMinor());
        } else {
            balances.addAvailable(account, currency, txn.netMinor());
        }
        txns.put(txn.id(), txn);
        Map<String, String> keys = new HashMap<>(Map.of("type", type, "currency", currency, "source", sourceId));
        if (pending) {
            // Releasing pending funds then visits only transactions that were ever pending.
            keys.put(POSTED_PENDING, "true");
        }
        txnTimeline(account).append(txn.id(), bt.created().getEpochSecond(), keys);
        return txn;
    }

    /**
     * Refuses (503) a request that would record balance transactions once the sandbox holds {@link #TXNS_MAX}:
     * called before anything moves, so a request never stops half-way. Must be called holding the lock.
     */
    void requireTxnRoom() {
        assert Thread.holdsLock(this);
        if (txns.size() + TXNS_PER_REQUEST_MAX > TXNS_MAX) {
            throw new StripeApiError(503, StripeApiError.API_ERROR, null, "The sandbox holds " + TXNS_MAX
                    + " balance transactions, its limit; restart it.", null, false);
        }
    }

    synchronized Optional<Txn> txn(String id) {
        return Optional.ofNullable(txns.get(id));
    }

    /** One page of an account's balance transactions, newest first. */
    record TxnPage(List<Txn> txns, boolean hasMore) {
    }

    /** A page of {@code account}'s balance transactions, as {@code GET /v1/balance_transactions} lists them. */
    synchronized TxnPage txnPage(String account, Timeline.Query query) {
        Timeline.Page page = txnTimeline(account).page(query);
        return new TxnPage(page.ids().stream().map(txns::get).toList(), page.hasMore());
    }

    /** Makes every pending balance transaction of {@code account} available, as the payout schedule would. */
    synchronized void releasePending(String account) {
        balances.releaseAll(account);
        for (String id : txnTimeline(account).idsWith(new Timeline.Key(POSTED_PENDING, "true"))) {
            Txn txn = txns.get(id);
            if (txn.pending()) {
                txns.put(id, txn.released());
            }
        }
    }

    private Timeline txnTimeline(String account) {
        return txnTimelines.computeIfAbsent(account, a -> new Timeline());
    }

    /**
     * Creates an event (for Connect events, {@code account} is the connected account, Stripe's {@code account}
     * field) and queues its delivery when the endpoint is subscribed to its type. Must be called holding the lock.
     */
    SandboxEvent emit(String type, ObjectNode object, Optional<String> account) {
        assert Thread.holdsLock(this);
        String id = ids.next("evt");
        Instant created = now();
        String json = StripeEventJson.event(id, type, created, object);
        if (account.isPresent()) {
            json = withAccount(json, account.get());
        }
        SandboxEvent event = new SandboxEvent(id, type, created, account, json);
        events.put(id, event);
        Optional<WebhookSender> sender = webhooks;
        if (sender.isPresent() && (config.webhookEvents().isEmpty() || config.webhookEvents().contains(type))) {
            sender.get().send(event);
        }
        return event;
    }

    synchronized List<SandboxEvent> events() {
        return List.copyOf(new ArrayList<>(events.values()));
    }

    synchronized Optional<SandboxEvent> event(String id) {
        return Optional.ofNullable(events.get(id));
    }

    private static String withAccount(String eventJson, String account) {
        try {
            ObjectNode node = (ObjectNode) JSON.readTree(eventJson);
            node.put("account", account);
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an event we just wrote is JSON", e);
        }
    }

    private static <V> Map<String, V> boundedMap(int max) {
        return new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > max;
            }
        };
    }
}
