package ai.mirroros.licensing.loadgen;

import ai.mirroros.licensing.stripe.WebhookSignature;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * Sends signed webhook deliveries from an {@link EventMix} over real HTTP/1.1 and measures how fast and how quickly
 * the server acknowledges them. One dispatcher thread draws, signs and sends; answers complete asynchronously.
 * At most {@code concurrency} requests are in flight, so at most that many keep-alive connections are open.
 * <ul>
 *   <li><b>Open loop</b> ({@code rate > 0}): delivery <i>i</i> is due at start + <i>i</i>/rate. Latency runs from
 *       that due time, so when the server stalls and the connections are all busy, the deliveries that should have
 *       gone out meanwhile are charged the wait: no coordinated omission, as in wrk2.</li>
 *   <li><b>Closed loop</b> ({@code rate == 0}): a new delivery goes out as soon as one of the {@code concurrency}
 *       slots is free; latency is the service time. For measuring maximum throughput.</li>
 * </ul>
 * One instance per run.
 */
public final class WebhookLoadGenerator {
    /** Where {@code licensing serve} receives Stripe webhooks. */
    public static final String WEBHOOK_PATH = "/webhooks/stripe";
    /** Far beyond any healthy acknowledgement; a request still open after it counts as a timeout failure. */
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** More connections than this only measures the kernel's and the server's connection handling. */
    public static final int CONCURRENCY_MAX = 1_024;
    /** A few failure texts are enough to see why; thousands would bury the report. */
    static final int FAILURE_SAMPLES_MAX = 5;
    static final int FAILURE_SAMPLE_CHARS_MAX = 300;
    /**
     * Before the clock starts, the generator draws and signs this many deliveries from a throwaway mix: enough
     * calls for the JIT to compile the drawing and signing paths, which otherwise ran the first seconds of a run at
     * a few hundred events/s on a busy 2-core machine and were charged to the server as latency.
     */
    static final int WARM_UP_DELIVERIES = 5_000;
    /** Rounds of {@code concurrency} concurrent requests that warm up the HTTP client and open its connections. */
    static final int WARM_UP_REQUEST_ROUNDS = 3;
    /**
     * Acknowledgements are also counted per second of the run, for the rate after warm-up; an hour is plenty for a
     * benchmark, and later acknowledgements share the last second.
     */
    static final int TIMELINE_SECONDS_MAX = 3_600;
    private static final String USER_AGENT = "MirrorOS-Licensing-Loadgen/0.1 (like Stripe/1.0)";

    /**
     * @param endpoint      the full webhook URL
     * @param secret        the endpoint secret the server verifies with
     * @param ratePerSecond target deliveries per second; 0 for closed loop
     * @param eventsMax     stop after this many deliveries (Long.MAX_VALUE: no limit)
     * @param durationMax   stop sending after this long
     */
    public record Settings(URI endpoint, String secret, double ratePerSecond, int concurrency, long eventsMax,
                           Duration durationMax) {
        public Settings {
            Objects.requireNonNull(endpoint, "endpoint");
            if (secret == null || secret.isBlank()) {
                throw new IllegalArgumentException("a webhook secret is needed");
            }
            if (!(ratePerSecond >= 0) || Double.isInfinite(ratePerSecond)) {
                throw new IllegalArgumentException("rate must be 0 or positive: " + ratePerSecond);
            }
            if (concurrency < 1 || concurrency > CONCURRENCY_MAX) {
                throw new IllegalArgumentException("concurrency must be within 1.." + CONCURRENCY_MAX);
            }
            if (eventsMax < 1) {
                throw new IllegalArgumentException("eventsMax must be at least 1: " + eventsMax);
            }
            if (durationMax.isNegative() || durationMax.isZero()) {
                throw new IllegalArgumentException("durationMax must be positive: " + durationMax);
            }
        }

        public boolean openLoop() {
            return ratePerSecond > 0;
        }
    }

    /** A look at a run in progress. */
    public record Progress(Duration elapsed, long sent, long acked, long failed, int inFlight,
                           double ackedPerSecondRecent, double p99MsSoFar) {
    }

    private final Settings settings;
    private final EventMix mix;
    private final Clock clock;
    private final LatencyHistogram latency = new LatencyHistogram();
    private final LongAdder sent = new LongAdder();
    private final LongAdder acked = new LongAdder();
    private final Map<Integer, LongAdder> failedByStatus = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> errorsByType = new ConcurrentHashMap<>();
    private final List<String> failureSamples = Collections.synchronizedList(new ArrayList<>());
    private final LongAccumulator lastAnswerNanos = new LongAccumulator(Math::max, Long.MIN_VALUE);
    private final LongAccumulator scheduleLagNanosMax = new LongAccumulator(Math::max, 0);
    private final AtomicLongArray ackedBySecond = new AtomicLongArray(TIMELINE_SECONDS_MAX);
    private final Semaphore slots;
    private volatile long startNanos;
    private boolean used;

