package ai.mirroros.licensing.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import ai.mirroros.licensing.LicensingApp;
import ai.mirroros.licensing.store.DatabaseTestSupport;
import ai.mirroros.licensing.stripe.StripeEventJson;
import ai.mirroros.licensing.stripe.WebhookSignature;
import ai.mirroros.licensing.web.WebServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What an attacker or a broken proxy can send to {@code POST /webhooks/stripe}: each is refused with a 4xx problem
 * document, counted under its reason in {@code licensing_webhook_rejected_total}, and writes nothing.
 */
class HostileWebhookTest extends DatabaseTestSupport {
    private static final int TEN_MB = 10 * 1024 * 1024;
    private static final int HUGE_TRIES = 5;
    private static final Pattern REJECTED = Pattern.compile(
            "^licensing_webhook_rejected_total\\{reason=\"([a-z_]+)\"} ([0-9.]+)$", Pattern.MULTILINE);

    private LicensingApp app;
    private Ingestion ingestion;
    private WebServer server;
    private HttpClient http;
    private URI endpoint;

    @BeforeEach
    void startServer() {
        app = LicensingApp.over(db, Clock.systemUTC());
        ingestion = Ingestion.start(app, IngestSettings.defaults().withWebhookSecrets(List.of(WebhookClient.SECRET)),
                false);
        server = WebServer.start(app, ingestion, "127.0.0.1", 0);
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        endpoint = URI.create("http://127.0.0.1:" + server.port() + "/webhooks/stripe");
    }

    @AfterEach
    void stopServer() {
        http.close();
        server.close();
        ingestion.close();
    }

    /** One hostile request and how it must be refused. */
    private record Hostile(String name, HttpRequest request, int status, String reason) {
    }

