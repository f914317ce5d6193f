package ai.mirroros.licensing.stripe.sandbox;

import java.util.concurrent.ThreadLocalRandom;

/** Stripe-looking object ids: a type prefix and 24 base-62 characters ({@code ch_3Qa…}). */
final class Ids {
    private static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    /** 62^24 ≈ 10^43: collisions are not a concern for an in-memory sandbox. */
    private static final int RANDOM_CHARS = 24;

    private Ids() {
    }

    static String next(String prefix) {
        StringBuilder id = new StringBuilder(prefix.length() + 1 + RANDOM_CHARS).append(prefix).append('_');
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 0; i < RANDOM_CHARS; i++) {
            id.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return id.toString();
    }
}
