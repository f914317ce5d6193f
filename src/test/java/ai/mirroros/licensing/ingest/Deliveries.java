package ai.mirroros.licensing.ingest;

import ai.mirroros.licensing.stripe.WebhookSignature;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;

/**
 * Concurrent signed deliveries to one server, as Stripe makes them: each request signed at the moment it is sent,
 * several in flight at once, every outcome recorded (a status, or {@link #NO_RESPONSE} when the connection failed).
 */
final class Deliveries implements AutoCloseable {
    /** The request never got an answer: refused, reset, or the server died while it was in flight. */
    static final int NO_RESPONSE = -1;
    /** Longer than Stripe's own timeout (about 10 s); a request that takes this long has hung. */
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final URI endpoint;
    private final HttpClient http;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();

    /** One delivery attempt and what came back. */
    record Outcome(EventLoad.StripeEvent event, int status, String contentType, String body, long latencyMs) {
        boolean acknowledged() {
            return status == 200;
        }
    }

    Deliveries(int port) {
        this.endpoint = URI.create("http://127.0.0.1:" + port + "/webhooks/stripe");
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(threads)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** Sends every event once, at most {@code inFlight} at a time; {@code onOutcome} sees each result as it comes. */
    Map<String, Outcome> send(List<EventLoad.StripeEvent> events, int inFlight, Consumer<Outcome> onOutcome)
            throws InterruptedException {
        Map<String, Outcome> outcomes = new ConcurrentHashMap<>();
        Semaphore slots = new Semaphore(inFlight);
        List<Thread> senders = new ArrayList<>(events.size());
        for (EventLoad.StripeEvent event : events) {
            slots.acquire();
            senders.add(Thread.ofVirtual().start(() -> {
                try {
                    Outcome outcome = sendOne(event);
                    outcomes.put(event.id(), outcome);
                    onOutcome.accept(outcome);
                } finally {
                    slots.release();
                }
            }));
        }
        for (Thread sender : senders) {
            sender.join();
        }
        return outcomes;
    }

    /**
     * Sends, and re-sends whatever was not acknowledged, up to {@code rounds} times (Stripe retries for days; a
     * test gives up sooner). Returns the last outcome of every event.
     */
    Map<String, Outcome> sendUntilAcknowledged(List<EventLoad.StripeEvent> events, int inFlight, int rounds)
            throws InterruptedException {
        Map<String, Outcome> last = new ConcurrentHashMap<>();
        List<EventLoad.StripeEvent> remaining = events;
        for (int round = 0; round < rounds && !remaining.isEmpty(); round++) {
            if (round > 0) {
                Thread.sleep(500);
            }
            Map<String, Outcome> outcomes = send(remaining, inFlight, outcome -> { });
            last.putAll(outcomes);
            remaining = remaining.stream().filter(e -> !outcomes.get(e.id()).acknowledged()).toList();
        }
        return last;
    }

    Outcome sendOne(EventLoad.StripeEvent event) {
        byte[] body = event.body().getBytes(StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(endpoint)
                .timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/json")
                .header(WebhookSignature.HEADER, WebhookSignature.sign(WebhookClient.SECRET, Instant.now(), body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        long started = System.nanoTime();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Outcome(event, response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                    response.body(), (System.nanoTime() - started) / 1_000_000);
        } catch (IOException e) {
            return new Outcome(event, NO_RESPONSE, "", e.toString(), (System.nanoTime() - started) / 1_000_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(event, NO_RESPONSE, "", "interrupted", (System.nanoTime() - started) / 1_000_000);
        }
    }

    @Override
    public void close() {
        http.close();
        threads.close();
    }
}