    @Test
    void everyHostileDeliveryIsRefusedCountedByReasonAndWritesNothing() throws Exception {
        Instant now = Instant.now();
        byte[] genuine = WebhookClient.paymentSucceeded("evt_genuine",
                WebhookClient.charge("genuine", "enterprise-vault.sig", 5_000, now), now)
                .getBytes(StandardCharsets.UTF_8);
        Instant earlier = now.minusSeconds(3_600);
        String oldSignature = WebhookSignature.sign(WebhookClient.SECRET, earlier, genuine);
        String oldV1 = oldSignature.substring(oldSignature.indexOf(",v1=") + 1);
        byte[] truncated = java.util.Arrays.copyOf(genuine, genuine.length / 2);
        byte[] notJson = "this is not json {".getBytes(StandardCharsets.UTF_8);
        byte[] notAnEvent = "{\"object\":\"charge\",\"id\":\"ch_1\",\"amount\":100}".getBytes(StandardCharsets.UTF_8);
        byte[] notUtf8 = notUtf8Event();
        byte[] huge = new byte[TEN_MB];
        java.util.Arrays.fill(huge, (byte) ' ');

        List<Hostile> hostile = new java.util.ArrayList<>(List.of(
                new Hostile("forged signature", post(genuine, WebhookSignature.sign("whsec_attacker", now, genuine)),
                        400, "signature_mismatch"),
                new Hostile("replayed body, old v1 under a fresh t", post(genuine, "t=" + now.getEpochSecond() + ","
                        + oldV1), 400, "signature_mismatch"),
                new Hostile("stale timestamp", post(genuine, oldSignature), 400, "stale_timestamp"),
                new Hostile("truncated body, original signature", post(truncated, signed(genuine, now)), 400,
                        "signature_mismatch"),
                new Hostile("signed body that is not JSON", post(notJson, signed(notJson, now)), 400,
                        "malformed_event"),
                new Hostile("signed JSON that is not an event", post(notAnEvent, signed(notAnEvent, now)), 400,
                        "malformed_event"),
                new Hostile("signed body that is not UTF-8", post(notUtf8, signed(notUtf8, now)), 400,
                        "malformed_event"),
                new Hostile("1,000 v1 entries", post(genuine, thousandSignatures(now, i -> Integer.toString(i))),
                        400, "malformed_signature")));
        // Whether the refusal of a huge body reaches the client depends on TCP timing unless the server reads what
        // it refuses; several tries make a server that does not show.
        for (int i = 1; i <= HUGE_TRIES; i++) {
            hostile.add(new Hostile("10 MB with Content-Length, try " + i, post(huge, signed(huge, now)), 413,
                    "body_too_large"));
            hostile.add(new Hostile("10 MB chunked, no Content-Length, try " + i,
                    request(streamed(TEN_MB), signed(huge, now)), 413, "body_too_large"));
        }

        SoftAssertions softly = new SoftAssertions();
        Map<String, Long> expectedRejections = new TreeMap<>();
        for (Hostile attempt : hostile) {
            expectedRejections.merge(attempt.reason(), 1L, Long::sum);
            HttpResponse<String> response;
            try {
                response = http.send(attempt.request(), HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                softly.fail(attempt.name() + ": no answer reached the client (" + e.getMessage() + ")");
                continue;
            }
            softly.assertThat(response.statusCode()).as(attempt.name()).isEqualTo(attempt.status());
            softly.assertThat(response.headers().firstValue("Content-Type")).as(attempt.name())
                    .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
            softly.assertThat(response.body()).as(attempt.name())
                    .contains("\"type\":\"https://mirroros.ai/problems/" + attempt.reason() + "\"")
                    .contains("\"status\":" + attempt.status());
            softly.assertThat(rejections()).as("rejections after: " + attempt.name()).isEqualTo(expectedRejections);
            softly.assertThat(storedEvents()).as("stored after: " + attempt.name()).isZero();
        }
        softly.assertThat(app.inbox().stats().received()).as("received").isZero();
        softly.assertAll();

        // A thousand full-length signatures make a 67 KB header: Jetty refuses it with 431 against its 8 KB header
        // limit before the application sees the request, so the answer is Jetty's (not a problem document) and it
        // is not counted among the rejections. Nothing is stored either way.
        HttpResponse<String> oversized = http.send(post(genuine, thousandSignatures(now,
                i -> String.format("%064x", i))), HttpResponse.BodyHandlers.ofString());
        assertThat(oversized.statusCode()).isEqualTo(431);
        assertThat(rejections()).isEqualTo(expectedRejections);
        assertThat(storedEvents()).isZero();

        // The same server still takes a genuine delivery: the refusals above were about the requests.
        assertThat(http.send(post(genuine, signed(genuine, Instant.now())), HttpResponse.BodyHandlers.ofString())
                .statusCode()).isEqualTo(200);
        assertThat(storedEvents()).isEqualTo(1);
    }

    private HttpRequest post(byte[] body, String signature) {
        return request(HttpRequest.BodyPublishers.ofByteArray(body), signature);
    }

    private HttpRequest request(HttpRequest.BodyPublisher body, String signature) {
        return HttpRequest.newBuilder(endpoint)
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header(WebhookSignature.HEADER, signature)
                .POST(body)
                .build();
    }

    private static String signed(byte[] body, Instant at) {
        return WebhookSignature.sign(WebhookClient.SECRET, at, body);
    }

    /** A body of unknown length, sent chunked as it is produced, so the server cannot refuse it by its header. */
    private static HttpRequest.BodyPublisher streamed(int bytes) {
        return HttpRequest.BodyPublishers.ofInputStream(() -> new InputStream() {
            private int left = bytes;

            @Override
            public int read() {
                return left-- > 0 ? ' ' : -1;
            }

            @Override
            public int read(byte[] into, int offset, int length) {
                if (left <= 0) {
                    return -1;
                }
                int n = Math.min(length, left);
                java.util.Arrays.fill(into, offset, offset + n, (byte) ' ');
                left -= n;
                return n;
            }
        });
    }

    /** A header with a current timestamp and a thousand v1 entries, the i-th being {@code signature(i)}. */
    private static String thousandSignatures(Instant now, java.util.function.IntFunction<String> signature) {
        StringBuilder header = new StringBuilder("t=").append(now.getEpochSecond());
        for (int i = 0; i < 1_000; i++) {
            header.append(",v1=").append(signature.apply(i));
        }
        return header.toString();
    }

    /** A Stripe-shaped event whose id carries bytes that are not UTF-8 (0xC3 0x28 is an invalid sequence). */
    private static byte[] notUtf8Event() throws IOException {
        String event = StripeEventJson.event("evt_BAD", "payment_intent.succeeded", Instant.now(),
                StripeEventJson.paymentIntent(WebhookClient.charge("bad", "enterprise-vault.sig", 100, Instant.now()),
                        false));
        byte[] utf8 = event.getBytes(StandardCharsets.UTF_8);
        int at = event.indexOf("BAD");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(utf8, 0, at);
        out.write(new byte[] {(byte) 0xC3, (byte) 0x28});
        out.write(utf8, at + 3, utf8.length - at - 3);
        return out.toByteArray();
    }

    private Map<String, Long> rejections() throws IOException, InterruptedException {
        String metrics = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
        Map<String, Long> counts = new TreeMap<>();
        Matcher line = REJECTED.matcher(metrics);
        while (line.find()) {
            counts.put(line.group(1), (long) Double.parseDouble(line.group(2)));
        }
        return counts;
    }

    private long storedEvents() {
        return db.jdbi().withHandle(handle -> handle.createQuery("SELECT COUNT(*) FROM webhook_event")
                .mapTo(Long.class).one());
    }
}
