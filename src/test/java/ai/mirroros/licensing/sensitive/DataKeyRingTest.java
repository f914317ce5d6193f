package ai.mirroros.licensing.sensitive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataKeyRingTest {
    private static final SealContext WHERE = new SealContext("t", "c", "r");
    private static final String ENV_KEY = Base64.getEncoder().encodeToString(new byte[32]);

    @TempDir
    Path dataDir;

    @Test
    void theFirstUseCreatesAnOwnerOnlyKeyFileWithOneActiveKey() throws Exception {
        DataKeyRing ring = DataKeyRing.resolve(dataDir, Optional.empty(), Map.of());
        Path file = dataDir.resolve("keys/data-keys");

        assertThat(ring.file()).contains(file);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())))
                .isEqualTo("rwx------");
        assertThat(ring.keyIds()).containsExactly(ring.activeKeyId());
        assertThat(Files.readString(file)).contains("active=" + ring.activeKeyId());

        DataKeyRing again = DataKeyRing.resolve(dataDir, Optional.empty(), Map.of());
        String sealed = new Sealer(ring).seal("secret", WHERE);
        assertThat(again.activeKeyId()).isEqualTo(ring.activeKeyId());
        assertThat(new Sealer(again).open(sealed, WHERE)).isEqualTo("secret");
    }

    @Test
    void aNewActiveKeyKeepsTheOldOnesForOpening() {
        DataKeyRing ring = DataKeyRing.resolve(dataDir, Optional.empty(), Map.of());
        String sealed = new Sealer(ring).seal("secret", WHERE);

        DataKeyRing rotated = ring.withNewActiveKey();
        DataKeyRing reread = DataKeyRing.load(ring.file().orElseThrow());

        assertThat(rotated.activeKeyId()).isNotEqualTo(ring.activeKeyId());
        assertThat(reread.keyIds()).containsExactly(ring.activeKeyId(), rotated.activeKeyId());
        assertThat(reread.activeKeyId()).isEqualTo(rotated.activeKeyId());
        assertThat(new Sealer(reread).open(sealed, WHERE)).isEqualTo("secret");

        DataKeyRing retired = reread.withoutKey(ring.activeKeyId());
        assertThat(DataKeyRing.load(ring.file().orElseThrow()).keyIds()).containsExactly(rotated.activeKeyId());
        assertThatThrownBy(() -> new Sealer(retired).open(sealed, WHERE))
                .hasMessageContaining("data key '" + ring.activeKeyId() + "' is not in the key ring");
        assertThatThrownBy(() -> retired.withoutKey(rotated.activeKeyId()))
                .hasMessageContaining("is the active key");
    }

    @Test
    void theEnvironmentKeyBecomesActiveAndTheFileKeysStillOpen() {
        DataKeyRing fileRing = DataKeyRing.resolve(dataDir, Optional.empty(), Map.of());
        String sealed = new Sealer(fileRing).seal("secret", WHERE);

        DataKeyRing ring = DataKeyRing.resolve(dataDir, Optional.empty(), Map.of(DataKeyRing.ENV_KEY, ENV_KEY));

        assertThat(ring.activeFromEnvironment()).isTrue();
        assertThat(ring.activeKeyId()).matches("env-[0-9a-f]{8}");
        assertThat(new Sealer(ring).open(sealed, WHERE)).isEqualTo("secret");
        assertThat(new Sealer(ring).seal("x", WHERE)).startsWith("v1:" + ring.activeKeyId() + ":");
        assertThatThrownBy(ring::withNewActiveKey).isInstanceOf(SensitiveDataException.class)
                .hasMessageContaining("LICENSING_DATA_KEY");
    }

    @Test
    void theEnvironmentKeyAloneNeedsNoFile() {
        DataKeyRing ring = DataKeyRing.resolve(dataDir, Optional.empty(), Map.of(DataKeyRing.ENV_KEY, ENV_KEY));

        assertThat(ring.keyIds()).containsExactly(ring.activeKeyId());
        assertThat(Files.exists(dataDir.resolve("keys/data-keys"))).isFalse();
    }

    @Test
    void anEnvironmentKeyThatIsNot32BytesIsRefusedWithoutEchoingIt() {
        assertThatThrownBy(() -> DataKeyRing.resolve(dataDir, Optional.empty(),
                Map.of(DataKeyRing.ENV_KEY, "c2hvcnQta2V5")))
                .isInstanceOf(SensitiveDataException.class)
                .hasMessage("LICENSING_DATA_KEY: a data key must be base64 of 32 random bytes (e.g. openssl rand "
                        + "-base64 32)");
    }

    @Test
    void aKeyFileOthersCanReadIsRefused() throws Exception {
        DataKeyRing ring = DataKeyRing.resolve(dataDir, Optional.empty(), Map.of());
        Path file = ring.file().orElseThrow();
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        assertThatThrownBy(() -> DataKeyRing.resolve(dataDir, Optional.empty(), Map.of()))
                .isInstanceOf(SensitiveDataException.class)
                .hasMessageContaining("rw-r--r--").hasMessageContaining("chmod 600 " + file);
    }

    @Test
    void aBrokenKeyFileNamesTheProblem() throws Exception {
        Path file = dataDir.resolve("keys.txt");
        Files.writeString(file, "active=k9\nk1=" + ENV_KEY + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));

        assertThatThrownBy(() -> DataKeyRing.resolve(dataDir, Optional.of(file), Map.of()))
                .hasMessageContaining("the active key 'k9' is not in the file");
    }
}
