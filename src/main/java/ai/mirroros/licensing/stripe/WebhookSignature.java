package ai.mirroros.licensing.stripe;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Stripe's webhook signature scheme, as Stripe specifies it: the {@code Stripe-Signature} header is
 * {@code t=<unix seconds>,v1=<hex>[,v1=<hex>…]} (other schemes such as {@code v0} are ignored), each {@code v1} an
 * HMAC-SHA256 of {@code "<t>.<raw body>"} keyed with the endpoint secret. A delivery is genuine when any {@code v1}
 * matches any configured secret (several during secret rotation) and {@code t} is within the tolerance of now.
 *
 * <p>Implemented here rather than through {@code com.stripe.net.Webhook} because the endpoint must tell the reasons
 * apart (for the problem document and the rejection metric) and accept several secrets in one pass; the test suite
 * checks it against signatures computed independently and against stripe-java's own {@code generateSignatureHeader}.
 */
public final class WebhookSignature {
    public static final String HEADER = "Stripe-Signature";
    /** Stripe's libraries default to five minutes: long enough for clock skew and queueing, short for replays. */
    public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);
    /** A real header has one timestamp and one or two signatures; anything much longer is not from Stripe. */
    static final int HEADER_CHARS_MAX = 1_024;
    private static final String SCHEME = "v1";
    private static final HexFormat HEX = HexFormat.of();

    private final List<byte[]> secrets;
    private final Duration tolerance;

    /** Why a delivery was refused; the names are the metric's {@code reason} tag. */
    public enum Failure {
        MISSING_SIGNATURE("the Stripe-Signature header is missing"),
        MALFORMED_SIGNATURE("the Stripe-Signature header is not t=<seconds>,v1=<hex>"),
        STALE_TIMESTAMP("the signature timestamp is outside the tolerance; replays are refused"),
        SIGNATURE_MISMATCH("no v1 signature matches a configured webhook secret");

        private final String detail;

        Failure(String detail) {
            this.detail = detail;
        }

        public String detail() {
            return detail;
        }

        public String reasonTag() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Thrown by {@link #verify}; carries the {@link Failure}. */
    public static final class VerificationException extends Exception {
        private final Failure failure;

        VerificationException(Failure failure) {
            super(failure.detail(), null, false, false);
            this.failure = failure;
        }

        public Failure failure() {
            return failure;
        }
    }

    public WebhookSignature(List<String> secrets, Duration tolerance) {
        if (secrets.isEmpty() || secrets.stream().anyMatch(s -> s == null || s.isBlank())) {
            throw new IllegalArgumentException("at least one non-blank webhook secret is needed");
        }
        this.secrets = secrets.stream().map(s -> s.getBytes(StandardCharsets.UTF_8)).toList();
        this.tolerance = Objects.requireNonNull(tolerance, "tolerance");
        if (tolerance.isNegative() || tolerance.isZero()) {
            throw new IllegalArgumentException("tolerance must be positive: " + tolerance);
        }
    }

    /** The configured secrets from a comma-separated list (as in {@code LICENSING_STRIPE_WEBHOOK_SECRET}). */
    public static List<String> parseSecrets(String commaSeparated) {
        List<String> secrets = new ArrayList<>();
        for (String part : commaSeparated.split(",")) {
            if (!part.isBlank()) {
                secrets.add(part.strip());
            }
        }
        return List.copyOf(secrets);
    }

    /** Returns normally when the header signs {@code body} with a configured secret within the tolerance of now. */
    public void verify(String header, byte[] body, Instant now) throws VerificationException {
        if (header == null || header.isBlank()) {
            throw new VerificationException(Failure.MISSING_SIGNATURE);
        }
        if (header.length() > HEADER_CHARS_MAX) {
            throw new VerificationException(Failure.MALFORMED_SIGNATURE);
        }
        Long timestamp = null;
        List<byte[]> signatures = new ArrayList<>();
        for (String item : header.split(",")) {
            int eq = item.indexOf('=');
            if (eq <= 0) {
                throw new VerificationException(Failure.MALFORMED_SIGNATURE);
            }
            String key = item.substring(0, eq).strip();
            String value = item.substring(eq + 1).strip();
            if (key.equals("t") && timestamp == null) {
                timestamp = parseSeconds(value);
            } else if (key.equals(SCHEME)) {
                // A value that is not hex cannot match; it is skipped rather than fatal, like Stripe's libraries.
                if (value.length() == 64 && value.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
                    signatures.add(value.toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
                }
            }
        }
        if (timestamp == null) {
            throw new VerificationException(Failure.MALFORMED_SIGNATURE);
        }
        if (signatures.isEmpty()) {
            throw new VerificationException(Failure.SIGNATURE_MISMATCH);
        }
        boolean matched = false;
        for (byte[] secret : secrets) {
            byte[] expected = hex(hmac(secret, timestamp, body)).getBytes(StandardCharsets.US_ASCII);
            for (byte[] signature : signatures) {
                // Constant-time, and no early exit: timing must not tell which secret or signature was close.
                matched |= MessageDigest.isEqual(expected, signature);
            }
        }
        if (!matched) {
            throw new VerificationException(Failure.SIGNATURE_MISMATCH);
        }
        // Checked after the signature so that a forged request learns nothing about the clock.
        long ageSeconds = Math.abs(now.getEpochSecond() - timestamp);
        if (ageSeconds > tolerance.toSeconds()) {
            throw new VerificationException(Failure.STALE_TIMESTAMP);
        }
    }

    /** A {@code Stripe-Signature} header for {@code body} at {@code timestamp}: what Stripe (or the sandbox) sends. */
    public static String sign(String secret, Instant timestamp, byte[] body) {
        long t = timestamp.getEpochSecond();
        return "t=" + t + "," + SCHEME + "=" + hex(hmac(secret.getBytes(StandardCharsets.UTF_8), t, body));
    }

    private static Long parseSeconds(String value) throws VerificationException {
        if (value.isEmpty() || value.length() > 12 || !value.chars().allMatch(Character::isDigit)) {
            throw new VerificationException(Failure.MALFORMED_SIGNATURE);
        }
        return Long.parseLong(value);
    }

    private static byte[] hmac(byte[] secret, long timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.US_ASCII));
            return mac.doFinal(body);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is required by every Java platform", e);
        }
    }

    private static String hex(byte[] bytes) {
        return HEX.formatHex(bytes);
    }
}
