package ai.mirroros.licensing.stripe.sandbox;

import io.javalin.Javalin;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An in-memory fake of Stripe's API that the official stripe-java client talks to: point it at {@link #baseUrl()}
 * ({@code StripeClient.builder().setApiBase(sandbox.baseUrl())}) and payments, refunds, disputes, balances,
 * Connect accounts, transfers, reversals and payouts behave as Stripe's do — balances move honestly, idempotency
 * keys replay, errors have Stripe's shape and status, webhooks are signed and retried. Faults (errors with
 * {@code Retry-After}, delays, slow endpoints, connection resets, "failed after commit") are injected through
 * {@link #faults()} or {@code /_sandbox/faults}.
 *
 * <pre>{@code
 * try (StripeSandbox sandbox = StripeSandbox.start(SandboxConfig.defaults())) {
 *     CreatedPayment paid = sandbox.createPayment(SandboxPayment.of(10_000, "eur", Map.of("vault_id", "v1")));
 *     StripeClient stripe = new StripeClient.StripeClientBuilder().setApiKey("sk_test_x")
 *             .setApiBase(sandbox.baseUrl()).build();
 *     Charge charge = stripe.v1().charges().retrieve(paid.chargeId());
 * }
 * }</pre>
 */
public final class StripeSandbox implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StripeSandbox.class);
    /** Requests kept in the request log. */
    public static final int REQUEST_LOG_MAX = 10_000;
    /** Stripe's requests are a few hundred bytes; this is far above any and far below a memory problem. */
    static final long BODY_BYTES_MAX = 256 * 1024;

    private final SandboxConfig config;
    private final SandboxState state;
    private final Payments payments;
    private final Subscriptions subscriptions;
    private final Connect connect;
    private final AccountLinks accountLinks;
    private final Faults faults = new Faults();
    private final BoundedLog<RecordedRequest> requests = new BoundedLog<>(REQUEST_LOG_MAX);
    private final Optional<WebhookSender> webhooks;
    private final Javalin javalin;
    private final AtomicBoolean closed = new AtomicBoolean();

    private StripeSandbox(SandboxConfig config, Ids ids) {
        this.config = config;
        this.webhooks = config.webhookUrl().map(url -> new WebhookSender(url, config.webhookSecret().orElseThrow(),
                config.clock(), config.webhookAttemptsMax(), config.webhookBackoff()));
        this.state = new SandboxState(config, webhooks, ids);
        this.payments = new Payments(state);
        this.subscriptions = new Subscriptions(state, payments);
        this.connect = new Connect(state);
        this.accountLinks = new AccountLinks(state, connect);
        Gateway gateway = new Gateway(config, faults, new Idempotency(config.idempotencyKeysMax()), requests);
        SandboxRoutes routes = new SandboxRoutes(gateway, this);
        this.javalin = Javalin.create(javalinConfig -> {
            javalinConfig.concurrency.useVirtualThreads = true;
            javalinConfig.startup.showJavalinBanner = false;
            javalinConfig.http.maxRequestSize = BODY_BYTES_MAX;
            routes.register(javalinConfig.routes);
        });
    }

    /** Starts listening (port 0 picks a free one) and returns once requests are accepted. */
    public static StripeSandbox start(SandboxConfig config) {
        return start(config, Ids.unseeded());
    }

    /**
     * Like {@link #start(SandboxConfig)}, but object and event ids come from sequences seeded with {@code idSeed}
     * (one per id prefix): the same calls in the same order give the same ids in every run.
     */
    public static StripeSandbox startSeeded(SandboxConfig config, long idSeed) {
        return start(config, Ids.seeded(idSeed));
    }

    private static StripeSandbox start(SandboxConfig config, Ids ids) {
        StripeSandbox sandbox = new StripeSandbox(config, ids);
        try {
            sandbox.javalin.start(config.host(), config.port());
        } catch (RuntimeException e) {
            sandbox.webhooks.ifPresent(WebhookSender::close);
            throw e;
        }
        LOG.debug("stripe sandbox listening on {}", sandbox.baseUrl());
        return sandbox;
    }

    public SandboxConfig config() {
        return config;
    }

    public int port() {
        return javalin.port();
    }

    /** {@code http://host:port}, what stripe-java's {@code setApiBase} takes. */
    public String baseUrl() {
        String host = config.host().equals("0.0.0.0") ? "127.0.0.1" : config.host();
        return "http://" + host + ":" + port();
    }

    /** Faults waiting to be applied to incoming requests; add and clear them here or over HTTP. */
    public Faults faults() {
        return faults;
    }

    /** Every request answered, oldest first (the newest {@link #REQUEST_LOG_MAX}). */
    public List<RecordedRequest> requests() {
        return requests.snapshot();
    }

    public void clearRequests() {
        requests.clear();
    }

    /** Every webhook delivery attempt, oldest first; empty without a webhook endpoint. */
    public List<WebhookDelivery> deliveries() {
        return webhooks.map(WebhookSender::deliveries).orElse(List.of());
    }

    /** Every event created, oldest first, whether or not it was delivered. */
    public List<SandboxEvent> events() {
        return state.events();
    }

    /** The platform's balance. */
    public SandboxBalance balance() {
        synchronized (state) {
            return state.balances.snapshot(Balances.PLATFORM);
        }
    }

    /** A connected account's balance. */
    public SandboxBalance balance(String accountId) {
        connect.requireScope(Optional.of(accountId));
        synchronized (state) {
            return state.balances.snapshot(accountId);
        }
    }

    /** A customer pays: payment intent, charge and balance transaction (net of Stripe's fee), plus events. */
    public CreatedPayment createPayment(SandboxPayment payment) {
        return payments.create(payment);
    }

    /** Refunds {@code amountMinor} of a charge (all that is left when empty); returns the refund id. */
    public String refund(String chargeId, OptionalLong amountMinor) {
        return payments.refund(Optional.of(chargeId), Optional.empty(), amountMinor, Map.of()).get("id").asText();
    }

    /** Opens a dispute ({@code needs_response}) on a charge; returns the dispute id. */
    public String openDispute(String chargeId, long amountMinor) {
        return payments.openDispute(chargeId, OptionalLong.of(amountMinor)).get("id").asText();
    }

    public void closeDispute(String disputeId, boolean won) {
        payments.closeDispute(disputeId, won ? "won" : "lost");
    }

    /**
     * Creates an Express account with the {@code transfers} capability requested, not yet onboarded (what
     * {@code POST /v1/accounts} gives); returns its id.
     */
    public String createExpressAccount(String country, Map<String, String> metadata) {
        return connect.createAccount("express", country, Optional.empty(), metadata, Set.of("transfers"))
                .get("id").asText();
    }

    /** Sets what the account still owes Stripe; an empty list completes onboarding. */
    public void setRequirements(String accountId, List<String> currentlyDue, boolean payoutsEnabled) {
        connect.setRequirements(accountId, currentlyDue, Optional.of(payoutsEnabled));
    }

    /** Nothing due, payouts enabled, a test bank account attached: the account can receive transfers. */
    public void completeOnboarding(String accountId) {
        connect.setRequirements(accountId, List.of(), Optional.of(true));
    }

    /**
     * The platform closes (rejects) the account: payouts and charges off, capabilities inactive,
     * {@code requirements.disabled_reason = rejected.other}, {@code account.updated}; transfers to it fail.
     */
    public void closeAccount(String accountId) {
        connect.closeAccount(accountId);
    }

    /**
     * A scheduled (automatic) payout of {@code amountMinor} from the connected account to its bank fails with
     * {@code failureCode} (Stripe's payout failure codes, e.g. {@code account_closed}, {@code no_account}): events
     * {@code payout.created} and {@code payout.failed}, both with {@code account} set to the connected account; the
     * money is back on its balance. The account needs that much available. Returns the payout id.
     */
    public String failBankPayout(String accountId, long amountMinor, String currency, String failureCode) {
        return connect.failBankPayout(accountId, amountMinor, currency, failureCode).get("id").asText();
    }

    /** The bank's answer to a pending payout: paid, or failed (the amount returns to the balance). */
    public void settlePayout(String payoutId, boolean paid) {
        connect.settlePayout(payoutId, paid ? "paid" : "failed", Optional.empty());
    }

    /**
     * Bills every active subscription whose current period has ended by the sandbox clock ({@link SandboxConfig#clock}):
     * one paid invoice per elapsed month, each period moved on by a month. Returns the payments, oldest first.
     */
    public List<CreatedPayment> renewSubscriptions() {
        return subscriptions.renew();
    }

    /** Cancels a subscription at once, as the Dashboard's "cancel immediately" does: {@code customer.subscription.deleted}. */
    public void cancelSubscription(String subscriptionId) {
        subscriptions.cancel(subscriptionId);
    }

    /** Makes the platform's pending funds available, as the passing of Stripe's payout delay would. */
    public void releasePending() {
        state.releasePending(Balances.PLATFORM);
    }

    SandboxState state() {
        return state;
    }

    Payments payments() {
        return payments;
    }

    Subscriptions subscriptions() {
        return subscriptions;
    }

    Connect connect() {
        return connect;
    }

    AccountLinks accountLinks() {
        return accountLinks;
    }

    /** Stops listening and delivering; safe to call more than once (a shutdown hook and a try block may both). */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            javalin.stop();
            webhooks.ifPresent(WebhookSender::close);
        }
    }
}
