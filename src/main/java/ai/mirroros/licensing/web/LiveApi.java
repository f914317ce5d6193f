package ai.mirroros.licensing.web;

import ai.mirroros.licensing.LicensingApp;
import ai.mirroros.licensing.access.Principal;
import ai.mirroros.licensing.live.ActivityTail;
import ai.mirroros.licensing.live.LiveEvent;
import ai.mirroros.licensing.live.LiveFeed;
import ai.mirroros.licensing.live.Subscription;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.config.EventConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /api/vaults/{vaultId}/live}: a vault's payments, refunds, disputes and payouts as Server-Sent Events,
 * {@code id} = activity seq, {@code event} = payment | refund | dispute | payout, {@code data} =
 * {@code {"seq","type","sourceId","occurredAt","referral"}}; a comment every {@link #KEEP_ALIVE}. A client that sends
 * {@code Last-Event-ID} gets what it missed first. Events come from the server's one {@link LiveFeed}.
 *
 * <p>Registered as a plain GET rather than through Javalin's SSE handler, which commits a 200 before the handler
 * runs (so another partner's vault could not get its 404, nor a full server its 503) and ignores requests without
 * {@code Accept: text/event-stream} (so a plain {@code curl -N} would get an empty 200). The stream is written here
 * on the request's virtual thread, which blocks between events.
 */
final class LiveApi {
    private static final Logger LOG = LoggerFactory.getLogger(LiveApi.class);
    /** Comment lines keep proxies and load balancers (which often cut idle connections at 30-60 s) from closing. */
    static final Duration KEEP_ALIVE = Duration.ofSeconds(15);
    /** What EventSource-style clients wait before reconnecting. */
    static final long RETRY_MS = 3_000;
    static final String PATH = "/api/vaults/{vaultId}/live";

    private LiveApi() {
    }

    /** Registers the route; the feed's poller starts with the first stream and stops when the server stops. */
    static void register(ApiRouter api, LicensingApp app, EventConfig events) {
        LiveFeed feed = LiveFeed.start(new ActivityTail(app.database(), app.activityLog(), app.json()),
                LiveFeed.Settings.DEFAULT);
        events.serverStopping(feed::close);
        app.meters().gauge("licensing_live_streams", feed, LiveFeed::subscribers);
        api.get(PATH, ctx -> stream(ctx, app, feed));
    }

    private static void stream(Context ctx, LicensingApp app, LiveFeed feed) throws InterruptedException {
        String vaultId = VaultApi.vault(ctx, app).vaultId();
        Principal principal = ApiAuth.principal(ctx);
        OptionalLong lastEventId = lastEventId(ctx);
        try (Subscription subscription = subscribe(feed, vaultId, principal, lastEventId, app)) {
            Subscription.Replay replay;
            try {
                replay = subscription.replay();
            } catch (RuntimeException e) {
                throw unavailable(app);
            }
            try {
                OutputStream out = open(ctx.res());
                send(out, ": live updates for vault " + vaultId + " (events: payment, refund, dispute, payout)\n"
                        + "retry: " + RETRY_MS + "\n\n");
                if (replay.truncated()) {
                    send(out, ": replay truncated: more happened than a reconnect replays; reload the figures\n\n");
                }
                for (LiveEvent event : replay.events()) {
                    send(out, frame(event, app.json()));
                }
                // The key id names the key in logs; the secret never reaches this code.
                LOG.debug("live stream opened: vault {}, key {}, {} events replayed, live after seq {}", vaultId,
                        principal.keyId(), replay.events().size(), subscription.liveFrom());
                pump(subscription, out, app.json());
            } catch (IOException e) {
                // The client went away; closing the subscription is all there is to do.
            }
            LOG.debug("live stream closed: vault {}, key {}", vaultId, principal.keyId());
        }
    }

    private static void pump(Subscription subscription, OutputStream out, ObjectMapper json)
            throws IOException, InterruptedException {
        while (true) {
            switch (subscription.next(KEEP_ALIVE)) {
                case Subscription.Event e -> send(out, frame(e.event(), json));
                case Subscription.KeepAlive k -> send(out, ": keep-alive\n\n");
                case Subscription.Ended ended -> {
                    send(out, ": stream ended (" + (ended.reason() == Subscription.End.TOO_SLOW
                            ? "events came faster than they were read" : "server stopping")
                            + "); reconnect with Last-Event-ID\n\n");
                    return;
                }
            }
        }
    }

    private static Subscription subscribe(LiveFeed feed, String vaultId, Principal principal,
                                          OptionalLong lastEventId, LicensingApp app) {
        try {
            return feed.subscribe(vaultId, principal.keyId(), lastEventId);
        } catch (LiveFeed.Refused refused) {
            throw switch (refused.reason()) {
                case KEY_FULL -> refusal(app, HttpStatus.TOO_MANY_REQUESTS, "too_many_streams", refused.getMessage()
                        + "; close one (each browser tab of the dashboard holds one)");
                case SERVER_FULL -> refusal(app, HttpStatus.SERVICE_UNAVAILABLE, "streams_exhausted",
                        refused.getMessage() + "; try again shortly or another instance");
                case STOPPED -> refusal(app, HttpStatus.SERVICE_UNAVAILABLE, "streams_exhausted",
                        refused.getMessage() + "; reconnect to another instance");
                case UNAVAILABLE -> unavailable(app);
            };
        }
    }

    private static ApiProblem refusal(LicensingApp app, HttpStatus status, String code, String detail) {
        app.meters().counter("licensing_api_refused_total", "reason", code).increment();
        return new ApiProblem(status, code, detail, Map.of("Retry-After", "30"));
    }

    private static ApiProblem unavailable(LicensingApp app) {
        return refusal(app, HttpStatus.SERVICE_UNAVAILABLE, "live_unavailable",
                "live updates cannot read the activity log right now; retry shortly");
    }

    private static OptionalLong lastEventId(Context ctx) {
        String raw = ctx.header("Last-Event-ID");
        if (raw == null || raw.isBlank()) {
            return OptionalLong.empty();
        }
        try {
            long seq = Long.parseLong(raw.strip());
            if (seq >= 0) {
                return OptionalLong.of(seq);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ApiProblem.invalidParameter("Last-Event-ID", "must be the id of an event this stream sent (a whole "
                + "number), got '" + raw + "'");
    }

    /** Commits the response as an event stream; nothing can turn it into an error after this. */
    private static OutputStream open(HttpServletResponse res) throws IOException {
        res.setStatus(HttpStatus.OK.getCode());
        res.setContentType("text/event-stream;charset=utf-8");
        res.setHeader("Cache-Control", "no-cache");
        res.setHeader("X-Accel-Buffering", "no"); // nginx: pass events through instead of buffering the response
        return res.getOutputStream();
    }

    private static void send(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** One event in the SSE wire format; the JSON has no line breaks, so it is one {@code data:} line. */
    static String frame(LiveEvent event, ObjectMapper json) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("seq", event.seq());
        data.put("type", event.type());
        data.put("sourceId", event.sourceId().orElse(null));
        data.put("occurredAt", event.occurredAt().toString());
        data.put("referral", event.referral());
        try {
            return "id: " + event.seq() + "\nevent: " + event.kind().wireName() + "\ndata: "
                    + json.writeValueAsString(data) + "\n\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings and numbers is JSON", e);
        }
    }
}
