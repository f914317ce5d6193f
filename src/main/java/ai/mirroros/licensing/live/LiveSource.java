package ai.mirroros.licensing.live;

import java.util.List;
import java.util.Objects;

/** Where a {@link LiveFeed} reads events from: the activity log ({@link ActivityTail}), or a fake in tests. */
public interface LiveSource {
    /** The seq of the newest activity entry: where a feed without a resume point starts. */
    long head();

    /**
     * The live events of the entries with {@code after < seq <= upTo}, in seq order, scanning at most {@code limit}
     * entries.
     */
    Batch read(long after, long upTo, int limit);

    /**
     * What one read found.
     *
     * @param events         the live events among the entries scanned, in seq order
     * @param scanned        how many entries were scanned; fewer than the limit means the range is exhausted
     * @param scannedThrough the seq of the last entry scanned ({@code after} when none was)
     */
    record Batch(List<LiveEvent> events, int scanned, long scannedThrough) {
        public Batch {
            events = List.copyOf(Objects.requireNonNull(events, "events"));
            if (scanned < 0) {
                throw new IllegalArgumentException("scanned " + scanned);
            }
        }
    }
}
