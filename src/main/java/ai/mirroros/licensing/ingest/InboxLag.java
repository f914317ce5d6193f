package ai.mirroros.licensing.ingest;

import ai.mirroros.licensing.store.Database;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.ToDoubleFunction;

/**
 * The inbox's backlog as operators watch it: how many events wait (pending), how many need a human (parked), and how
 * long the oldest pending one has waited. Read by two queries on the {@code (status, seq)} index and cached for
 * {@link #CACHE_FOR}, so that scrapes and health checks cost the database at most one read a second however often
 * they come; a reader never waits longer than {@link #WAIT_MAX} for it.
 */
public final class InboxLag {
    /** Prometheus scrapes every 15-60 s and a health check every few seconds; a second-old figure is fresh enough. */
    static final Duration CACHE_FOR = Duration.ofSeconds(1);
    /** A scrape or health check answers within this even when the database hangs: it then reports no figure. */
    public static final Duration WAIT_MAX = Duration.ofSeconds(2);

    private final Database database;
    private final Clock clock;
    private final Object lock = new Object();
    /** The last read (or failed read) and when it finished on the wall clock; the cache is about load, not time. */
    private volatile Cached last;
    /** The read under way, shared by everyone who asks meanwhile: a slow database sees one query, not a pile-up. */
    private CompletableFuture<Snapshot> inFlight;

    /** The backlog at {@code readAt}; {@code oldestPendingAge} is empty when nothing is pending. */
    public record Snapshot(long pending, long parked, Optional<Duration> oldestPendingAge, Instant readAt) {
        public Snapshot {
            Objects.requireNonNull(oldestPendingAge, "oldestPendingAge");
            Objects.requireNonNull(readAt, "readAt");
        }

        /** Seconds the oldest pending event has waited, 0 when nothing is pending. */
        public double oldestPendingAgeSeconds() {
            return oldestPendingAge.map(age -> age.toMillis() / 1000.0).orElse(0.0);
        }
    }

    private record Cached(Optional<Snapshot> snapshot, long readNanos) {
    }

    public InboxLag(Database database, Clock clock) {
        this.database = Objects.requireNonNull(database, "database");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Registers {@code licensing_inbox_pending_events}, {@code licensing_inbox_parked_events} and
     * {@code licensing_inbox_oldest_pending_age_seconds}; each is NaN while the database does not answer.
     */
    public void register(MeterRegistry meters) {
        gauge(meters, "licensing.inbox.pending", "events", "inbox events waiting to be processed",
                s -> s.pending());
        gauge(meters, "licensing.inbox.parked", "events", "inbox events parked for a human (licensing events retry)",
                s -> s.parked());
        gauge(meters, "licensing.inbox.oldest.pending.age", "seconds",
                "how long the oldest pending inbox event has waited since it was stored; 0 when none is pending",
                Snapshot::oldestPendingAgeSeconds);
    }

    private void gauge(MeterRegistry meters, String name, String unit, String description,
                       ToDoubleFunction<Snapshot> value) {
        Gauge.builder(name, this, lag -> lag.current().map(value::applyAsDouble).orElse(Double.NaN))
                .baseUnit(unit).description(description).strongReference(true).register(meters);
    }

    /** The backlog, at most {@link #CACHE_FOR} old; empty when the database did not answer within {@link #WAIT_MAX}. */
    public Optional<Snapshot> current() {
        Cached cached = last;
        if (cached != null && System.nanoTime() - cached.readNanos() < CACHE_FOR.toNanos()) {
            return cached.snapshot();
        }
        CompletableFuture<Snapshot> reading;
        synchronized (lock) {
            if (inFlight == null) {
                CompletableFuture<Snapshot> started = new CompletableFuture<>();
                inFlight = started;
                Thread.ofVirtual().name("inbox-lag").start(() -> readInto(started));
            }
            reading = inFlight;
        }
        try {
            return Optional.of(reading.get(WAIT_MAX.toMillis(), TimeUnit.MILLISECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (ExecutionException e) {
            return Optional.empty();
        } catch (TimeoutException e) {
            // The other gauges of this scrape answer at once instead of waiting their own WAIT_MAX on the same read.
            synchronized (lock) {
                last = new Cached(Optional.empty(), System.nanoTime());
            }
            return Optional.empty();
        }
    }

    private void readInto(CompletableFuture<Snapshot> future) {
        Optional<Snapshot> result = Optional.empty();
        try {
            result = Optional.of(read());
            future.complete(result.get());
        } catch (RuntimeException e) {
            future.completeExceptionally(e);
        } finally {
            synchronized (lock) {
                last = new Cached(result, System.nanoTime());
                inFlight = null;
            }
        }
    }

    private Snapshot read() {
        return database.jdbi().withHandle(handle -> {
            long[] counts = new long[2];
            handle.createQuery("SELECT status, COUNT(*) AS n FROM webhook_event WHERE status IN ('pending', 'parked') "
                            + "GROUP BY status")
                    .map((rs, ctx) -> java.util.Map.entry(rs.getString("status"), rs.getLong("n")))
                    .forEach(e -> counts["pending".equals(e.getKey()) ? 0 : 1] = e.getValue());
            Optional<Instant> oldest = handle.createQuery(
                            "SELECT received_at FROM webhook_event WHERE status = 'pending' ORDER BY seq LIMIT 1")
                    .map((rs, ctx) -> rs.getObject("received_at", OffsetDateTime.class).toInstant())
                    .findOne();
            Instant now = clock.instant();
            // Another instance's clock may run a little ahead of ours: an age is never negative.
            Optional<Duration> age = oldest.map(at -> at.isAfter(now) ? Duration.ZERO : Duration.between(at, now));
            return new Snapshot(counts[0], counts[1], age, now);
        });
    }
}
