package ai.mirroros.licensing.stripe.sandbox;

import ai.mirroros.licensing.stripe.WebhookSignature;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers events to the webhook endpoint like Stripe: a signed POST per event ({@code Stripe-Signature}, signed
 * afresh per attempt), retried with exponential backoff on a non-2xx answer, a timeout or a refused connection,
 * up to a bounded number of attempts. One delivery thread sends first attempts in the order events were created,
 * so a healthy endpoint sees them in order; retries are scheduled later and may overtake, as with Stripe.
 */
final class WebhookSender implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookSender.class);
    /** Stripe gives an endpoint a few seconds to answer; a receiver slower than this is counted as failed. */
    static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(10);
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** Deliveries (first attempts and retries) waiting at once; beyond it events are dropped, and logged. */
    static final int QUEUED_MAX = 10_000;
    /** The delivery log keeps this many attempts. */
    static final int LOG_MAX = 10_000;

    private final URI url;
    private final String secret;
    private final Clock clock;
    private final int attemptsMax;
    private final Duration backoff;
    private final HttpClient http;
    private final ScheduledExecutorService executor;
    private final AtomicInteger queued = new AtomicInteger();
    private final BoundedLog<WebhookDelivery> deliveries = new BoundedLog<>(LOG_MAX);

    WebhookSender(URI url, String secret, Clock clock, int attemptsMax, Duration backoff) {
        this.url = url;
        this.secret = secret;
        this.clock = clock;
        this.attemptsMax = attemptsMax;
        this.backoff = backoff;
        this.http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();
        ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "stripe-sandbox-webhooks");
            thread.setDaemon(true);
            return thread;
        });
        pool.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        this.executor = pool;
    }

    /** Queues the first attempt; called in event creation order. */
    void send(SandboxEvent event) {
        if (queued.incrementAndGet() > QUEUED_MAX) {
            queued.decrementAndGet();
            LOG.warn("stripe sandbox: {} webhook deliveries queued; dropping {} {}", QUEUED_MAX, event.type(),
                    event.id());
            record(event, 0, WebhookDelivery.Outcome.DROPPED, Optional.empty(), Optional.of("queue full"));
            return;
        }
        try {
            executor.execute(() -> attempt(event, 1));
        } catch (RejectedExecutionException closed) {
            queued.decrementAndGet();
        }
    }

    List<WebhookDelivery> deliveries() {
        return deliveries.snapshot();
    }

    private void attempt(SandboxEvent event, int attempt) {
        Optional<Integer> status = Optional.empty();
        Optional<String> error = Optional.empty();
        try {
            byte[] body = event.json().getBytes(StandardCharsets.UTF_8);
            HttpRequest request = HttpRequest.newBuilder(url)
                    .timeout(ATTEMPT_TIMEOUT)
                    .header("Content-Type", "application/json; charset=utf-8")
                    .header("User-Agent", "Stripe/1.0 (+https://stripe.com/docs/webhooks) mirroros-sandbox")
                    .header(WebhookSignature.HEADER, WebhookSignature.sign(secret, clock.instant(), body))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                    .build();
            int code = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            status = Optional.of(code);
            if (code >= 200 && code < 300) {
                record(event, attempt, WebhookDelivery.Outcome.DELIVERED, status, error);
                queued.decrementAndGet();
                return;
            }
            error = Optional.of("endpoint answered " + code);
        } catch (IOException e) {
            error = Optional.of(e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            queued.decrementAndGet();
            return;
        }
        retryOrGiveUp(event, attempt, status, error);
    }

    private void retryOrGiveUp(SandboxEvent event, int attempt, Optional<Integer> status, Optional<String> error) {
        if (attempt >= attemptsMax || executor.isShutdown()) {
            record(event, attempt, WebhookDelivery.Outcome.GAVE_UP, status, error);
            queued.decrementAndGet();
            LOG.warn("stripe sandbox: gave up delivering {} {} after {} attempts ({})", event.type(), event.id(),
                    attempt, error.orElse("?"));
            return;
        }
        record(event, attempt, WebhookDelivery.Outcome.RETRY_SCHEDULED, status, error);
        try {
            executor.schedule(() -> attempt(event, attempt + 1), backoffBefore(attempt + 1).toMillis(),
                    TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closed) {
            queued.decrementAndGet();
        }
    }

    /** The wait before {@code attempt} (2, 3, …): the configured backoff, doubled per attempt, capped. */
    Duration backoffBefore(int attempt) {
        Duration wait = backoff.multipliedBy(1L << Math.min(attempt - 2, 20));
        return wait.compareTo(SandboxConfig.BACKOFF_MAX) > 0 ? SandboxConfig.BACKOFF_MAX : wait;
    }

    private void record(SandboxEvent event, int attempt, WebhookDelivery.Outcome outcome, Optional<Integer> status,
                        Optional<String> error) {
        deliveries.add(new WebhookDelivery(event.id(), event.type(), attempt, outcome, status, error,
                clock.instant()));
    }

    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(ATTEMPT_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        http.close();
    }
}
