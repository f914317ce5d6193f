package ai.mirroros.licensing.stripe.sandbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.SocketChannelEndPoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The door every request goes through, in Stripe's order: injected faults (the network or Stripe's edge
 * failing), authentication, parameter parsing, the idempotency layer, then the endpoint — and the request log.
 * Endpoints are plain functions from a {@link Call} to the JSON object they answer with; a {@link StripeApiError}
 * becomes Stripe's error body. The control API ({@code /_sandbox/…}) skips authentication and faults and takes
 * JSON bodies.
 */
final class Gateway {
    private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    static final String STRIPE_ACCOUNT = "Stripe-Account";

    /**
     * One request as an endpoint sees it.
     *
     * @param origin the sandbox as the caller reached it ({@code http://host:port}), for URLs handed back to them
     */
    record Call(Params params, Optional<String> stripeAccount, Map<String, String> pathParams, String origin) {
        String path(String name) {
            return pathParams.get(name);
        }
    }

    @FunctionalInterface
    interface Endpoint {
        ObjectNode handle(Call call);
    }

    /** What goes back on the wire; {@code saveable} says whether an idempotency key may remember it. */
    private record Answer(int status, String body, boolean replayed, boolean saveable) {
    }

    private final SandboxConfig config;
    private final Faults faults;
    private final Idempotency idempotency;
    private final BoundedLog<RecordedRequest> requests;

    Gateway(SandboxConfig config, Faults faults, Idempotency idempotency, BoundedLog<RecordedRequest> requests) {
        this.config = config;
        this.faults = faults;
        this.idempotency = idempotency;
        this.requests = requests;
    }

    Handler api(Endpoint endpoint) {
        return ctx -> serve(ctx, endpoint, true);
    }

    Handler control(Endpoint endpoint) {
        return ctx -> serve(ctx, endpoint, false);
    }

    void serve(Context ctx, Endpoint endpoint, boolean api) {
        String method = ctx.method().name();
        String path = ctx.path();
        Optional<String> key = header(ctx, IDEMPOTENCY_KEY);
        Optional<String> account = header(ctx, STRIPE_ACCOUNT);
        Optional<Fault.Effect> fault = api ? faults.take(method, path) : Optional.empty();
        Fault.Effect effect = fault.orElse(null);
        Answer answer;
        Optional<String> retryAfter = Optional.empty();
        if (effect instanceof Fault.Respond respond) {
            answer = error(new StripeApiError(respond.status(), respond.type(), respond.code().orElse(null),
                    respond.message(), null, false));
            retryAfter = respond.retryAfterHeader();
        } else if (effect instanceof Fault.ResetConnection reset
                && reset.point() == Fault.ResetPoint.BEFORE_ENDPOINT) {
            // Read the whole request first, so the client is waiting for its answer when the reset comes, as when
            // Stripe's edge drops a connection; a reset in the middle of its write is a different, rarer fault.
            ctx.bodyAsBytes();
            resetConnection(ctx, new RecordedRequest(config.clock().instant(), method, path, key, account,
                    RecordedRequest.NO_ANSWER, false, Optional.of(effect.describe())));
            return;
        } else {
            Duration processing = effect instanceof Fault.SlowEndpoint slow ? slow.duration() : Duration.ZERO;
            answer = run(ctx, endpoint, api, method, path, key, account, processing);
            if (effect instanceof Fault.ResetConnection) {
                resetConnection(ctx, new RecordedRequest(config.clock().instant(), method, path, key, account,
                        RecordedRequest.NO_ANSWER, answer.replayed(), Optional.of(effect.describe())));
                return;
            }
            if (effect instanceof Fault.FailAfterCommit) {
                answer = error(new StripeApiError(500, StripeApiError.API_ERROR, null, "An error occurred after the "
                        + "request was committed (injected by the sandbox); retry with the same idempotency key.",
                        null, false));
            }
            if (effect instanceof Fault.Delay delay) {
                hold(delay.delay());
            }
        }
        ctx.status(answer.status()).contentType("application/json").header("Request-Id", Ids.randomId("req"));
        retryAfter.ifPresent(seconds -> ctx.header("Retry-After", seconds));
        if (answer.replayed()) {
            ctx.header("Idempotent-Replayed", "true");
        }
        ctx.result(answer.body());
        requests.add(new RecordedRequest(config.clock().instant(), method, path, key, account, answer.status(),
                answer.replayed(), fault.map(Fault.Effect::describe)));
    }

    /**
     * Drops the connection without a byte of HTTP: {@code SO_LINGER 0} makes the close a TCP reset, which the client
     * sees as "connection reset" rather than an orderly end of stream. Jetty's attempt to write the (empty) answer
     * afterwards fails quietly on the closed endpoint.
     */
    private void resetConnection(Context ctx, RecordedRequest record) {
        EndPoint endPoint = ServletContextRequest.getServletContextRequest(ctx.req()).getConnectionMetaData()
                .getConnection().getEndPoint();
        if (endPoint instanceof SocketChannelEndPoint socket) {
            try {
                socket.getChannel().setOption(StandardSocketOptions.SO_LINGER, 0);
            } catch (IOException e) {
                // A plain close still leaves the client without an answer; only the TCP flavour differs.
                LOG.debug("stripe sandbox: could not set SO_LINGER for a reset", e);
            }
        }
        // Logged first: the client's resend may arrive (and be logged) before this thread runs again.
        requests.add(record);
        endPoint.close();
    }

    private static void hold(Duration delay) {
        try {
            Thread.sleep(delay);
        } catch (InterruptedException e) {
            // The server is stopping; answer now rather than swallow the interrupt.
            Thread.currentThread().interrupt();
        }
    }

