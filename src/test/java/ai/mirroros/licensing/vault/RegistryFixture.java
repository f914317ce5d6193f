package ai.mirroros.licensing.vault;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The example registry as an editable JSON tree, so that each test breaks exactly one thing:
 * {@code example().set("enterprise-vault.sig", "revenueSharing.masterVaultShare", 20).problems()}.
 */
final class RegistryFixture {
    static final Path EXAMPLE = Path.of("examples/licensed-vaults.json");
    static final String ENTERPRISE = "enterprise-vault.sig";
    static final String STARTUP = "startup-vault.sig";
    static final String INDIVIDUAL = "individual-vault.sig";
    static final String AGENCY = "agency-fork.sig";
    static final String PREMIUM = "premium-enterprise-vault.sig";

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String EXAMPLE_TEXT = readExample();

    private final ObjectNode root;

    private RegistryFixture(ObjectNode root) {
        this.root = root;
    }

    static RegistryFixture example() {
        try {
            return new RegistryFixture((ObjectNode) MAPPER.readTree(EXAMPLE_TEXT));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String exampleText() {
        return EXAMPLE_TEXT;
    }

    /** Sets a field by dotted path inside one vault; {@code null} writes JSON null. */
    RegistryFixture set(String vaultId, String path, Object value) {
        String[] parts = path.split("\\.");
        ObjectNode node = (ObjectNode) root.get(vaultId);
        for (int i = 0; i < parts.length - 1; i++) {
            node = node.has(parts[i]) && node.get(parts[i]).isObject() ? (ObjectNode) node.get(parts[i])
                    : node.putObject(parts[i]);
        }
        node.set(parts[parts.length - 1], MAPPER.valueToTree(value));
        return this;
    }

    RegistryFixture remove(String vaultId, String path) {
        int dot = path.lastIndexOf('.');
        JsonNode parent = dot < 0 ? root.get(vaultId) : root.get(vaultId).at("/" + path.substring(0, dot)
                .replace('.', '/'));
        ((ObjectNode) parent).remove(path.substring(dot + 1));
        return this;
    }

    /** Adds a copy of an existing vault under a new id. */
    RegistryFixture copy(String fromVaultId, String toVaultId) {
        root.set(toVaultId, root.get(fromVaultId).deepCopy());
        return this;
    }

    RegistryFixture removeVault(String vaultId) {
        root.remove(vaultId);
        return this;
    }

    String json() {
        return root.toPrettyString();
    }

    /** The refused file's report; fails the test if the file was accepted. */
    String report() {
        AtomicReference<String> message = new AtomicReference<>();
        assertThatThrownBy(() -> VaultRegistryFile.parse(json()))
                .isInstanceOfSatisfying(RegistryValidationException.class, e -> message.set(e.getMessage()));
        return message.get();
    }

    /** The refused file's problems as report lines, {@code vault: field: message}. */
    List<String> problems() {
        List<String> lines = report().lines().toList();
        return lines.subList(1, lines.size());
    }

    private static String readExample() {
        try {
            return Files.readString(EXAMPLE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
