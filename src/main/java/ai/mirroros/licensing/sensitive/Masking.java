package ai.mirroros.licensing.sensitive;

/** The one masking rule for identifiers: everything but the last four characters becomes {@code *}. */
final class Masking {
    static final int SHOWN = 4;

    private Masking() {
    }

    /** {@code ****6789}; values of four characters or fewer are masked whole, since their tail is all of them. */
    static String lastFour(String value) {
        if (value.length() <= SHOWN) {
            return "*".repeat(value.length());
        }
        return "*".repeat(value.length() - SHOWN) + value.substring(value.length() - SHOWN);
    }
}
