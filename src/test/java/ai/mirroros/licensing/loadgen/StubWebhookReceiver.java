package ai.mirroros.licensing.loadgen;

import ai.mirroros.licensing.stripe.WebhookSignature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntUnaryOperator;

/**
 * A stand-in for the webhook endpoint of {@code licensing serve}, on a random port: it verifies every signature
 * with {@link WebhookSignature}, stores each event id once (a redelivery is answered 200 and changes nothing),
 * can delay or stall answers and answer other statuses, and serves {@code /ingest/stats} with events becoming
 * "processed" a configurable time after they were stored.
 */
final class StubWebhookReceiver implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final WebhookSignature verifier;
    private final Javalin javalin;
    private final Set<String> eventIds = ConcurrentHashMap.newKeySet();
    private final ConcurrentLinkedQueue<Long> storedAtNanos = new ConcurrentLinkedQueue<>();
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger badSignatures = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger inFlightMax = new AtomicInteger();

    volatile Duration delay = Duration.ZERO;
    /** How long the first request is held before it is answered. */
    volatile Duration firstRequestStall = Duration.ZERO;
    /** The status for the n-th request (1-based) whose signature verified; 200 stores the event. */
    volatile IntUnaryOperator statusForRequest = n -> 200;
    /** How long after being stored an event counts as processed in the stats. */
    volatile Duration postingDelay = Duration.ZERO;
    /** When false, stored events are never processed: posting stalls. */
    volatile boolean posting = true;

    StubWebhookReceiver(String secret) {
        this.verifier = new WebhookSignature(List.of(secret), WebhookSignature.DEFAULT_TOLERANCE);
        this.javalin = Javalin.create(config -> {
            config.concurrency.useVirtualThreads = true;
            config.startup.showJavalinBanner = false;
            config.routes.post(WebhookLoadGenerator.WEBHOOK_PATH, this::webhook);
            config.routes.get(IngestStatsClient.STATS_PATH, this::stats);
        });
        javalin.start("127.0.0.1", 0);
    }

    URI baseUrl() {
        return URI.create("http://127.0.0.1:" + javalin.port());
    }

    URI endpoint() {
        return baseUrl().resolve(WebhookLoadGenerator.WEBHOOK_PATH);
    }

    int requests() {
        return requests.get();
    }

    int badSignatures() {
        return badSignatures.get();
    }

    int storedEvents() {
        return eventIds.size();
    }

    Set<String> eventIds() {
        return Set.copyOf(eventIds);
    }

    int inFlightMax() {
        return inFlightMax.get();
    }

    private void webhook(Context ctx) throws Exception {
        int n = requests.incrementAndGet();
        inFlightMax.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        try {
            Duration hold = n == 1 && !firstRequestStall.isZero() ? firstRequestStall : delay;
            if (!hold.isZero()) {
                Thread.sleep(hold);
            }
            byte[] body = ctx.bodyAsBytes();
            try {
                verifier.verify(ctx.header(WebhookSignature.HEADER), body, Instant.now());
            } catch (WebhookSignature.VerificationException e) {
                badSignatures.incrementAndGet();
                ctx.status(400).result(e.failure().reasonTag());
                return;
            }
            int status = statusForRequest.applyAsInt(n);
            if (status != 200) {
                ctx.status(status).result("stub answers " + status);
                return;
            }
            if (eventIds.add(JSON.readTree(body).get("id").asText())) {
                storedAtNanos.add(System.nanoTime());
            }
            ctx.status(200).result("{\"received\":true}");
        } finally {
            inFlight.decrementAndGet();
        }
    }

    private void stats(Context ctx) {
        long now = System.nanoTime();
        long received = storedAtNanos.size();
        long processed = posting ? storedAtNanos.stream().filter(t -> now - t >= postingDelay.toNanos()).count() : 0;
        ctx.json(Map.of("received", received, "pending", received - processed, "processed", processed,
                "parked", 0, "ignored", 0));
    }

    @Override
    public void close() {
        javalin.stop();
    }
}
