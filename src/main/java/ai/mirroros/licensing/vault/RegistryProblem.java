package ai.mirroros.licensing.vault;

import java.util.Comparator;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One thing wrong with a registry file: which vault, which field, what is wrong and, where it helps, the fix.
 *
 * @param vaultId the vault the problem belongs to, or {@link #WHOLE_FILE} for problems of the file as a whole
 *                (malformed JSON, too many vaults)
 * @param field   the field's path inside the vault in wire names, e.g. {@code revenueSharing.partnerShare} or
 *                {@code mirrorOrigin.referrerChain[1]}; empty when the problem is about the vault as a whole
 * @param message what is wrong, naming the offending value and the allowed ones
 */
public record RegistryProblem(String vaultId, String field, String message) {
    /** Stands in for the vault id when a problem concerns the whole file; never a valid vault id. */
    public static final String WHOLE_FILE = "(file)";

    /** Problems of the whole file first, then by vault id; within one vault the order of discovery is kept. */
    static final Comparator<RegistryProblem> BY_VAULT = Comparator.comparing(
            (RegistryProblem p) -> !p.vaultId.equals(WHOLE_FILE)).thenComparing(RegistryProblem::vaultId);

    /** Long user-supplied strings are cut when quoted in a message, so one bad value cannot flood the report. */
    private static final int QUOTED_CHARS_MAX = 100;
    private static final Pattern PRINTABLE_ID = Pattern.compile("[A-Za-z0-9._-]{1,100}");

    public RegistryProblem {
        Objects.requireNonNull(vaultId, "vaultId");
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(message, "message");
    }

    static RegistryProblem ofFile(String message) {
        return new RegistryProblem(WHOLE_FILE, "", message);
    }

    /** One line: {@code vault: field: message}. Odd vault ids are quoted so the line stays one line. */
    @Override
    public String toString() {
        String vault = vaultId.equals(WHOLE_FILE) || PRINTABLE_ID.matcher(vaultId).matches() ? vaultId
                : quote(vaultId);
        return vault + (field.isEmpty() ? "" : ": " + field) + ": " + message;
    }

    /**
     * Quotes a user-supplied string for a message: single quotes, control characters escaped, cut after
     * {@value #QUOTED_CHARS_MAX} characters. Every value from the file goes through here before it reaches a message.
     */
    static String quote(String raw) {
        StringBuilder out = new StringBuilder("'");
        int end = Math.min(raw.length(), QUOTED_CHARS_MAX);
        for (int i = 0; i < end; i++) {
            char c = raw.charAt(i);
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\'' -> out.append("\\'");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (Character.isISOControl(c) || Character.getType(c) == Character.LINE_SEPARATOR
                            || Character.getType(c) == Character.PARAGRAPH_SEPARATOR) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        if (raw.length() > end) {
            out.append("…");
        }
        return out.append('\'').toString();
    }
}
