package ai.mirroros.licensing.stripe.sandbox;

import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;

/**
 * Stripe-looking object ids: a type prefix and 24 base-62 characters ({@code ch_3Qa…}). Random by default; seeded,
 * each prefix draws from its own sequence, so the n-th charge of a seeded sandbox has the same id in every run
 * however many transfers, events or accounts were made around it (the demo dataset relies on this).
 */
final class Ids {
    private static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    /** 62^24 ≈ 10^43: collisions are not a concern for an in-memory sandbox. */
    private static final int RANDOM_CHARS = 24;
    /** The golden-ratio constant: spreads the prefixes' hash codes over the seed space. */
    private static final long PREFIX_MIX = 0x9E3779B97F4A7C15L;

    private final OptionalLong seed;
    private final Map<String, SplittableRandom> sequences = new HashMap<>();

    private Ids(OptionalLong seed) {
        this.seed = seed;
    }

    static Ids unseeded() {
        return new Ids(OptionalLong.empty());
    }

    static Ids seeded(long seed) {
        return new Ids(OptionalLong.of(seed));
    }

    /** The next id with {@code prefix}: random, or the next of the prefix's seeded sequence. */
    String next(String prefix) {
        if (seed.isEmpty()) {
            return randomId(prefix);
        }
        synchronized (this) {
            SplittableRandom sequence = sequences.computeIfAbsent(prefix,
                    p -> new SplittableRandom(seed.getAsLong() ^ (p.hashCode() * PREFIX_MIX)));
            return format(prefix, sequence);
        }
    }

    /** A random id, for what no run needs to repeat (request ids, the platform's own bank account). */
    static String randomId(String prefix) {
        return format(prefix, ThreadLocalRandom.current());
    }

    private static String format(String prefix, RandomGenerator random) {
        StringBuilder id = new StringBuilder(prefix.length() + 1 + RANDOM_CHARS).append(prefix).append('_');
        for (int i = 0; i < RANDOM_CHARS; i++) {
            id.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return id.toString();
    }
}
