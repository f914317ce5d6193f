package ai.mirroros.licensing.web;

import ai.mirroros.licensing.LicensingApp;
import ai.mirroros.licensing.ingest.InboxLag;
import ai.mirroros.licensing.ledger.ChainHead;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code GET /health}: 200 when the database answers, 503 when it does not, always within {@link #WAIT_MAX}. The
 * body adds the queue's state (inbox backlog, activity chain head) for a human; a backlog alone does not make the
 * server unhealthy, since a load balancer pulling instances out of rotation would only make the backlog grow.
 */
final class Health {
    /** A health check must answer before a load balancer's own timeout (typically 5 s) even if the database hangs. */
    static final Duration WAIT_MAX = Duration.ofSeconds(2);

    private final LicensingApp app;
    private final Object lock = new Object();
    /**
     * The probe under way, which every check arriving meanwhile waits for instead of starting its own: a database
     * that hangs holds one pool connection for health checks, not one per check until the pool is gone.
     */
    private CompletableFuture<Probe> inFlight;

    Health(LicensingApp app) {
        this.app = app;
    }

    /** What the probe found: the database's answer and, when it answered, the chain head and the backlog. */
    private record Probe(boolean databaseUp, Optional<ChainHead> head, Optional<InboxLag.Snapshot> lag) {
        static final Probe DOWN = new Probe(false, Optional.empty(), Optional.empty());
    }

    void respond(Context ctx) {
        Probe probe = probe();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", probe.databaseUp() ? "UP" : "DOWN");
        body.put("database", probe.databaseUp() ? "UP" : "DOWN");
        body.put("time", app.clock().instant().toString());
        probe.lag().ifPresent(lag -> {
            Map<String, Object> inbox = new LinkedHashMap<>();
            inbox.put("pending", lag.pending());
            inbox.put("parked", lag.parked());
            inbox.put("oldestPendingAgeSeconds", lag.oldestPendingAgeSeconds());
            body.put("inbox", inbox);
        });
        probe.head().ifPresent(head -> body.put("activityChain", Map.of("lastSeq", head.lastSeq(),
                "lastHash", head.lastHash())));
        ctx.status(probe.databaseUp() ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE).json(body);
    }

    /**
     * Runs the checks on a virtual thread and waits at most {@link #WAIT_MAX}: the pool's connection timeout is
     * longer, and a database that accepts connections but never answers would otherwise hang the check. No answer
     * in time counts as down.
     */
    private Probe probe() {
        CompletableFuture<Probe> result;
        synchronized (lock) {
            if (inFlight == null) {
                CompletableFuture<Probe> started = new CompletableFuture<>();
                inFlight = started;
                Thread.ofVirtual().name("health-probe").start(() -> runInto(started));
            }
            result = inFlight;
        }
        try {
            return result.get(WAIT_MAX.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Probe.DOWN;
        } catch (ExecutionException | TimeoutException e) {
            return Probe.DOWN;
        }
    }

    private void runInto(CompletableFuture<Probe> result) {
        try {
            if (!app.database().isReachable()) {
                result.complete(Probe.DOWN);
                return;
            }
            ChainHead head = app.activityLog().head();
            result.complete(new Probe(true, Optional.of(head), app.inboxLag().current()));
        } catch (RuntimeException e) {
            result.complete(Probe.DOWN);
        } finally {
            synchronized (lock) {
                inFlight = null;
            }
        }
    }
}
