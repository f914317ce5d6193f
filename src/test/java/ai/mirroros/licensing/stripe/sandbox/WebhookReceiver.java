package ai.mirroros.licensing.stripe.sandbox;

import ai.mirroros.licensing.stripe.WebhookSignature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A webhook endpoint for tests: verifies each delivery with {@link WebhookSignature} (as the engine will) and
 * answers scripted statuses first, then 200.
 */
final class WebhookReceiver implements AutoCloseable {
    static final String SECRET = "whsec_sandbox_test";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One delivery as received; {@code rejection} says why the signature did not verify. */
    record Received(String eventId, String type, String body, Optional<WebhookSignature.Failure> rejection) {
    }

    private final WebhookSignature signature = new WebhookSignature(List.of(SECRET),
            WebhookSignature.DEFAULT_TOLERANCE);
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Deque<Integer> scripted = new ArrayDeque<>();
    private final Javalin javalin;

    WebhookReceiver(Integer... firstStatuses) {
        scripted.addAll(List.of(firstStatuses));
        javalin = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.routes.post("/stripe/webhook", ctx -> {
                byte[] body = ctx.bodyAsBytes();
                Optional<WebhookSignature.Failure> rejection = Optional.empty();
                try {
                    signature.verify(ctx.header(WebhookSignature.HEADER), body, Instant.now());
                } catch (WebhookSignature.VerificationException e) {
                    rejection = Optional.of(e.failure());
                }
                var event = JSON.readTree(body);
                received.add(new Received(event.get("id").asText(), event.get("type").asText(), ctx.body(),
                        rejection));
                Integer status;
                synchronized (scripted) {
                    status = scripted.pollFirst();
                }
                ctx.status(status == null ? 200 : status);
            });
        }).start("127.0.0.1", 0);
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + javalin.port() + "/stripe/webhook");
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    List<String> types() {
        return received.stream().map(Received::type).toList();
    }

    static String field(String json, String pointer) {
        try {
            return JSON.readTree(json).at(pointer).asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        javalin.stop();
    }
}
