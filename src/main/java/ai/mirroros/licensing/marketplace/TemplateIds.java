package ai.mirroros.licensing.marketplace;

import java.security.SecureRandom;
import java.text.Normalizer;
import java.util.Locale;
import java.util.random.RandomGenerator;

/**
 * Template ids a person can read and say: {@code tpl_} + a slug of the name + {@code _} + 5 random characters,
 * e.g. {@code tpl_enterprise-analytics-bot_k3f9x}. The random part keeps two templates of the same name apart
 * without a counter (which two partners creating at once would race for); 31^5 ≈ 29 million per name, and the store
 * still checks before inserting. The alphabet leaves out characters that are easy to misread (0/o, 1/l/i).
 */
public final class TemplateIds {
    public static final String PREFIX = "tpl_";
    /** Keeps ids far below the 100-character column and short enough to type. */
    static final int SLUG_MAX_CHARS = 48;
    static final int SUFFIX_CHARS = 5;
    private static final String ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";

    private final RandomGenerator random;

    public TemplateIds() {
        this(new SecureRandom());
    }

    public TemplateIds(RandomGenerator random) {
        this.random = random;
    }

    public String next(String name) {
        StringBuilder suffix = new StringBuilder(SUFFIX_CHARS);
        for (int i = 0; i < SUFFIX_CHARS; i++) {
            suffix.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return PREFIX + slug(name) + "_" + suffix;
    }

    /** Lower-case ASCII letters and digits joined by single hyphens; accents are dropped, not the letters. */
    static String slug(String name) {
        String ascii = Normalizer.normalize(name, Normalizer.Form.NFD).replaceAll("\\p{M}", "");
        String slug = ascii.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
        if (slug.length() > SLUG_MAX_CHARS) {
            slug = slug.substring(0, SLUG_MAX_CHARS).replaceAll("-$", "");
        }
        return slug.isEmpty() ? "template" : slug;
    }
}