    private Answer run(Context ctx, Endpoint endpoint, boolean api, String method, String path,
                       Optional<String> key, Optional<String> account, Duration processing) {
        Params params;
        try {
            if (api) {
                authenticate(ctx.header("Authorization"));
            }
            params = parse(ctx, api, method);
        } catch (StripeApiError e) {
            return error(e);
        }
        Call call = new Call(params, account, ctx.pathParamMap(), origin(ctx));
        if (key.isEmpty() || !method.equals("POST")) {
            // Stripe ignores keys on GET and DELETE: they are idempotent already.
            hold(processing);
            return invoke(endpoint, call);
        }
        if (key.get().length() > Idempotency.KEY_CHARS_MAX) {
            return error(StripeApiError.invalidParam(null, null, "Invalid Idempotency-Key: it must be at most "
                    + Idempotency.KEY_CHARS_MAX + " characters long."));
        }
        String scoped = account.orElse(Balances.PLATFORM) + " " + key.get();
        Idempotency.Fingerprint fingerprint = new Idempotency.Fingerprint(method, path, params.tree());
        return switch (idempotency.begin(scoped, fingerprint, config.clock().instant())) {
            case Idempotency.Replay replay -> new Answer(replay.saved().status(), replay.saved().body(), true, false);
            case Idempotency.Mismatch mismatch -> error(new StripeApiError(400, StripeApiError.IDEMPOTENCY_ERROR, null,
                    "Keys for idempotent requests can only be used with the same parameters they were first used "
                            + "with. Try using a key other than '" + key.get() + "' if you meant to execute a "
                            + "different request.", null, false));
            case Idempotency.InFlight inFlight -> error(new StripeApiError(409, StripeApiError.INVALID_REQUEST,
                    "idempotency_key_in_use", "There is currently another in-progress request using this "
                    + "Idempotency-Key. Please try again later.", null, false));
            case Idempotency.Proceed proceed -> {
                // Slow processing happens while the key is in flight, so twins see 409 meanwhile.
                hold(processing);
                Answer answer = invoke(endpoint, call);
                if (answer.saveable()) {
                    idempotency.complete(scoped, new Idempotency.Saved(answer.status(), answer.body()));
                } else {
                    idempotency.release(scoped);
                }
                yield answer;
            }
        };
    }

    private Answer invoke(Endpoint endpoint, Call call) {
        try {
            return new Answer(200, write(endpoint.handle(call)), false, true);
        } catch (StripeApiError e) {
            return new Answer(e.status(), write(e.toJson()), false, e.saved());
        } catch (RuntimeException e) {
            LOG.error("stripe sandbox: endpoint failed", e);
            // Not saved under the key: a sandbox bug should not be replayed as if Stripe had decided it.
            return error(new StripeApiError(500, StripeApiError.API_ERROR, null, "The sandbox failed: " + e, null,
                    false));
        }
    }

    /** {@code Authorization: Bearer sk_…} (stripe-java) or HTTP basic with the key as user ({@code curl -u}). */
    private void authenticate(String authorization) {
        Optional<String> key = Optional.empty();
        if (authorization != null && authorization.startsWith("Bearer ")) {
            key = Optional.of(authorization.substring("Bearer ".length()).strip());
        } else if (authorization != null && authorization.startsWith("Basic ")) {
            try {
                String decoded = new String(Base64.getDecoder().decode(authorization.substring(6).strip()),
                        StandardCharsets.UTF_8);
                key = Optional.of(decoded.contains(":") ? decoded.substring(0, decoded.indexOf(':')) : decoded);
            } catch (IllegalArgumentException e) {
                key = Optional.of("");
            }
        }
        if (key.isEmpty() || key.get().isEmpty()) {
            throw unauthorized("You did not provide an API key. You need to provide your API key in the "
                    + "Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY').");
        }
        boolean accepted = config.apiKey().map(key.get()::equals).orElse(SandboxConfig.isSecretKey(key.get()));
        if (!accepted) {
            throw unauthorized("Invalid API Key provided: " + redact(key.get()));
        }
    }

    private static StripeApiError unauthorized(String message) {
        return new StripeApiError(401, StripeApiError.INVALID_REQUEST, null, message, null, false);
    }

    private static String redact(String key) {
        return key.length() <= 12 ? "****" : key.substring(0, 8) + "*".repeat(Math.min(key.length() - 12, 24))
                + key.substring(key.length() - 4);
    }

    private static Params parse(Context ctx, boolean api, String method) {
        String body = method.equals("POST") ? ctx.body() : "";
        if (api || body.isBlank()) {
            return Params.fromForm(ctx.queryString(), body);
        }
        JsonNode node;
        try {
            node = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw StripeApiError.invalidParam(null, "parameter_invalid", "The control API takes a JSON body: "
                    + e.getOriginalMessage());
        }
        return Params.fromJson(node);
    }

    /** {@code http://<Host header>}: links work for whoever can reach the sandbox, e.g. through a port mapping. */
    static String origin(Context ctx) {
        String host = Optional.ofNullable(ctx.host()).filter(h -> !h.isBlank()).orElse("127.0.0.1:" + ctx.port());
        return ctx.scheme() + "://" + host;
    }

    private static Optional<String> header(Context ctx, String name) {
        return Optional.ofNullable(ctx.header(name)).map(String::strip).filter(value -> !value.isEmpty());
    }

    private static Answer error(StripeApiError e) {
        return new Answer(e.status(), write(e.toJson()), false, e.saved());
    }

    static String write(JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }
}
