package ai.mirroros.licensing.referral;

import java.util.Locale;
import java.util.Optional;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;

/**
 * What a referral code looks like: two groups of four characters from an alphabet without look-alikes (no 0/O,
 * 1/I/L, and no U), e.g. {@code K7QM-4XTP}, so that a code read aloud or copied from paper is typed right. 30^8
 * (6.6 × 10^11) codes: random ones practically never collide, and a collision is simply drawn again.
 */
final class CodeFormat {
    static final String ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ";
    private static final int GROUP_CHARS = 4;
    private static final Pattern CODE = Pattern.compile("[" + ALPHABET + "]{4}-[" + ALPHABET + "]{4}");
    private static final Pattern WITHOUT_HYPHEN = Pattern.compile("[" + ALPHABET + "]{8}");
    /** Longer input is not a code; checked before anything else so a hostile path never reaches the database. */
    static final int INPUT_CHARS_MAX = 40;

    private CodeFormat() {
    }

    static String generate(RandomGenerator random) {
        StringBuilder code = new StringBuilder(2 * GROUP_CHARS + 1);
        for (int i = 0; i < 2 * GROUP_CHARS; i++) {
            if (i == GROUP_CHARS) {
                code.append('-');
            }
            code.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return code.toString();
    }

    /**
     * The code a person meant: case and surrounding spaces do not matter, nor a missing hyphen. Empty when the input
     * cannot be a code at all.
     */
    static Optional<String> normalise(String input) {
        if (input == null || input.length() > INPUT_CHARS_MAX) {
            return Optional.empty();
        }
        String code = input.strip().toUpperCase(Locale.ROOT);
        if (WITHOUT_HYPHEN.matcher(code).matches()) {
            code = code.substring(0, GROUP_CHARS) + "-" + code.substring(GROUP_CHARS);
        }
        return CODE.matcher(code).matches() ? Optional.of(code) : Optional.empty();
    }
}