    /** {@code clock} dates the signatures; durations are measured with {@link System#nanoTime()}. */
    public WebhookLoadGenerator(Settings settings, EventMix mix, Clock clock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.mix = Objects.requireNonNull(mix, "mix");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.slots = new Semaphore(settings.concurrency());
    }

    /** Sends until the event or time limit, waits for every answer, and returns what happened. */
    public LoadResult run(Consumer<Progress> progress, Duration progressInterval) throws InterruptedException {
        if (used) {
            throw new IllegalStateException("one run per WebhookLoadGenerator");
        }
        used = true;
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(CONNECT_TIMEOUT)
                // The client's internal steps and our completion callback (a counter, a histogram record, a permit)
                // never block, so they run on the thread that completes them instead of hopping to a pool: against
                // a server that answers at once this halved the generator's CPU per request (~350 → ~160 µs), CPU
                // a 2-core benchmark otherwise takes from the server it measures.
                .executor(Runnable::run)
                .build();
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "loadgen-progress");
            thread.setDaemon(true);
            return thread;
        });
        Instant startedAt;
        try {
            warmUp(client);
            startedAt = clock.instant();
            startNanos = System.nanoTime();
            long interval = progressInterval.toNanos();
            ProgressTicker tick = new ProgressTicker(startNanos, progress);
            ticker.scheduleAtFixedRate(tick::tick, interval, interval, TimeUnit.NANOSECONDS);
            dispatch(client, startNanos);
            // Every request has a timeout, so all slots come back; the margin covers the last completions.
            if (!slots.tryAcquire(settings.concurrency(), REQUEST_TIMEOUT.toSeconds() + 10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("requests still in flight after their timeout");
            }
        } finally {
            ticker.shutdownNow();
            client.shutdownNow();
        }
        return result(startedAt, startNanos);
    }

    /**
     * Warms the generator, not the server: draws and signs deliveries it never sends, then sends rounds of
     * {@code GET /health} (any answer will do) with {@code concurrency} in flight, which also leaves that many
     * keep-alive connections open for the run.
     */
    private void warmUp(HttpClient client) throws InterruptedException {
        EventMix throwaway = mix.withSeed(~0x5EEDL);
        for (int i = 0; i < WARM_UP_DELIVERIES; i++) {
            WebhookSignature.sign(settings.secret(), clock.instant(), throwaway.next().body());
        }
        URI health = settings.endpoint().resolve("/health");
        for (int round = 0; round < WARM_UP_REQUEST_ROUNDS; round++) {
            List<CompletableFuture<HttpResponse<Void>>> answers = new ArrayList<>();
            for (int i = 0; i < settings.concurrency(); i++) {
                answers.add(client.sendAsync(HttpRequest.newBuilder(health).timeout(REQUEST_TIMEOUT).GET().build(),
                        HttpResponse.BodyHandlers.discarding()));
            }
            for (CompletableFuture<HttpResponse<Void>> answer : answers) {
                try {
                    answer.join();
                } catch (CompletionException e) {
                    return; // nothing answers: the run will report the failures, no need to warm up for them
                }
            }
        }
    }

    private void dispatch(HttpClient client, long startNanos) throws InterruptedException {
        long durationNanos = settings.durationMax().toNanos();
        double periodNanos = settings.openLoop() ? 1e9 / settings.ratePerSecond() : 0;
        for (long i = 0; i < settings.eventsMax(); i++) {
            long due;
            EventMix.Delivery delivery;
            if (settings.openLoop()) {
                due = startNanos + Math.round(i * periodNanos);
                if (due - startNanos >= durationNanos) {
                    return;
                }
                delivery = mix.next(); // drawn before the wait, off the measured path
                sleepUntil(due);
                slots.acquire();
            } else {
                slots.acquire();
                due = System.nanoTime();
                if (due - startNanos >= durationNanos) {
                    slots.release();
                    return;
                }
                delivery = mix.next();
            }
            send(client, delivery, due);
        }
    }

    private void send(HttpClient client, EventMix.Delivery delivery, long dueNanos) {
        scheduleLagNanosMax.accumulate(System.nanoTime() - dueNanos);
        HttpRequest request = HttpRequest.newBuilder(settings.endpoint())
                .timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/json; charset=utf-8")
                .header("User-Agent", USER_AGENT)
                .header(WebhookSignature.HEADER, WebhookSignature.sign(settings.secret(), clock.instant(),
                        delivery.body()))
                .POST(HttpRequest.BodyPublishers.ofByteArray(delivery.body()))
                .build();
        sent.increment();
        CompletableFuture<HttpResponse<byte[]>> answer;
        try {
            answer = client.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (RuntimeException e) {
            answer = CompletableFuture.failedFuture(e);
        }
        answer.whenComplete((response, failure) -> {
            try {
                complete(dueNanos, response, failure);
            } finally {
                slots.release();
            }
        });
    }

    private void complete(long dueNanos, HttpResponse<byte[]> response, Throwable failure) {
        long now = System.nanoTime();
        lastAnswerNanos.accumulate(now);
        if (failure != null) {
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            errorsByType.computeIfAbsent(cause.getClass().getSimpleName(), k -> new LongAdder()).increment();
            sample(cause.getClass().getSimpleName() + ": " + cause.getMessage());
        } else if (response.statusCode() / 100 == 2) {
            acked.increment();
            long second = (now - startNanos) / 1_000_000_000;
            ackedBySecond.incrementAndGet((int) Math.min(TIMELINE_SECONDS_MAX - 1, second));
            latency.record((now - dueNanos) / 1_000);
        } else {
            failedByStatus.computeIfAbsent(response.statusCode(), k -> new LongAdder()).increment();
            sample("HTTP " + response.statusCode() + ": " + new String(response.body(), StandardCharsets.UTF_8));
        }
    }

    private void sample(String text) {
        synchronized (failureSamples) {
            if (failureSamples.size() < FAILURE_SAMPLES_MAX) {
                String oneLine = text.replaceAll("\\s+", " ").strip();
                failureSamples.add(oneLine.length() <= FAILURE_SAMPLE_CHARS_MAX ? oneLine
                        : oneLine.substring(0, FAILURE_SAMPLE_CHARS_MAX) + "…");
            }
        }
    }

    private static void sleepUntil(long dueNanos) throws InterruptedException {
        long remaining;
        while ((remaining = dueNanos - System.nanoTime()) > 0) {
            LockSupport.parkNanos(remaining);
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
    }

    private long failedNow() {
        return failedByStatus.values().stream().mapToLong(LongAdder::sum).sum()
                + errorsByType.values().stream().mapToLong(LongAdder::sum).sum();
    }

    private LoadResult result(Instant startedAt, long startNanos) {
        long end = lastAnswerNanos.get() == Long.MIN_VALUE ? System.nanoTime() : lastAnswerNanos.get();
        double elapsedSeconds = Math.max(1e-9, (end - startNanos) / 1e9);
        Map<Integer, Long> byStatus = new TreeMap<>();
        failedByStatus.forEach((status, n) -> byStatus.put(status, n.sum()));
        Map<String, Long> byError = new TreeMap<>();
        errorsByType.forEach((type, n) -> byError.put(type, n.sum()));
        return new LoadResult(settings.openLoop() ? "open" : "closed", settings.ratePerSecond(),
                settings.concurrency(), startedAt, sent.sum(), acked.sum(), mix.redeliveries(), mix.countsByType(),
                byStatus, byError, List.copyOf(failureSamples), elapsedSeconds, acked.sum() / elapsedSeconds,
                ackedPerSecondSecondHalf(elapsedSeconds), latency.summary(), scheduleLagNanosMax.get() / 1e6,
                startNanos);
    }

    /**
     * Acknowledgements per second over the second half of the run's whole seconds: the rate once the JIT, the
     * connection pools and the server's caches are warm. The whole-run rate when the run is under two seconds.
     */
    private double ackedPerSecondSecondHalf(double elapsedSeconds) {
        int seconds = (int) Math.min(TIMELINE_SECONDS_MAX - 1, Math.floor(elapsedSeconds));
        if (seconds < 2) {
            return acked.sum() / elapsedSeconds;
        }
        long sum = 0;
        for (int second = seconds / 2; second < seconds; second++) {
            sum += ackedBySecond.get(second);
        }
        return (double) sum / (seconds - seconds / 2);
    }

    /** Reports progress at a fixed interval from its own thread; the rate is over the last interval. */
    private final class ProgressTicker {
        private final long startNanos;
        private final Consumer<Progress> listener;
        private long lastNanos;
        private long lastAcked;

        ProgressTicker(long startNanos, Consumer<Progress> listener) {
            this.startNanos = startNanos;
            this.listener = listener;
            this.lastNanos = startNanos;
        }

        void tick() {
            long now = System.nanoTime();
            long ackedNow = acked.sum();
            double rate = (ackedNow - lastAcked) / Math.max(1e-9, (now - lastNanos) / 1e9);
            lastNanos = now;
            lastAcked = ackedNow;
            listener.accept(new Progress(Duration.ofNanos(now - startNanos), sent.sum(), ackedNow, failedNow(),
                    settings.concurrency() - slots.availablePermits(), rate,
                    latency.valueAtPercentileUs(99) / 1_000.0));
        }
    }
}
