package ai.mirroros.licensing.loadgen;

import ai.mirroros.licensing.LicensingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Reads the server's webhook inbox counters ({@code GET /ingest/stats}) and waits until every received event
 * has been posted, parked or ignored: the end-to-end side of a load run.
 */
public final class IngestStatsClient implements AutoCloseable {
    public static final String STATS_PATH = "/ingest/stats";
    /**
     * Times a 30-second run to within a percent, and light on the server: each poll counts the inbox by status,
     * which the server does by scanning it, and a benchmark must not measure its own polling.
     */
    static final Duration POLL_INTERVAL = Duration.ofMillis(250);
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** The inbox counters; {@code received} counts every stored event (duplicates are not stored twice). */
    public record IngestStats(long received, long pending, long processed, long parked, long ignored) {
        /** Events that reached a final state. */
        public long settled() {
            return processed + parked + ignored;
        }
    }

    /**
     * The end-to-end outcome of a run: counter increases over the run, and the rate at which events reached a final
     * state from the first send until all had.
     *
     * @param windowSeconds    from the first send until the poll that saw every received event settled
     * @param settledPerSecond (processed + parked + ignored) / window
     * @param complete         false when the wait timed out or stalled; {@code incomplete} says which
     */
    public record PostedResult(long received, long processed, long parked, long ignored, double windowSeconds,
                               double settledPerSecond, boolean complete, String incomplete) {
        public long settled() {
            return processed + parked + ignored;
        }
    }

    private final URI statsUri;
    private final HttpClient client;

    public IngestStatsClient(URI baseUrl) {
        this.statsUri = baseUrl.resolve(STATS_PATH);
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(WebhookLoadGenerator.CONNECT_TIMEOUT).build();
    }

    /** The current counters; a server without the endpoint or a malformed answer is a {@link LicensingException}. */
    public IngestStats fetch() throws InterruptedException {
        HttpResponse<String> response;
        try {
            response = client.send(HttpRequest.newBuilder(statsUri).timeout(REQUEST_TIMEOUT).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new LicensingException("ingest_stats_unreachable", "cannot read " + statsUri + ": " + e);
        }
        if (response.statusCode() != 200) {
            throw new LicensingException("ingest_stats_unavailable", "GET " + statsUri + " answered "
                    + response.statusCode() + "; the server needs webhook ingestion (POST "
                    + WebhookLoadGenerator.WEBHOOK_PATH + " and GET " + STATS_PATH + ")");
        }
        try {
            IngestStats stats = JSON.readValue(response.body(), IngestStats.class);
            if (stats.received() < 0 || stats.settled() < 0) {
                throw new IOException("negative counters");
            }
            return stats;
        } catch (IOException e) {
            throw new LicensingException("ingest_stats_malformed", "GET " + statsUri + " answered '"
                    + response.body() + "', not {\"received\":N,\"pending\":N,\"processed\":N,\"parked\":N,"
                    + "\"ignored\":N}");
        }
    }

    /**
     * Polls until every received event is settled, the counters stop moving for {@code stallTimeout}, or
     * {@code timeout} has passed since the first send ({@code startNanos}, on the {@link System#nanoTime()} clock).
     */
    public PostedResult awaitSettled(IngestStats before, long startNanos, Duration timeout, Duration stallTimeout,
                                     Consumer<IngestStats> progress) throws InterruptedException {
        Objects.requireNonNull(before, "before");
        long lastChangeNanos = System.nanoTime();
        IngestStats last = null;
        while (true) {
            IngestStats now = fetch();
            long at = System.nanoTime();
            if (now.settled() >= now.received()) {
                return posted(before, now, at - startNanos, null);
            }
            if (last == null || now.settled() != last.settled() || now.received() != last.received()) {
                lastChangeNanos = at;
                progress.accept(now);
            }
            last = now;
            if (at - lastChangeNanos >= stallTimeout.toNanos()) {
                return posted(before, now, at - startNanos, "stalled: " + (now.received() - now.settled())
                        + " events unsettled and no progress for " + stallTimeout.toSeconds() + " s");
            }
            if (at - startNanos >= timeout.toNanos()) {
                return posted(before, now, at - startNanos, "timed out after " + timeout.toSeconds() + " s with "
                        + (now.received() - now.settled()) + " events unsettled");
            }
            Thread.sleep(POLL_INTERVAL.toMillis());
        }
    }

    private static PostedResult posted(IngestStats before, IngestStats now, long windowNanos, String incomplete) {
        long settled = now.settled() - before.settled();
        double windowSeconds = Math.max(1e-9, windowNanos / 1e9);
        return new PostedResult(now.received() - before.received(), now.processed() - before.processed(),
                now.parked() - before.parked(), now.ignored() - before.ignored(), windowSeconds,
                settled / windowSeconds, incomplete == null, incomplete);
    }

    @Override
    public void close() {
        client.shutdownNow();
    }
}
