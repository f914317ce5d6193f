package ai.mirroros.licensing.ledger;

import java.nio.charset.StandardCharsets;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;

/**
 * The one definition of an entry's hash: lowercase hex SHA-256 of the UTF-8 bytes of {@code prevHash + "\n" +
 * canonical JSON of {occurredAt, payload, recordedAt, seq, sourceId, type, vaultId}} (keys in that, sorted, order;
 * absent ids as {@code null}; times as ISO-8601 like {@link Instant#toString()}; the payload's stored canonical text
 * inserted verbatim, never re-parsed). {@code recordedAt} is covered too, so that every stored column of an entry is
 * under the hash and an edit to any of them is found.
 *
 * <p>Built for the verify loop, which must check a million entries a second: it writes the hashed text straight
 * into a reusable byte buffer (field names are constants, times and seq are printed as digits), feeds the stored
 * payload text to the digest as UTF-8 without re-parsing it, and compares the digest with the stored hex without
 * allocating. Not thread-safe; use one per thread.
 */
final class ChainHasher {
    private static final char[] HEX = "0123456789abcdef".toCharArray();
    private static final int HASH_BYTES = 32;
    /** Instants in years 0000-9999 print as fixed-width text; others fall back to {@link Instant#toString()}. */
    private static final long MIN_FAST_EPOCH_SECOND = -62_167_219_200L;
    private static final long MAX_FAST_EPOCH_SECOND = 253_402_300_799L;

    // The fixed parts of the canonical entry object, keys in sorted order.
    private static final byte[] OCCURRED_AT = ascii("\n{\"occurredAt\":\"");
    private static final byte[] PAYLOAD = ascii("\",\"payload\":");
    private static final byte[] RECORDED_AT = ascii(",\"recordedAt\":\"");
    private static final byte[] SEQ = ascii("\",\"seq\":");
    private static final byte[] SOURCE_ID = ascii(",\"sourceId\":");
    private static final byte[] TYPE = ascii(",\"type\":");
    private static final byte[] VAULT_ID = ascii(",\"vaultId\":");
    private static final byte[] NULL = ascii("null");

    private final MessageDigest sha256;
    private final byte[] digest = new byte[HASH_BYTES];
    private final StringBuilder scratch = new StringBuilder(64);
    private byte[] buffer = new byte[512];
    private int length;

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
        length = 0;
        putUtf8(prevHash);
        put(OCCURRED_AT);
        putInstant(occurredAt);
        put(PAYLOAD);
        sha256.update(buffer, 0, length);
        digestPayload(payloadJson);
        length = 0;
        put(RECORDED_AT);
        putInstant(recordedAt);
        put(SEQ);
        putDigits(seq);
        put(SOURCE_ID);
        putOptionalString(sourceId);
        put(TYPE);
        putString(type);
        put(VAULT_ID);
        putOptionalString(vaultId);
        putByte('}');
        sha256.update(buffer, 0, length);
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

    /**
     * The payload is the bulk of an entry: the JDK's UTF-8 encoder is the fast path. It writes '?' for a lone
     * surrogate (possible only in tampered text), which would let two different texts hash alike, so when the bytes
     * contain a '?' at all the text is encoded again by {@link #putUtf8}, which keeps lone surrogates distinct.
     */
    private void digestPayload(String payloadJson) {
        byte[] utf8 = payloadJson.getBytes(StandardCharsets.UTF_8);
        for (byte b : utf8) {
            if (b == '?') {
                length = 0;
                putUtf8(payloadJson);
                sha256.update(buffer, 0, length);
                return;
            }
        }
        sha256.update(utf8);
    }

    private void putOptionalString(Optional<String> value) {
        if (value.isPresent()) {
            putString(value.get());
        } else {
            put(NULL);
        }
    }

    /** A JSON string literal; escaping is {@link CanonicalJson}'s, this only skips it when nothing needs escaping. */
    private void putString(String value) {
        int n = value.length();
        for (int i = 0; i < n; i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c > 0x7E || c == '"' || c == '\\') {
                scratch.setLength(0);
                CanonicalJson.appendString(value, scratch, true);
                putUtf8(scratch);
                return;
            }
        }
        ensure(n + 2);
        buffer[length++] = '"';
        for (int i = 0; i < n; i++) {
            buffer[length++] = (byte) value.charAt(i);
        }
        buffer[length++] = '"';
    }

    /**
     * UTF-8, except that a lone surrogate (only in tampered text) is written as its own 3-byte sequence rather than
     * replaced by '?', so that no two different texts encode alike.
     */
    private void putUtf8(CharSequence chars) {
        int n = chars.length();
        ensure(3 * n);
        byte[] out = buffer;
        int at = length;
        for (int i = 0; i < n; i++) {
            char c = chars.charAt(i);
            if (c < 0x80) {
                out[at++] = (byte) c;
            } else if (c < 0x800) {
                out[at++] = (byte) (0xC0 | (c >> 6));
                out[at++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(chars.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, chars.charAt(++i));
                out[at++] = (byte) (0xF0 | (cp >> 18));
                out[at++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                out[at++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                out[at++] = (byte) (0x80 | (cp & 0x3F));
            } else {
                out[at++] = (byte) (0xE0 | (c >> 12));
                out[at++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                out[at++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        length = at;
    }

    /** Exactly {@link Instant#toString()}, without the formatter's allocations: this runs twice per entry. */
    private void putInstant(Instant instant) {
        long epochSecond = instant.getEpochSecond();
        if (epochSecond < MIN_FAST_EPOCH_SECOND || epochSecond > MAX_FAST_EPOCH_SECOND) {
            putUtf8(instant.toString());
            return;
        }
        ensure(30);
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
        putFixed(year, 4);
        putByte('-');
        putFixed(month, 2);
        putByte('-');
        putFixed(day, 2);
        putByte('T');
        putFixed(secondOfDay / 3600, 2);
        putByte(':');
        putFixed(secondOfDay / 60 % 60, 2);
        putByte(':');
        putFixed(secondOfDay % 60, 2);
        int nano = instant.getNano();
        if (nano != 0) {
            putByte('.');
            if (nano % 1_000_000 == 0) {
                putFixed(nano / 1_000_000, 3);
            } else if (nano % 1_000 == 0) {
                putFixed(nano / 1_000, 6);
            } else {
                putFixed(nano, 9);
            }
        }
        putByte('Z');
    }

    /** {@code instant} as the hash sees it; for tests. */
    static String formatInstant(Instant instant) {
        ChainHasher hasher = new ChainHasher();
        hasher.putInstant(instant);
        return new String(hasher.buffer, 0, hasher.length, StandardCharsets.UTF_8);
    }

    private void putFixed(int value, int width) {
        for (int i = width - 1; i >= 0; i--) {
            buffer[length + i] = (byte) ('0' + value % 10);
            value /= 10;
        }
        length += width;
    }

    private void putDigits(long value) {
        putUtf8(Long.toString(value));
    }

    private void put(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buffer, length, bytes.length);
        length += bytes.length;
    }

    private void putByte(char c) {
        ensure(1);
        buffer[length++] = (byte) c;
    }

    private void ensure(int more) {
        if (length + more > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(2 * buffer.length, length + more));
        }
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
