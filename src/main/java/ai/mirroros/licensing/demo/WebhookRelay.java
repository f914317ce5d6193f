package ai.mirroros.licensing.demo;

import ai.mirroros.licensing.LicensingApp;
import ai.mirroros.licensing.ingest.IngestSettings;
import ai.mirroros.licensing.ingest.Ingestion;
import ai.mirroros.licensing.store.Database;
import ai.mirroros.licensing.stripe.WebhookSignature;
import ai.mirroros.licensing.stripe.sandbox.SandboxEvent;
import ai.mirroros.licensing.web.WebServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;

/**
 * The engine's own webhook endpoint ({@code POST /webhooks/stripe} of {@link WebServer}), started in-process on a
 * loopback port with a fresh secret, and the client that signs the sandbox's events and posts them to it, one by
 * one, in the order Stripe made them. The endpoint verifies each signature against the real clock, as in
 * production; the event's own {@code created} carries its historical time. Nothing is processed here: a 200 means
 * the event is committed to the inbox.
 */
final class WebhookRelay implements AutoCloseable {
    /** The endpoint acknowledges within its own 8 s commit timeout; anything slower is a failure worth reporting. */
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(15);

    private final Ingestion ingestion;
    private final WebServer server;
    private final String secret;
    private final Clock realClock;
    private final URI endpoint;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(REQUEST_TIMEOUT).build();
    private long delivered;

    private WebhookRelay(Ingestion ingestion, WebServer server, String secret, Clock realClock) {
        this.ingestion = ingestion;
        this.server = server;
        this.secret = secret;
        this.realClock = realClock;
        this.endpoint = URI.create("http://127.0.0.1:" + server.port() + "/webhooks/stripe");
    }

    /**
     * Starts the endpoint over {@code database}, checking signatures against {@code realClock}. The endpoint only
     * stores; the seeder's processor posts what it stored, as of the simulated time.
     */
    static WebhookRelay start(Database database, Clock realClock) {
        String secret = "whsec_demo_" + HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
        LicensingApp app = LicensingApp.over(database, realClock);
        Ingestion ingestion = Ingestion.start(app, IngestSettings.defaults().withWebhookSecrets(List.of(secret)),
                false);
        try {
            return new WebhookRelay(ingestion, WebServer.start(app, ingestion, "127.0.0.1", 0), secret, realClock);
        } catch (RuntimeException e) {
            ingestion.close();
            throw e;
        }
    }

    /** Signs and posts each event in order; throws at the first one the endpoint does not acknowledge with 200. */
    void deliver(List<SandboxEvent> events) {
        for (SandboxEvent event : events) {
            byte[] body = event.json().getBytes(StandardCharsets.UTF_8);
            HttpRequest request = HttpRequest.newBuilder(endpoint).timeout(REQUEST_TIMEOUT)
                    .header("Content-Type", "application/json")
                    .header(WebhookSignature.HEADER, WebhookSignature.sign(secret, realClock.instant(), body))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
            HttpResponse<String> response;
            try {
                response = http.send(request, HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                throw new IllegalStateException("the webhook endpoint did not answer for event " + event.id() + " ("
                        + event.type() + "): " + e, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while delivering event " + event.id(), e);
            }
            if (response.statusCode() != 200) {
                throw new IllegalStateException("the webhook endpoint answered " + response.statusCode()
                        + " for event " + event.id() + " (" + event.type() + "): " + response.body());
            }
            delivered++;
        }
    }

    /** Events acknowledged so far. */
    long delivered() {
        return delivered;
    }

    @Override
    public void close() {
        http.close();
        server.close();
        ingestion.close();
    }
}
