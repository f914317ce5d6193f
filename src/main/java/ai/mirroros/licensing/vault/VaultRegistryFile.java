package ai.mirroros.licensing.vault;

import ai.mirroros.licensing.LicensingException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Import and export of a whole registry file, all or nothing: {@link RegistryJson} for the shape, then every
 * {@link RegistryValidator} rule. A file with any problem yields no vault at all; the exception lists every problem,
 * one per line.
 */
public final class VaultRegistryFile {
    /** The code of a registry file that cannot be read at all (missing, unreadable); not a validation failure. */
    public static final String UNREADABLE_CODE = "registry_unreadable";

    private VaultRegistryFile() {
    }

    /**
     * Loads and validates a registry file.
     *
     * @return the vaults keyed by id, in vault-id order
     * @throws RegistryValidationException listing every problem, including malformed JSON with line and column
     * @throws LicensingException          with code {@value #UNREADABLE_CODE} when the file cannot be read
     */
    public static Map<String, LicensedVault> load(Path file) {
        return load(file, List.of());
    }

    /**
     * Loads a file that adds to or changes an existing registry: its vaults are validated together with {@code
     * registered} (the file's version of a vault replaces the registered one), so a referrer or parent may be a vault
     * that is already stored. Returns only the file's vaults.
     */
    public static Map<String, LicensedVault> load(Path file, Collection<LicensedVault> registered) {
        RegistryJson.Decoded decoded;
        try (InputStream in = Files.newInputStream(file)) {
            decoded = RegistryJson.decode(in);
        } catch (NoSuchFileException e) {
            throw new LicensingException(UNREADABLE_CODE, "registry file " + file + " does not exist", e);
        } catch (IOException e) {
            throw new LicensingException(UNREADABLE_CODE, "cannot read registry file " + file + ": "
                    + e.getMessage(), e);
        }
        return validated(file.toString(), decoded, registered);
    }

    /** Parses and validates registry JSON, as {@link #load(Path)}. */
    public static Map<String, LicensedVault> parse(String json) {
        return validated("registry", RegistryJson.decode(json), List.of());
    }

    /**
     * Validates the vaults and writes them as a registry file, replacing it in one step (a temporary file moved into
     * place), so a reader never sees half a registry.
     *
     * @throws RegistryValidationException when the vaults break a rule; nothing is written then
     */
    public static void save(Path file, Collection<LicensedVault> vaults) throws IOException {
        List<RegistryProblem> problems = RegistryValidator.validate(vaults);
        if (!problems.isEmpty()) {
            throw new RegistryValidationException(file.toString(), problems, "nothing was written");
        }
        String json = RegistryJson.write(vaults);
        Path dir = file.toAbsolutePath().getParent();
        Path temp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
        try {
            Files.writeString(temp, json, StandardCharsets.UTF_8);
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static Map<String, LicensedVault> validated(String source, RegistryJson.Decoded decoded,
                                                        Collection<LicensedVault> registered) {
        Map<String, LicensedVault> merged = new java.util.TreeMap<>();
        registered.forEach(vault -> merged.put(vault.vaultId(), vault));
        merged.putAll(decoded.vaults());
        java.util.Set<String> ids = new java.util.TreeSet<>(merged.keySet());
        ids.addAll(decoded.vaultIds());
        List<RegistryProblem> problems = new ArrayList<>(decoded.problems());
        problems.addAll(RegistryValidator.validate(merged, ids, decoded.failedFields()));
        if (!problems.isEmpty()) {
            problems.sort(RegistryProblem.BY_VAULT);
            throw new RegistryValidationException(source, problems);
        }
        return decoded.vaults();
    }
}
