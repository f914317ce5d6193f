package ai.mirroros.licensing.web;

import ai.mirroros.licensing.access.ApiKeys;
import ai.mirroros.licensing.access.Principal;
import ai.mirroros.licensing.access.RateLimiter;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The filter in front of every {@code /api/} route: a bearer API key, then the key's rate limit. Refusals are
 * problem+json and counted in {@code licensing_api_refused_total{reason}}. The presented key is never logged or
 * echoed: refusals name only the reason.
 */
final class ApiAuth {
    private static final String PRINCIPAL = "licensing.principal";
    private static final String BEARER = "bearer ";

    private final ApiKeys keys;
    private final RateLimiter limiter;
    private final MeterRegistry meters;

    ApiAuth(ApiKeys keys, RateLimiter limiter, MeterRegistry meters) {
        this.keys = keys;
        this.limiter = limiter;
        this.meters = meters;
    }

    void authenticate(Context ctx) {
        Optional<Principal> principal = bearerToken(ctx).flatMap(keys::authenticate);
        if (principal.isEmpty()) {
            // Failed attempts share one bucket per client address, which bounds guessing.
            throttle("unauthenticated:" + ctx.ip());
            refuse("unauthenticated");
            throw new ApiProblem(HttpStatus.UNAUTHORIZED, "unauthenticated",
                    "send a valid API key as 'Authorization: Bearer KEY' (create one with: licensing keys create)",
                    Map.of("WWW-Authenticate", "Bearer realm=\"licensing\""));
        }
        throttle(principal.get().keyId());
        ctx.attribute(PRINCIPAL, principal.get());
    }

    /** The authenticated caller of this request; only called behind the filter. */
    static Principal principal(Context ctx) {
        Principal principal = ctx.attribute(PRINCIPAL);
        if (principal == null) {
            throw new IllegalStateException("route " + ctx.path() + " is not behind the API filter");
        }
        return principal;
    }

    /** For operator-only routes. A partner gets 404, as for anything it may not see. */
    static Principal requireAdmin(Context ctx) {
        Principal principal = principal(ctx);
        if (!principal.isAdmin()) {
            throw ApiProblem.notFound("resource", ctx.path());
        }
        return principal;
    }

    private void throttle(String bucket) {
        RateLimiter.Decision decision = limiter.tryAcquire(bucket);
        if (!decision.allowed()) {
            refuse("rate_limited");
            throw new ApiProblem(HttpStatus.TOO_MANY_REQUESTS, "rate_limited", "too many requests with this key; "
                    + "retry after " + decision.retryAfterSeconds() + " s",
                    Map.of("Retry-After", Long.toString(decision.retryAfterSeconds())));
        }
    }

    private void refuse(String reason) {
        meters.counter("licensing_api_refused_total", "reason", reason).increment();
    }

    private static Optional<String> bearerToken(Context ctx) {
        String header = ctx.header("Authorization");
        if (header == null || !header.toLowerCase(Locale.ROOT).startsWith(BEARER)) {
            return Optional.empty();
        }
        return Optional.of(header.substring(BEARER.length()).strip());
    }
}
