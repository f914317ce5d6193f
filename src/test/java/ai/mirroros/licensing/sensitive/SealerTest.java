package ai.mirroros.licensing.sensitive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SealerTest {
    private static final SealContext TIN_OF_A = new SealContext("payee_tax_profile", "tin_sealed", "a.sig");
    private static final byte[] KEY_1 = new byte[32];
    private static final byte[] KEY_2 = new byte[32];

    static {
        KEY_2[0] = 1;
    }

    private final Sealer sealer = new Sealer(DataKeyRing.of(Map.of("k1", KEY_1), "k1"));

    @Test
    void aSealedValueOpensToTheSamePlaintext() {
        String sealed = sealer.seal("123-45-6789 ÄÖÜ", TIN_OF_A);

        assertThat(sealed).startsWith("v1:k1:").doesNotContain("6789");
        assertThat(sealer.open(sealed, TIN_OF_A)).isEqualTo("123-45-6789 ÄÖÜ");
        assertThat(Sealer.keyIdOf(sealed)).isEqualTo("k1");
    }

    @Test
    void theStoredFormIsVersionKeyIdAndNonceCiphertextTag() {
        String sealed = sealer.seal("abc", TIN_OF_A);
        byte[] raw = Base64.getDecoder().decode(sealed.substring("v1:k1:".length()));

        assertThat(raw).hasSize(Sealer.NONCE_BYTES + 3 + Sealer.TAG_BITS / 8);
    }

    @Test
    void everySealingUsesAFreshNonce() {
        Set<String> nonces = new HashSet<>();
        Set<String> sealed = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            String value = sealer.seal("same plaintext", TIN_OF_A);
            sealed.add(value);
            byte[] raw = Base64.getDecoder().decode(value.substring("v1:k1:".length()));
            nonces.add(Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(raw, Sealer.NONCE_BYTES)));
        }
        assertThat(sealed).hasSize(200);
        assertThat(nonces).hasSize(200);
    }

    @Test
    void aTamperedCiphertextDoesNotOpen() {
        String sealed = sealer.seal("123456789", TIN_OF_A);
        byte[] raw = Base64.getDecoder().decode(sealed.substring("v1:k1:".length()));
        for (int position : new int[] {0, Sealer.NONCE_BYTES, raw.length - 1}) {
            byte[] flipped = raw.clone();
            flipped[position] ^= 0x01;
            String tampered = "v1:k1:" + Base64.getEncoder().encodeToString(flipped);

            assertThatThrownBy(() -> sealer.open(tampered, TIN_OF_A))
                    .isInstanceOf(SensitiveDataException.class)
                    .hasMessageContaining("payee_tax_profile.tin_sealed of a.sig does not open under data key 'k1'")
                    .hasMessageNotContaining("123456789");
        }
    }

    @Test
    void aValueCopiedToAnotherRowOrColumnDoesNotOpen() {
        String sealed = sealer.seal("123456789", TIN_OF_A);

        assertThatThrownBy(() -> sealer.open(sealed, new SealContext("payee_tax_profile", "tin_sealed", "b.sig")))
                .isInstanceOf(SensitiveDataException.class).hasMessageContaining("copied from another row");
        assertThatThrownBy(() -> sealer.open(sealed, new SealContext("payee_tax_profile", "bank_sealed", "a.sig")))
                .isInstanceOf(SensitiveDataException.class);
        assertThatThrownBy(() -> sealer.open(sealed, new SealContext("other_table", "tin_sealed", "a.sig")))
                .isInstanceOf(SensitiveDataException.class);
    }

    @Test
    void aValueUnderAKeyTheRingDoesNotHoldFailsNamingTheKeyId() {
        Sealer other = new Sealer(DataKeyRing.of(Map.of("k2", KEY_2), "k2"));
        String sealed = other.seal("123456789", TIN_OF_A);

        assertThatThrownBy(() -> sealer.open(sealed, TIN_OF_A))
                .isInstanceOf(SensitiveDataException.class)
                .hasMessageContaining("data key 'k2' is not in the key ring")
                .hasMessageContaining("it holds k1")
                .satisfies(e -> assertThat(((SensitiveDataException) e).code()).isEqualTo("data_key_unknown"));
    }

    @Test
    void aDifferentKeyUnderTheSameIdFailsAsNotAuthentic() {
        Sealer impostor = new Sealer(DataKeyRing.of(Map.of("k1", KEY_2), "k1"));
        String sealed = impostor.seal("123456789", TIN_OF_A);

        assertThatThrownBy(() -> sealer.open(sealed, TIN_OF_A)).isInstanceOf(SensitiveDataException.class)
                .hasMessageContaining("does not open under data key 'k1'");
    }

    @Test
    void oldKeysKeepOpeningWhileNewValuesGoUnderTheActiveKey() {
        String underOld = sealer.seal("old", TIN_OF_A);
        Sealer rotated = new Sealer(DataKeyRing.of(new java.util.LinkedHashMap<>(Map.of("k1", KEY_1, "k2", KEY_2)),
                "k2"));

        assertThat(rotated.open(underOld, TIN_OF_A)).isEqualTo("old");
        assertThat(rotated.seal("new", TIN_OF_A)).startsWith("v1:k2:");
    }

    @Test
    void somethingThatIsNotASealedValueIsRefusedClearly() {
        for (String bad : new String[] {"123-45-6789", "v2:k1:AAAA", "v1:k1:not base64!", "v1:k1:AAAA", "v1:"}) {
            assertThatThrownBy(() -> sealer.open(bad, TIN_OF_A)).as(bad)
                    .isInstanceOf(SensitiveDataException.class)
                    .hasMessageContaining("is not a sealed value (expected v1:<key id>:<base64>)")
                    .hasMessageNotContaining("6789");
        }
    }
}
