package ai.mirroros.licensing.ingest;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit for the webhook endpoint: requests hand their event to a queue and wait; writer threads take
 * everything queued (up to {@link #BATCH_MAX}), store it in one transaction, and complete every waiting request once
 * the commit returned. One commit per batch instead of one per event is what lets the endpoint acknowledge thousands
 * of events per second while still never answering 2xx for an event that is not durably stored.
 */
public final class InboxWriter implements AutoCloseable {
    /**
     * Enough to absorb a burst of several seconds at the target rate; when full the endpoint answers 503 at once
     * (Stripe retries) instead of queueing without bound.
     */
    public static final int QUEUE_CAPACITY = 20_000;
    /** One transaction's worth: amortises the commit; a few hundred KB of payloads at most in one statement batch. */
    public static final int BATCH_MAX = 500;
    private static final Logger LOG = LoggerFactory.getLogger(InboxWriter.class);

    private final Inbox inbox;
    private final BlockingQueue<Submission> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    private final List<Thread> writers = new ArrayList<>();
    private final Runnable afterCommit;
    private final DistributionSummary batchSizes;
    private volatile boolean closed;

    /** Whether an event was new to the inbox or a redelivery. */
    public enum Stored { NEW, DUPLICATE }

    /** The queue is full: the caller should answer 503 so that Stripe retries later. */
    public static final class OverloadedException extends RuntimeException {
        OverloadedException() {
            super("the inbox writer queue is full", null, false, false);
        }
    }

    private record Submission(IncomingEvent event, CompletableFuture<Stored> done) {
    }

    /**
     * @param writerThreads how many transactions may be in flight; two let one batch be built while the previous
     *                      one commits
     * @param afterCommit   called after each committed batch (wakes the processor)
     */
    public InboxWriter(Inbox inbox, int writerThreads, Runnable afterCommit, MeterRegistry meters) {
        this.inbox = Objects.requireNonNull(inbox, "inbox");
        this.afterCommit = Objects.requireNonNull(afterCommit, "afterCommit");
        this.batchSizes = DistributionSummary.builder("licensing.inbox.commit.batch.size")
                .description("events stored per inbox commit").register(meters);
        if (writerThreads < 1 || writerThreads > 16) {
            throw new IllegalArgumentException("writer threads must be 1 to 16: " + writerThreads);
        }
        for (int i = 0; i < writerThreads; i++) {
            Thread writer = Thread.ofPlatform().name("inbox-writer-" + i).daemon().start(this::run);
            writers.add(writer);
        }
    }

    /** Queues an event; the future completes once it is committed, or fails if it could not be stored. */
    public CompletableFuture<Stored> submit(IncomingEvent event) {
        CompletableFuture<Stored> done = new CompletableFuture<>();
        if (closed) {
            done.completeExceptionally(new IllegalStateException("the inbox writer is shut down"));
        } else if (!queue.offer(new Submission(event, done))) {
            done.completeExceptionally(new OverloadedException());
        }
        return done;
    }

    private void run() {
        List<Submission> batch = new ArrayList<>(BATCH_MAX);
        while (!closed || !queue.isEmpty()) {
            try {
                Submission first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, BATCH_MAX - 1);
                write(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                batch.clear();
            }
        }
    }

    private void write(List<Submission> batch) {
        try {
            Set<String> added = inbox.store(batch.stream().map(Submission::event).toList());
            batchSizes.record(batch.size());
            for (Submission submission : batch) {
                // The first submission of an added id is the new one; any other is a redelivery.
                submission.done().complete(added.remove(submission.event().eventId()) ? Stored.NEW : Stored.DUPLICATE);
            }
        } catch (RuntimeException e) {
            LOG.warn("inbox commit of {} events failed; answering 503 so that Stripe retries: {}", batch.size(),
                    e.toString());
            batch.forEach(submission -> submission.done().completeExceptionally(e));
            return;
        }
        try {
            afterCommit.run();
        } catch (RuntimeException e) {
            LOG.warn("after-commit hook failed", e);
        }
    }

    /** Stops taking events, finishes what is queued, and waits for the writers. */
    @Override
    public void close() {
        closed = true;
        for (Thread writer : writers) {
            try {
                writer.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
