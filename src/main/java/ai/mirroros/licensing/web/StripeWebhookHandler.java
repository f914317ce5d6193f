package ai.mirroros.licensing.web;

import ai.mirroros.licensing.LicensingException;
import ai.mirroros.licensing.ingest.EventEnvelope;
import ai.mirroros.licensing.ingest.InboxWriter;
import ai.mirroros.licensing.ingest.IncomingEvent;
import ai.mirroros.licensing.ingest.IngestSettings;
import ai.mirroros.licensing.ingest.Ingestion;
import ai.mirroros.licensing.stripe.WebhookSignature;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /webhooks/stripe}: verify, store durably, then acknowledge. Every refusal is a 4xx problem document
 * that writes nothing and is counted by reason in {@code licensing_webhook_rejected_total}; a delivery that could
 * not be stored gets 503 so that Stripe retries it; 200 means the event is committed to the inbox.
 */
final class StripeWebhookHandler {
    /**
     * How long a request waits for its group commit. Stripe gives up after about 10 s; answering 503 a little
     * earlier lets it schedule the retry rather than count a timeout.
     */
    static final Duration ACK_TIMEOUT = Duration.ofSeconds(8);
    /**
     * A refused body is read and thrown away up to this much before the refusal is sent: closing a connection with
     * unread request bytes makes TCP reset it, and the client loses the 413 before it can read it (Tomcat's
     * maxSwallowSize and nginx's lingering close exist for the same reason). Discarding costs no memory; the bound is
     * the largest body limit the endpoint can be configured with. Beyond it the connection is just closed.
     */
    static final long DISCARD_BYTES_MAX = IngestSettings.MAX_BODY_BYTES_CEILING;
    private static final Logger LOG = LoggerFactory.getLogger(StripeWebhookHandler.class);

    private final Ingestion ingestion;
    private final Clock clock;
    private final MeterRegistry meters;
    private final Map<String, Counter> rejected = new ConcurrentHashMap<>();
    private final Counter stored;
    private final Counter duplicates;
    private final Timer ackLatency;

    StripeWebhookHandler(Ingestion ingestion, Clock clock, MeterRegistry meters) {
        this.ingestion = ingestion;
        this.clock = clock;
        this.meters = meters;
        this.stored = Counter.builder("licensing.webhook.accepted").tag("result", "new")
                .description("verified webhook deliveries committed to the inbox").register(meters);
        this.duplicates = Counter.builder("licensing.webhook.accepted").tag("result", "duplicate")
                .description("verified webhook deliveries committed to the inbox").register(meters);
        this.ackLatency = Timer.builder("licensing.webhook.ack")
                .description("time from request to acknowledgement of a stored event")
                .publishPercentileHistogram().register(meters);
    }

    void handle(Context ctx) {
        long started = System.nanoTime();
        int limit = ingestion.settings().maxBodyBytes();
        if (ctx.contentLength() > limit) {
            if (ctx.contentLength() <= DISCARD_BYTES_MAX) {
                discard(ctx);
            }
            reject(ctx, HttpStatus.CONTENT_TOO_LARGE, "body_too_large", "the body is " + ctx.contentLength()
                    + " bytes; webhook bodies are limited to " + limit + " bytes");
            return;
        }
        byte[] body;
        try {
            body = readAtMost(ctx.req().getInputStream(), limit);
        } catch (IOException e) {
            reject(ctx, HttpStatus.BAD_REQUEST, "unreadable_body", "the body could not be read: " + e.getMessage());
            return;
        }
        if (body == null) {
            discard(ctx);
            reject(ctx, HttpStatus.CONTENT_TOO_LARGE, "body_too_large", "webhook bodies are limited to " + limit
                    + " bytes");
            return;
        }
        if (ingestion.signature().isEmpty()) {
            reject(ctx, HttpStatus.SERVICE_UNAVAILABLE, "webhook_secret_not_configured",
                    "this server has no webhook secret (LICENSING_STRIPE_WEBHOOK_SECRET), so it cannot verify "
                            + "deliveries; nothing was stored");
            return;
        }
        try {
            ingestion.signature().get().verify(ctx.header(WebhookSignature.HEADER), body, clock.instant());
        } catch (WebhookSignature.VerificationException e) {
            reject(ctx, HttpStatus.BAD_REQUEST, e.failure().reasonTag(), e.failure().detail());
            return;
        }
        IncomingEvent event = parse(ctx, body);
        if (event == null) {
            return;
        }
        store(ctx, event, started);
    }

    private IncomingEvent parse(Context ctx, byte[] body) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            reject(ctx, HttpStatus.BAD_REQUEST, "malformed_event", "the body is not UTF-8");
            return null;
        }
        try {
            return EventEnvelope.parse(text, IncomingEvent.Origin.WEBHOOK);
        } catch (LicensingException e) {
            reject(ctx, HttpStatus.BAD_REQUEST, e.code(), e.getMessage());
            return null;
        }
    }

    private void store(Context ctx, IncomingEvent event, long started) {
        InboxWriter.Stored result;
        try {
            result = ingestion.writer().submit(event).get(ACK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            unavailable(ctx, "interrupted while storing the event");
            return;
        } catch (TimeoutException e) {
            unavailable(ctx, "storing the event took longer than " + ACK_TIMEOUT.toSeconds() + " s");
            return;
        } catch (ExecutionException e) {
            unavailable(ctx, e.getCause() instanceof InboxWriter.OverloadedException
                    ? "the inbox is overloaded" : "the inbox database is unavailable");
            return;
        }
        (result == InboxWriter.Stored.NEW ? stored : duplicates).increment();
        ackLatency.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        ctx.status(HttpStatus.OK).json(Map.of("received", true, "duplicate", result == InboxWriter.Stored.DUPLICATE));
    }

    private void unavailable(Context ctx, String why) {
        LOG.warn("webhook not acknowledged: {}", why);
        reject(ctx, HttpStatus.SERVICE_UNAVAILABLE, "inbox_unavailable", why
                + "; nothing is acknowledged that is not stored, so Stripe will retry");
        ctx.header("Retry-After", "5");
    }

    private void reject(Context ctx, HttpStatus status, String reason, String detail) {
        rejected.computeIfAbsent(reason, r -> Counter.builder("licensing.webhook.rejected").tag("reason", r)
                .description("webhook deliveries refused, by reason").register(meters)).increment();
        WebServer.problem(ctx, status, reason, detail);
    }

    /** Reads and drops the rest of the request body, at most {@link #DISCARD_BYTES_MAX} bytes. */
    private static void discard(Context ctx) {
        byte[] buffer = new byte[8_192];
        long left = DISCARD_BYTES_MAX;
        try {
            InputStream in = ctx.req().getInputStream();
            int n;
            while (left > 0 && (n = in.read(buffer, 0, (int) Math.min(buffer.length, left))) >= 0) {
                left -= n;
            }
        } catch (IOException e) {
            // The client went away; there is nobody left to tell.
        }
    }

    /** The whole stream, or null if it is longer than {@code limit} (a chunked body has no Content-Length). */
    private static byte[] readAtMost(InputStream in, int limit) throws IOException {
        byte[] body = in.readNBytes(limit + 1);
        return body.length > limit ? null : body;
    }
}
