package ai.mirroros.licensing.sensitive;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Seals and opens single values with AES-256-GCM. The stored form is {@code v1:<key id>:<base64(nonce || ciphertext
 * || tag)>}: a 96-bit random nonce per value, a 128-bit tag, and the {@link SealContext} (plus version and key id)
 * as associated data. New values are sealed under the ring's active key; a value opens under the key its stored
 * form names, so values under older keys keep opening until rotation re-encrypts them.
 */
public final class Sealer {
    public static final String VERSION = "v1";
    /** NIST SP 800-38D's recommended nonce length for GCM; random nonces are safe far beyond our value counts. */
    static final int NONCE_BYTES = 12;
    static final int TAG_BITS = 128;
    /** Sealed columns are at most 2000 characters; this bounds a plaintext well inside that after base64. */
    public static final int MAX_PLAINTEXT_BYTES = 1200;

    private static final String TRANSFORMATION = "AES/GCM/NoPadding";

    private final DataKeyRing keys;
    private final SecureRandom random = new SecureRandom();

    public Sealer(DataKeyRing keys) {
        this.keys = Objects.requireNonNull(keys, "keys");
    }

    public DataKeyRing keys() {
        return keys;
    }

    /** Seals {@code plaintext} for {@code where} under the active key. */
    public String seal(String plaintext, SealContext where) {
        return sealWith(keys.activeKeyId(), plaintext, where);
    }

    /** Seals {@code plaintext} for {@code where} under the named key (rotation re-seals under the active one). */
    String sealWith(String keyId, String plaintext, SealContext where) {
        byte[] clear = plaintext.getBytes(StandardCharsets.UTF_8);
        if (clear.length > MAX_PLAINTEXT_BYTES) {
            throw new SensitiveDataException("sensitive_value_too_long", where.describe() + " is " + clear.length
                    + " bytes; at most " + MAX_PLAINTEXT_BYTES + " are allowed");
        }
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.ENCRYPT_MODE, keys.key(keyId), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(where.associatedData(VERSION, keyId));
            byte[] sealed = cipher.doFinal(clear);
            byte[] out = ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array();
            return VERSION + ":" + keyId + ":" + Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-256-GCM is part of every JDK 21", e);
        }
    }

    /**
     * Opens a stored value sealed for {@code where}.
     *
     * @throws SensitiveDataException when the form is not {@code v1:…}, its key is not in the ring, or it does not
     *                                authenticate (altered, copied from elsewhere, or a different key under that id)
     */
    public String open(String stored, SealContext where) {
        String keyId = keyIdOf(stored, where);
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(stored.substring(VERSION.length() + keyId.length() + 2));
        } catch (IllegalArgumentException e) {
            throw malformed(where);
        }
        if (raw.length < NONCE_BYTES + TAG_BITS / 8) {
            throw malformed(where);
        }
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.DECRYPT_MODE, keys.key(keyId), new GCMParameterSpec(TAG_BITS, raw, 0, NONCE_BYTES));
            cipher.updateAAD(where.associatedData(VERSION, keyId));
            byte[] clear = cipher.doFinal(raw, NONCE_BYTES, raw.length - NONCE_BYTES);
            return new String(clear, StandardCharsets.UTF_8);
        } catch (AEADBadTagException e) {
            throw new SensitiveDataException("sealed_value_not_authentic", where.describe()
                    + " does not open under data key '" + keyId + "': it was altered, copied from another row, or "
                    + "the key ring holds a different key under that id (" + keys.describeSource() + ")");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-256-GCM is part of every JDK 21", e);
        }
    }

    /** The key id a stored value names, without opening it. */
    public static String keyIdOf(String stored) {
        return keyIdOf(stored, new SealContext("?", "?", "?"));
    }

    private static String keyIdOf(String stored, SealContext where) {
        if (stored == null || !stored.startsWith(VERSION + ":")) {
            throw malformed(where);
        }
        int end = stored.indexOf(':', VERSION.length() + 1);
        if (end < 0) {
            throw malformed(where);
        }
        String keyId = stored.substring(VERSION.length() + 1, end);
        if (!DataKeyRing.isValidKeyId(keyId)) {
            throw malformed(where);
        }
        return keyId;
    }

    private static SensitiveDataException malformed(SealContext where) {
        return new SensitiveDataException("sealed_value_malformed", where.describe()
                + " is not a sealed value (expected " + VERSION + ":<key id>:<base64>)");
    }
}
