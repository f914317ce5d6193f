package ai.mirroros.licensing.live;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One client's place on a {@link LiveFeed}: the vault it listens to, the events waiting to be sent (bounded), and
 * where it resumes. One thread consumes it ({@link #replay()}, then {@link #next(Duration)} until it ends); the feed's
 * poller fills it. Close it when the client goes away.
 */
public final class Subscription implements AutoCloseable {
    /** Why a stream ends from the server's side. */
    public enum End {
        /** The server is stopping; reconnect (to another instance) with {@code Last-Event-ID}. */
        SERVER_STOPPING,
        /** The client read slower than events arrived and its queue filled; reconnect with {@code Last-Event-ID}. */
        TOO_SLOW
    }

    /** What {@link #next(Duration)} has for the client. */
    public sealed interface Next permits Event, KeepAlive, Ended {
    }

    public record Event(LiveEvent event) implements Next {
    }

    /** Nothing happened for the whole wait: time for a keep-alive comment. */
    public record KeepAlive() implements Next {
    }

    public record Ended(End reason) implements Next {
    }

    /**
     * What a resuming client missed.
     *
     * @param truncated true when more entries had passed than a replay reads: the oldest events were skipped and the
     *                  client should reload its figures
     */
    public record Replay(List<LiveEvent> events, boolean truncated) {
        static final Replay NONE = new Replay(List.of(), false);
    }

    private static final Object END_MARKER = new Object();

    private final LiveFeed feed;
    private final String vaultId;
    private final String keyId;
    private final long liveFrom;
    private final OptionalLong lastEventId;
    private final int capacity;
    private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private volatile End ended;
    /** The seq of the last event handed to the client: anything at or before it is a duplicate. Consumer only. */
    private long lastSent;

    Subscription(LiveFeed feed, String vaultId, String keyId, long liveFrom, OptionalLong lastEventId, int capacity) {
        this.feed = Objects.requireNonNull(feed, "feed");
        this.vaultId = Objects.requireNonNull(vaultId, "vaultId");
        this.keyId = Objects.requireNonNull(keyId, "keyId");
        this.liveFrom = liveFrom;
        this.lastEventId = Objects.requireNonNull(lastEventId, "lastEventId");
        this.capacity = capacity;
        this.lastSent = liveFrom;
    }

    public String vaultId() {
        return vaultId;
    }

    public String keyId() {
        return keyId;
    }

    /** Events after this seq come live from the feed; a resuming client's earlier ones come from {@link #replay()}. */
    public long liveFrom() {
        return liveFrom;
    }

    /**
     * Where the client starts. Without a resume point, at the chain's head now: nothing is replayed, and events the
     * poller has yet to hand out that are not newer than that head are skipped. With {@code Last-Event-ID}, the
     * events of this vault between it and {@link #liveFrom()}, read from the source (at most
     * {@link LiveFeed.Settings#maxReplayEntries()} entries scanned). Call once, before {@link #next(Duration)}.
     */
    public Replay replay() {
        if (lastEventId.isEmpty()) {
            lastSent = Math.max(liveFrom, feed.source().head());
            return Replay.NONE;
        }
        long resumeAt = lastEventId.getAsLong();
        if (resumeAt > liveFrom) {
            // Ahead of this server's feed (another instance's poller was quicker): skip what the client has. An id
            // beyond the chain's head is not a real one; resume at the head then, or nothing would ever arrive.
            lastSent = Math.min(resumeAt, feed.source().head());
            return Replay.NONE;
        }
        LiveFeed.Settings settings = feed.settings();
        long from = Math.max(resumeAt, liveFrom - settings.maxReplayEntries());
        List<LiveEvent> events = new ArrayList<>();
        long at = from;
        while (at < liveFrom) {
            LiveSource.Batch batch = feed.source().read(at, liveFrom, settings.batchSize());
            batch.events().stream().filter(e -> e.vaultId().equals(vaultId)).forEach(events::add);
            if (batch.scanned() == 0) {
                break;
            }
            at = batch.scannedThrough();
        }
        lastSent = liveFrom;
        return new Replay(List.copyOf(events), from > resumeAt);
    }

    /** The next event, or {@link KeepAlive} after {@code wait} without one, or {@link Ended}. */
    public Next next(Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            Object item = queue.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (item == null) {
                return new KeepAlive();
            }
            if (item == END_MARKER) {
                return new Ended(ended);
            }
            LiveEvent event = (LiveEvent) item;
            if (event.seq() > lastSent) {
                lastSent = event.seq();
                return new Event(event);
            }
        }
    }

    /** Leaves the feed; idempotent. */
    @Override
    public void close() {
        feed.remove(this);
    }

    /** Called by the feed (under its lock): queues an event, or ends a subscription whose client cannot keep up. */
    boolean offer(LiveEvent event) {
        if (ended != null) {
            return false;
        }
        if (queue.size() >= capacity) {
            end(End.TOO_SLOW);
            return false;
        }
        queue.add(event);
        return true;
    }

    void end(End reason) {
        if (ended == null) {
            ended = reason;
            queue.add(END_MARKER);
        }
    }
}
