package ai.mirroros.licensing.logging;

import java.util.regex.Pattern;

/**
 * The one rule for secrets in log lines: an API key {@code lic_<id>_<secret>} keeps its id (which names the key in
 * {@code licensing keys list}) and loses its secret. logback.xml applies the same expression to the text format;
 * JsonLogLayoutTest checks both against the real configuration.
 */
public final class SecretMask {
    /** As ApiKeys' token format: 12 hex digits of id, 43 base64url characters of secret. */
    static final Pattern API_KEY = Pattern.compile("lic_([0-9a-f]{12})_[A-Za-z0-9_-]{43}");
    private static final String REPLACEMENT = "lic_$1_…";

    private SecretMask() {
    }

    /** {@code text} with every API key's secret replaced by an ellipsis; null stays null. */
    public static String mask(String text) {
        return text == null || !text.contains("lic_") ? text : API_KEY.matcher(text).replaceAll(REPLACEMENT);
    }
}
