package ai.mirroros.licensing.live;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fan-out of live events on one server: ONE poller reads the activity log past the last seq it saw, in bounded
 * batches, and hands each event to the subscriptions of its vault, however many clients listen. The poller starts
 * with the first subscription (a server nobody listens to does not poll) and stops with {@link #close()}; while
 * nobody listens it forgets its position, so the next first subscriber starts at the chain's head, not in history.
 * A database error is logged once and retried with backoff; streams stay open meanwhile and get keep-alives.
 */
public final class LiveFeed implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LiveFeed.class);
    private static final long UNKNOWN = -1;

    /**
     * The feed's bounds.
     *
     * @param maxSubscribers   open streams per server: each holds a connection and a (virtual) thread
     * @param maxPerKey        open streams per API key: a dashboard opens one per browser tab
     * @param queueCapacity    events waiting for one client; a client that falls this far behind is cut off and
     *                         resumes with {@code Last-Event-ID}, so one stalled reader never holds memory unbounded
     * @param batchSize        activity entries per poll: a full batch is read again at once, so a burst drains fast
     * @param pollInterval     the wait between polls that found the end of the log: the latency of an event
     * @param maxBackoff       the longest wait between polls while the database fails
     * @param maxReplayEntries activity entries a resuming client's replay scans at most (newest first kept)
     */
    public record Settings(int maxSubscribers, int maxPerKey, int queueCapacity, int batchSize, Duration pollInterval,
                           Duration maxBackoff, int maxReplayEntries) {
        public static final Settings DEFAULT = new Settings(1_000, 10, 1_000, 500, Duration.ofMillis(500),
                Duration.ofSeconds(30), 10_000);

        public Settings {
            if (maxSubscribers < 1 || maxPerKey < 1 || queueCapacity < 1 || batchSize < 1 || maxReplayEntries < 0) {
                throw new IllegalArgumentException("live feed limits must be positive");
            }
            Objects.requireNonNull(pollInterval, "pollInterval");
            Objects.requireNonNull(maxBackoff, "maxBackoff");
        }
    }

    /** Why a subscription was refused. */
    public enum Reason {
        /** {@link Settings#maxSubscribers()} streams are open on this server. */
        SERVER_FULL,
        /** {@link Settings#maxPerKey()} streams are open with this key. */
        KEY_FULL,
        /** The activity log could not be read to find where to start. */
        UNAVAILABLE,
        /** The server is stopping. */
        STOPPED
    }

    public static final class Refused extends RuntimeException {
        private final Reason reason;

        Refused(Reason reason, String message, Throwable cause) {
            super(message, cause);
            this.reason = reason;
        }

        public Reason reason() {
            return reason;
        }
    }

    private final LiveSource source;
    private final Settings settings;
    private final boolean pollInBackground;
    /** How long stopping waits for open streams to say goodbye; a stuck client must not hold up a shutdown. */
    static final Duration DRAIN_WAIT = Duration.ofSeconds(2);

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition drained = lock.newCondition();
    private final Map<String, Set<Subscription>> byVault = new HashMap<>();
    private final Map<String, Integer> byKey = new HashMap<>();
    private final CountDownLatch stop = new CountDownLatch(1);
    private int subscribers;
    /** The last seq handed out, or {@link #UNKNOWN} while nobody listens. Guarded by {@link #lock}. */
    private long position = UNKNOWN;
    private boolean closed;
    private Thread poller;

    private LiveFeed(LiveSource source, Settings settings, boolean pollInBackground) {
        this.source = Objects.requireNonNull(source, "source");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.pollInBackground = pollInBackground;
    }

    /** A feed whose poller runs on its own thread from the first subscription until {@link #close()}. */
    public static LiveFeed start(LiveSource source, Settings settings) {
        return new LiveFeed(source, settings, true);
    }

    /** A feed polled only by calls to {@link #pollOnce()}: the fan-out without a thread, for tests. */
    static LiveFeed manual(LiveSource source, Settings settings) {
        return new LiveFeed(source, settings, false);
    }

    /**
     * Opens a stream of {@code vaultId}'s events for the client of {@code keyId}. Without {@code lastEventId} it
     * starts at the present; with one, {@link Subscription#replay()} has what the client missed.
     *
     * @throws Refused when a limit is reached, the log cannot be read or the feed is closed
     */
    public Subscription subscribe(String vaultId, String keyId, OptionalLong lastEventId) {
        lock.lock();
        try {
            if (closed) {
                throw new Refused(Reason.STOPPED, "the server is stopping", null);
            }
            if (subscribers >= settings.maxSubscribers()) {
                throw new Refused(Reason.SERVER_FULL, settings.maxSubscribers()
                        + " live streams are open on this server", null);
            }
            if (byKey.getOrDefault(keyId, 0) >= settings.maxPerKey()) {
                throw new Refused(Reason.KEY_FULL, settings.maxPerKey() + " live streams are open with this key",
                        null);
            }
            if (position == UNKNOWN) {
                try {
                    position = source.head();
                } catch (RuntimeException e) {
                    throw new Refused(Reason.UNAVAILABLE, "the activity log cannot be read", e);
                }
            }
            Subscription subscription = new Subscription(this, vaultId, keyId, position, lastEventId,
                    settings.queueCapacity());
            byVault.computeIfAbsent(vaultId, v -> new LinkedHashSet<>()).add(subscription);
            byKey.merge(keyId, 1, Integer::sum);
            subscribers++;
            startPoller();
            return subscription;
        } finally {
            lock.unlock();
        }
    }

    /** Open streams on this server. */
    public int subscribers() {
        lock.lock();
        try {
            return subscribers;
        } finally {
            lock.unlock();
        }
    }

    /**
     * One poll: reads the entries after the position (one batch) and hands their events out.
     *
     * @return the entries scanned; a full batch means there may be more right away
     */
    int pollOnce() {
        long after;
        lock.lock();
        try {
            if (position == UNKNOWN || closed) {
                return 0;
            }
            after = position;
        } finally {
            lock.unlock();
        }
        // The read runs outside the lock: subscribing and leaving never wait for the database.
        LiveSource.Batch batch = source.read(after, Long.MAX_VALUE, settings.batchSize());
        lock.lock();
        try {
            if (position != after) {
                return 0; // everybody left (and maybe someone came back) meanwhile: this batch is stale
            }
            List<Subscription> tooSlow = new ArrayList<>();
            for (LiveEvent event : batch.events()) {
                for (Subscription subscription : byVault.getOrDefault(event.vaultId(), Set.of())) {
                    if (!subscription.offer(event)) {
                        tooSlow.add(subscription);
                    }
                }
            }
            tooSlow.forEach(this::removeLocked);
            if (position != UNKNOWN) {
                position = batch.scannedThrough();
            }
            return batch.scanned();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Ends every stream (they see {@link Subscription.End#SERVER_STOPPING}), waits up to {@link #DRAIN_WAIT} for their
     * clients to be told and to leave, and stops the poller. Called as the server starts stopping, before it closes
     * connections.
     */
    @Override
    public void close() {
        Thread running;
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            byVault.values().forEach(set -> set.forEach(s -> s.end(Subscription.End.SERVER_STOPPING)));
            long waitNanos = DRAIN_WAIT.toNanos();
            while (subscribers > 0 && waitNanos > 0) {
                waitNanos = drained.awaitNanos(waitNanos);
            }
            running = poller;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = poller;
        } finally {
            lock.unlock();
        }
        stop.countDown();
        if (running != null) {
            try {
                running.join(DRAIN_WAIT);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    LiveSource source() {
        return source;
    }

    Settings settings() {
        return settings;
    }

    void remove(Subscription subscription) {
        lock.lock();
        try {
            removeLocked(subscription);
        } finally {
            lock.unlock();
        }
    }

    private void removeLocked(Subscription subscription) {
        Set<Subscription> ofVault = byVault.get(subscription.vaultId());
        if (ofVault == null || !ofVault.remove(subscription)) {
            return;
        }
        if (ofVault.isEmpty()) {
            byVault.remove(subscription.vaultId());
        }
        byKey.computeIfPresent(subscription.keyId(), (k, n) -> n == 1 ? null : n - 1);
        subscribers--;
        if (subscribers == 0) {
            position = UNKNOWN;
            drained.signalAll();
        }
    }

    private void startPoller() {
        if (pollInBackground && poller == null) {
            poller = Thread.ofVirtual().name("licensing-live-feed").start(this::pollUntilClosed);
        }
    }

    private void pollUntilClosed() {
        long delayNanos = 0;
        Duration backoff = settings.pollInterval();
        boolean failing = false;
        try {
            while (!stop.await(delayNanos, TimeUnit.NANOSECONDS)) {
                try {
                    int scanned = pollOnce();
                    if (failing) {
                        LOG.info("live updates: the activity log is readable again; streams resume");
                        failing = false;
                        backoff = settings.pollInterval();
                    }
                    delayNanos = scanned >= settings.batchSize() ? 0 : settings.pollInterval().toNanos();
                } catch (RuntimeException e) {
                    if (!failing) {
                        // Once per outage: a database down for an hour must not write a line every few seconds.
                        LOG.warn("live updates: cannot read the activity log ({}); retrying with backoff up to {} ms, "
                                + "open streams wait", e.toString(), settings.maxBackoff().toMillis());
                        failing = true;
                    }
                    delayNanos = backoff.toNanos();
                    backoff = backoff.multipliedBy(2).compareTo(settings.maxBackoff()) > 0 ? settings.maxBackoff()
                            : backoff.multipliedBy(2);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
