package ai.mirroros.licensing.web;

import ai.mirroros.licensing.LicensingApp;
import ai.mirroros.licensing.LicensingException;
import ai.mirroros.licensing.access.RateLimiter;
import ai.mirroros.licensing.ingest.Ingestion;
import ai.mirroros.licensing.vault.UnknownVaultException;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.json.JavalinJackson;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The HTTP server: explicit routes, virtual threads, problem+json errors. Starts in milliseconds in tests. */
public final class WebServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WebServer.class);
    private static final String PROBLEM_JSON = "application/problem+json";
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = LicensingApp.newObjectMapper();

    /** Long enough for open streams to hear "server stopping" and in-flight requests to finish. */
    static final java.time.Duration STOP_WAIT = java.time.Duration.ofSeconds(10);

    private final Javalin javalin;
    private final ApiRouter api;

    private WebServer(Javalin javalin, ApiRouter api) {
        this.javalin = javalin;
        this.api = api;
    }

    /** Starts on {@code port} (0 picks a free one) without webhook ingestion (the endpoint answers 503). */
    public static WebServer start(LicensingApp app, String host, int port) {
        return start(app, null, host, port);
    }

    /**
     * Starts on {@code port} (0 picks a free one) and returns once it is listening. {@code ingestion} receives
     * {@code POST /webhooks/stripe}; the caller owns and closes it.
     */
    public static WebServer start(LicensingApp app, Ingestion ingestion, String host, int port) {
        return start(app, ingestion, host, port, ApiSettings.DEFAULT);
    }

    /** As {@link #start(LicensingApp, Ingestion, String, int)}, with the partner API's limits. */
    public static WebServer start(LicensingApp app, Ingestion ingestion, String host, int port,
                                  ApiSettings apiSettings) {
        ApiAuth auth = new ApiAuth(app.apiKeys(), new RateLimiter(apiSettings.requestsPerSecond(),
                apiSettings.burst(), System::nanoTime), app.meters());
        ApiRouter[] api = new ApiRouter[1];
        StripeWebhookHandler webhooks = ingestion == null ? null
                : new StripeWebhookHandler(ingestion, app.clock(), app.meters());
        Javalin javalin = Javalin.create(config -> {
            config.jsonMapper(new JavalinJackson(app.json(), true));
            config.concurrency.useVirtualThreads = true;
            config.startup.showJavalinBanner = false;
            config.routes.get("/health", new Health(app)::respond);
            config.routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                    .result(app.meters().scrape()));
            config.routes.get("/ingest/stats", ctx -> ctx.json(app.inbox().stats()));
            config.routes.before("/api/*", auth::authenticate);
            api[0] = new ApiRouter(config.routes);
            VaultApi.register(api[0], app);
            LedgerApi.register(api[0], app);
            PaymentsApi.register(api[0], app);
            PayoutsApi.register(api[0], app);
            ReferralApi.register(api[0], app);
            MarketplaceApi.register(api[0], app);
            HostingApi.register(api[0], app);
            GrowthApi.register(api[0], app);
            LiveApi.register(api[0], app, config.events);
            ReportsApi.register(api[0], app, apiSettings.dataKeys());
            OpenApiDocument.register(config.routes);
            MarketplaceRoutes.register(config.routes, app);
            ReferralRoutes.register(config.routes, app);
            DashboardRoutes.register(config);
            config.routes.post("/webhooks/stripe", ctx -> {
                if (webhooks == null) {
                    problem(ctx, HttpStatus.SERVICE_UNAVAILABLE, "ingestion_not_running",
                            "this server does not ingest webhooks; nothing was stored");
                } else {
                    webhooks.handle(ctx);
                }
            });
            config.routes.exception(ApiProblem.class, (e, ctx) -> {
                e.headers().forEach(ctx::header);
                problem(ctx, e.status(), e.code(), e.getMessage());
            });
            config.routes.exception(UnknownVaultException.class, (e, ctx) -> problem(ctx, HttpStatus.NOT_FOUND,
                    e.code(), e.getMessage()));
            config.routes.error(HttpStatus.NOT_FOUND.getCode(), ctx -> {
                if (!PROBLEM_JSON.equals(ctx.res().getContentType())) {
                    problem(ctx, HttpStatus.NOT_FOUND, "not_found", "no such resource: " + ctx.method() + " "
                            + ctx.path());
                }
            });
            config.routes.exception(LicensingException.class, (e, ctx) -> problem(ctx, HttpStatus.BAD_REQUEST,
                    e.code(), e.getMessage()));
            config.routes.exception(Exception.class, (e, ctx) -> {
                LOG.error("unhandled error on {} {}", ctx.method(), ctx.path(), e);
                problem(ctx, HttpStatus.INTERNAL_SERVER_ERROR, "internal_error",
                        "the server could not complete the request; it has been logged");
            });
        });
        javalin.start(host, port);
        return new WebServer(javalin, api[0]);
    }

    /** The {@code /api/} routes this server serves, as registered. */
    public java.util.List<ApiRouter.Route> apiRoutes() {
        return api.routes();
    }

    public int port() {
        return javalin.port();
    }

    /**
     * Stops the server, waiting at most {@link #STOP_WAIT}. Jetty 12.1's stop can wait forever on a connection whose
     * last write the client never reads (seen once with a live stream at shutdown: the selector waits for a send
     * that only the selector could complete); a shutdown must not hang on one client, so past the wait the caller
     * goes on and the stuck stop is left to the process's exit.
     */
    @Override
    public void close() {
        Thread stopper = Thread.ofPlatform().daemon().name("licensing-web-stop").start(javalin::stop);
        try {
            stopper.join(STOP_WAIT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (stopper.isAlive()) {
            LOG.warn("the HTTP server did not stop within {} s (a client connection would not close); going on "
                    + "without it", STOP_WAIT.toSeconds());
        }
    }

    /** Writes an RFC 9457 problem document. */
    static void problem(Context ctx, HttpStatus status, String code, String detail) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "https://mirroros.ai/problems/" + code);
        body.put("title", code.replace('_', ' '));
        body.put("status", status.getCode());
        body.put("code", code);
        body.put("detail", detail);
        ctx.status(status).contentType(PROBLEM_JSON).result(jsonString(body));
    }

    private static String jsonString(Map<String, Object> body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
