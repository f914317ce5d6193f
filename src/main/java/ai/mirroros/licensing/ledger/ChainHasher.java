package ai.mirroros.licensing.ledger;

import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Optional;

/**
 * The one definition of an entry's hash: lowercase hex SHA-256 of the UTF-8 bytes of {@code prevHash + "\n" +
 * canonical JSON of {occurredAt, payload, recordedAt, seq, sourceId, type, vaultId}} (keys in that, sorted, order;
 * absent ids as {@code null}; times as ISO-8601 like {@link Instant#toString()}; the payload's stored canonical text
 * inserted verbatim, never re-parsed).
 *
 * <p>Built for the verify loop: it reuses its digest, text and byte buffers, so hashing an entry allocates nothing
 * beyond what the JDK does internally. Not thread-safe; use one per thread.
 */
final class ChainHasher {
    private static final char[] HEX = "0123456789abcdef".toCharArray();
    private static final int HASH_BYTES = 32;
    /** Instants in years 0000-9999 print as fixed-width text; others fall back to {@link Instant#toString()}. */
    private static final long MIN_FAST_EPOCH_SECOND = -62_167_219_200L;
    private static final long MAX_FAST_EPOCH_SECOND = 253_402_300_799L;

    private final MessageDigest sha256;
    private final StringBuilder text = new StringBuilder(1024);
    private final byte[] digest = new byte[HASH_BYTES];
    private byte[] bytes = new byte[2048];

