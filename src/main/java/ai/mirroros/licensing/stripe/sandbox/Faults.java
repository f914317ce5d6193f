package ai.mirroros.licensing.stripe.sandbox;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The faults waiting to be applied, in the order they were added; the first that matches a request applies and
 * counts down. Thread-safe: handlers run concurrently.
 */
public final class Faults {
    /** Scenarios use a handful; a cap keeps a runaway script from making every request scan a long list. */
    public static final int ACTIVE_MAX = 100;

    private static final class Armed {
        final Fault fault;
        int remaining;

        Armed(Fault fault) {
            this.fault = fault;
            this.remaining = fault.times();
        }
    }

    private final List<Armed> armed = new ArrayList<>();

    Faults() {
    }

    public synchronized void add(Fault fault) {
        if (armed.size() >= ACTIVE_MAX) {
            throw new IllegalStateException("at most " + ACTIVE_MAX + " faults can wait at once; clear() first");
        }
        armed.add(new Armed(fault));
    }

    public synchronized void clear() {
        armed.clear();
    }

    /** The faults still waiting, each with its remaining count as {@code times}. */
    public synchronized List<Fault> active() {
        return armed.stream().map(a -> new Fault(a.fault.method(), a.fault.pathPrefix(), a.remaining,
                a.fault.effect())).toList();
    }

    /** Takes one use of the first fault matching the request, if any. */
    synchronized Optional<Fault.Effect> take(String method, String path) {
        for (int i = 0; i < armed.size(); i++) {
            Armed candidate = armed.get(i);
            if (candidate.fault.matches(method, path)) {
                if (--candidate.remaining == 0) {
                    armed.remove(i);
                }
                return Optional.of(candidate.fault.effect());
            }
        }
        return Optional.empty();
    }
}
