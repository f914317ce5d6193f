package ai.mirroros.licensing.stripe.sandbox;

import java.util.ArrayDeque;
import java.util.List;

/** An append-only log that keeps the newest {@code capacity} entries: for inspection, never for correctness. */
final class BoundedLog<T> {
    private final int capacity;
    private final ArrayDeque<T> entries = new ArrayDeque<>();

    BoundedLog(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        this.capacity = capacity;
    }

    synchronized void add(T entry) {
        if (entries.size() == capacity) {
            entries.removeFirst();
        }
        entries.addLast(entry);
    }

    /** Oldest first. */
    synchronized List<T> snapshot() {
        return List.copyOf(entries);
    }

    synchronized void clear() {
        entries.clear();
    }
}