    ChainHasher() {
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** Computes the hash of {@code entry} from its prevHash and fields; read it with {@link #matches}/{@link #hex}. */
    void compute(ActivityEntry entry) {
        compute(entry.seq(), entry.occurredAt(), entry.recordedAt(), entry.type(), entry.vaultId(), entry.sourceId(),
                entry.payloadJson(), entry.prevHash());
    }

    void compute(long seq, Instant occurredAt, Instant recordedAt, String type, Optional<String> vaultId,
            Optional<String> sourceId, String payloadJson, String prevHash) {
        StringBuilder t = text;
        t.setLength(0);
        t.append(prevHash).append('\n');
        t.append("{\"occurredAt\":\"");
        appendInstant(occurredAt, t);
        t.append("\",\"payload\":").append(payloadJson);
        t.append(",\"recordedAt\":\"");
        appendInstant(recordedAt, t);
        t.append("\",\"seq\":").append(seq);
        t.append(",\"sourceId\":");
        appendOptionalString(sourceId, t);
        t.append(",\"type\":");
        CanonicalJson.appendString(type, t, true);
        t.append(",\"vaultId\":");
        appendOptionalString(vaultId, t);
        t.append('}');
        int length = encode(t);
        sha256.update(bytes, 0, length);
        try {
            sha256.digest(digest, 0, HASH_BYTES);
        } catch (DigestException e) {
            throw new IllegalStateException("SHA-256 output is 32 bytes", e);
        }
    }

    /** Computes and returns the hash as lowercase hex. */
    String hash(long seq, Instant occurredAt, Instant recordedAt, String type, Optional<String> vaultId,
            Optional<String> sourceId, String payloadJson, String prevHash) {
        compute(seq, occurredAt, recordedAt, type, vaultId, sourceId, payloadJson, prevHash);
        return hex();
    }

    /** True when the last computed hash, as lowercase hex, equals {@code storedHex}; compares without allocating. */
    boolean matches(String storedHex) {
        if (storedHex.length() != 2 * HASH_BYTES) {
            return false;
        }
        for (int i = 0; i < HASH_BYTES; i++) {
            int b = digest[i] & 0xFF;
            if (storedHex.charAt(2 * i) != HEX[b >>> 4] || storedHex.charAt(2 * i + 1) != HEX[b & 0xF]) {
                return false;
            }
        }
        return true;
    }

    /** The last computed hash as lowercase hex. */
    String hex() {
        char[] out = new char[2 * HASH_BYTES];
        for (int i = 0; i < HASH_BYTES; i++) {
            int b = digest[i] & 0xFF;
            out[2 * i] = HEX[b >>> 4];
            out[2 * i + 1] = HEX[b & 0xF];
        }
        return new String(out);
    }

    /** The exact text that is hashed, for tests and for people re-implementing the verifier elsewhere. */
    String hashedText() {
        return text.toString();
    }

    private static void appendOptionalString(Optional<String> value, StringBuilder out) {
        if (value.isPresent()) {
            CanonicalJson.appendString(value.get(), out, true);
        } else {
            out.append("null");
        }
    }

    /**
     * UTF-8 into the reusable byte buffer. A lone surrogate (only in tampered text) is written as its own 3-byte
     * sequence rather than replaced by '?', so that no two different texts encode alike.
     */
    private int encode(CharSequence chars) {
        int length = chars.length();
        if (bytes.length < 4 * length) {
            bytes = new byte[4 * length];
        }
        byte[] out = bytes;
        int n = 0;
        for (int i = 0; i < length; i++) {
            char c = chars.charAt(i);
            if (c < 0x80) {
                out[n++] = (byte) c;
            } else if (c < 0x800) {
                out[n++] = (byte) (0xC0 | (c >> 6));
                out[n++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isHighSurrogate(c) && i + 1 < length
                    && Character.isLowSurrogate(chars.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, chars.charAt(++i));
                out[n++] = (byte) (0xF0 | (cp >> 18));
                out[n++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                out[n++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                out[n++] = (byte) (0x80 | (cp & 0x3F));
            } else {
                out[n++] = (byte) (0xE0 | (c >> 12));
                out[n++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                out[n++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        return n;
    }

    /**
     * Appends {@code instant} exactly as {@link Instant#toString()} would (fraction in groups of three digits, none
     * when zero), without the formatter's allocations: this runs twice per verified entry.
     */
    static void appendInstant(Instant instant, StringBuilder out) {
        long epochSecond = instant.getEpochSecond();
        if (epochSecond < MIN_FAST_EPOCH_SECOND || epochSecond > MAX_FAST_EPOCH_SECOND) {
            out.append(instant);
            return;
        }
        long days = Math.floorDiv(epochSecond, 86_400L);
        int secondOfDay = (int) Math.floorMod(epochSecond, 86_400L);
        // Civil date from days since 1970-01-01 (H. Hinnant, "chrono-Compatible Low-Level Date Algorithms").
        long z = days + 719_468;
        long era = Math.floorDiv(z, 146_097);
        long dayOfEra = z - era * 146_097;
        long yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
        long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
        long mp = (5 * dayOfYear + 2) / 153;
        int day = (int) (dayOfYear - (153 * mp + 2) / 5 + 1);
        int month = (int) (mp < 10 ? mp + 3 : mp - 9);
        int year = (int) (yearOfEra + era * 400 + (month <= 2 ? 1 : 0));
        appendDigits(year, 4, out);
        out.append('-');
        appendDigits(month, 2, out);
        out.append('-');
        appendDigits(day, 2, out);
        out.append('T');
        appendDigits(secondOfDay / 3600, 2, out);
        out.append(':');
        appendDigits(secondOfDay / 60 % 60, 2, out);
        out.append(':');
        appendDigits(secondOfDay % 60, 2, out);
        int nano = instant.getNano();
        if (nano != 0) {
            out.append('.');
            if (nano % 1_000_000 == 0) {
                appendDigits(nano / 1_000_000, 3, out);
            } else if (nano % 1_000 == 0) {
                appendDigits(nano / 1_000, 6, out);
            } else {
                appendDigits(nano, 9, out);
            }
        }
        out.append('Z');
    }

    private static void appendDigits(int value, int width, StringBuilder out) {
        int divisor = 1;
        for (int i = 1; i < width; i++) {
            divisor *= 10;
        }
        for (; divisor > 0; divisor /= 10) {
            out.append((char) ('0' + value / divisor % 10));
        }
    }
}
