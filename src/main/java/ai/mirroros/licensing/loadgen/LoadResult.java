package ai.mirroros.licensing.loadgen;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What one load run sent and how the server answered.
 *
 * @param mode              {@code open} (a target rate, latency from the intended send time) or {@code closed}
 *                          (as fast as {@code concurrency} senders go)
 * @param rateTarget        events/s asked for; 0 in closed mode
 * @param elapsedSeconds    from the first (intended) send to the last answer
 * @param ackedPerSecond    acknowledged (2xx) deliveries per elapsed second
 * @param ackedPerSecondSecondHalf the same over the second half of the run: after warm-up of a fresh server
 * @param ackLatency        2xx latencies; in open mode measured from the intended send time, so time spent
 *                          waiting for a free connection counts (no coordinated omission)
 * @param scheduleLagMsMax  open mode: the furthest a send started behind its schedule; large means the server (or
 *                          the generator) could not keep up and latencies include the queueing
 * @param startNanos        {@link System#nanoTime()} at the first send, for measuring what follows in this JVM
 */
public record LoadResult(String mode, double rateTarget, int concurrency, Instant startedAt, long sent, long acked,
                         long redeliveries, Map<String, Long> sentByType, Map<Integer, Long> failedByStatus,
                         Map<String, Long> errorsByType, List<String> failureSamples, double elapsedSeconds,
                         double ackedPerSecond, double ackedPerSecondSecondHalf, LatencyHistogram.Summary ackLatency,
                         double scheduleLagMsMax,
                         @JsonIgnore long startNanos) {
    public LoadResult {
        Objects.requireNonNull(mode, "mode");
        sentByType = Map.copyOf(sentByType);
        failedByStatus = Map.copyOf(failedByStatus);
        errorsByType = Map.copyOf(errorsByType);
        failureSamples = List.copyOf(failureSamples);
        Objects.requireNonNull(ackLatency, "ackLatency");
    }

    /** Deliveries not acknowledged: non-2xx answers plus transport errors (refused, reset, timed out). */
    public long failed() {
        return failedByStatus.values().stream().mapToLong(Long::longValue).sum()
                + errorsByType.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Distinct event ids sent: what the server's inbox should have gained. */
    public long distinctEvents() {
        return sent - redeliveries;
    }
}
