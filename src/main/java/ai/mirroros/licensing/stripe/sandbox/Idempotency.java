package ai.mirroros.licensing.stripe.sandbox;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Stripe's idempotency layer: the first POST with a key runs, and its status and body are saved; later POSTs with
 * the same key get that saved answer replayed, provided they are the same request (same endpoint, same
 * parameters) — otherwise {@code idempotency_error}. A key whose first request is still running answers 409, which
 * stripe-java retries. Keys are scoped per account (the {@code Stripe-Account} header), expire after
 * {@link #KEY_TTL} like Stripe's, and at most {@code keysMax} are kept, least recently used dropped first.
 */
final class Idempotency {
    /** Stripe prunes keys after 24 hours; a retry later than that is a new request. */
    static final Duration KEY_TTL = Duration.ofHours(24);
    /** Stripe's limit on the key's length. */
    static final int KEY_CHARS_MAX = 255;

    /** What an idempotent request is compared by. */
    record Fingerprint(String method, String path, Object params) {
    }

    /** A saved answer. */
    record Saved(int status, String body) {
    }

    /** What to do with an incoming request that carries a key. */
    sealed interface Decision permits Proceed, Replay, Mismatch, InFlight {
    }

    /** First use (or an expired key): run the request, then {@link #complete} or {@link #release}. */
    record Proceed() implements Decision {
    }

    record Replay(Saved saved) implements Decision {
    }

    record Mismatch() implements Decision {
    }

    record InFlight() implements Decision {
    }

    private static final class KeyEntry {
        final Fingerprint fingerprint;
        final Instant created;
        Saved saved;

        KeyEntry(Fingerprint fingerprint, Instant created) {
            this.fingerprint = fingerprint;
            this.created = created;
        }
    }

    private final Map<String, KeyEntry> entries;

    Idempotency(int keysMax) {
        if (keysMax < 1) {
            throw new IllegalArgumentException("keysMax must be positive: " + keysMax);
        }
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, KeyEntry> eldest) {
                return size() > keysMax;
            }
        };
    }

    synchronized Decision begin(String scopedKey, Fingerprint fingerprint, Instant now) {
        KeyEntry entry = entries.get(scopedKey);
        if (entry != null && entry.created.plus(KEY_TTL).isBefore(now)) {
            entries.remove(scopedKey);
            entry = null;
        }
        if (entry == null) {
            entries.put(scopedKey, new KeyEntry(fingerprint, now));
            return new Proceed();
        }
        if (!entry.fingerprint.equals(fingerprint)) {
            return new Mismatch();
        }
        return entry.saved == null ? new InFlight() : new Replay(entry.saved);
    }

    /** Saves the answer of the request that {@link #begin} let proceed. */
    synchronized void complete(String scopedKey, Saved saved) {
        KeyEntry entry = entries.get(scopedKey);
        if (entry != null && entry.saved == null) {
            entry.saved = Objects.requireNonNull(saved, "saved");
        }
    }

    /** Forgets a key whose request never reached the endpoint (validation failed), as Stripe does. */
    synchronized void release(String scopedKey) {
        KeyEntry entry = entries.get(scopedKey);
        if (entry != null && entry.saved == null) {
            entries.remove(scopedKey);
        }
    }

    synchronized int size() {
        return entries.size();
    }
}
