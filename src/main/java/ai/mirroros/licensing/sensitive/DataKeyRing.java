package ai.mirroros.licensing.sensitive;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The AES-256 data keys sealed values are under, by id, one of them active (new values are sealed under it). Keys
 * come from a key file ({@code LICENSING_DATA_KEY_FILE}, default {@code <data dir>/keys/data-keys}, created with
 * one fresh key and mode 0600 on first use) and/or from {@code LICENSING_DATA_KEY} (base64 of 32 bytes; it is then
 * the active key, with id {@code env-<first 8 hex of its SHA-256>}) — never from the database, so a copy of the
 * database alone reveals nothing. Rotation adds a key and keeps the old ones for opening values until they are
 * re-encrypted. Instances are immutable; the file-changing methods return the new ring.
 *
 * <p>The file is lines of {@code <key id>=<base64 key>} plus one {@code active=<key id>}; {@code #} starts a
 * comment.
 */
public final class DataKeyRing {
    public static final String ENV_KEY = "LICENSING_DATA_KEY";
    public static final String ENV_KEY_FILE = "LICENSING_DATA_KEY_FILE";
    /** AES-256. */
    public static final int KEY_BYTES = 32;

    private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final String HEADER = """
            # MirrorOS Licensing data keys (AES-256, base64). Secret: keep this file mode 0600, back it up apart from
            # the database, and never put it in the database or in version control. Without the key a value was
            # sealed under, that value is lost. See docs/SECURITY.md.
            """;

    private final Map<String, SecretKey> keys;
    private final String activeKeyId;
    private final Optional<Path> file;
    private final boolean activeFromEnvironment;

    private DataKeyRing(Map<String, SecretKey> keys, String activeKeyId, Optional<Path> file,
                        boolean activeFromEnvironment) {
        this.keys = Collections.unmodifiableMap(new LinkedHashMap<>(keys));
        this.activeKeyId = Objects.requireNonNull(activeKeyId, "activeKeyId");
        this.file = file;
        this.activeFromEnvironment = activeFromEnvironment;
        if (!this.keys.containsKey(activeKeyId)) {
            throw new IllegalArgumentException("the active key " + activeKeyId + " is not in the ring");
        }
    }

    /** Where the keys of a data directory live unless {@code LICENSING_DATA_KEY_FILE} says otherwise. */
    public static Path defaultFile(Path dataDir) {
        return dataDir.resolve("keys").resolve("data-keys");
    }

    /**
     * The ring for a data directory: {@code keyFile} (else {@link #ENV_KEY_FILE}, else the default file) and, when {@code environment} has
     * {@link #ENV_KEY}, that key as the active one. Without the environment key the file is created with a fresh
     * key when it does not exist, so a first {@code licensing demo seed} needs no set-up.
     */
    public static DataKeyRing resolve(Path dataDir, Optional<Path> keyFile, Map<String, String> environment) {
        Path path = keyFile.or(() -> Optional.ofNullable(environment.get(ENV_KEY_FILE)).filter(f -> !f.isBlank())
                .map(Path::of)).orElseGet(() -> defaultFile(dataDir));
        String envKey = environment.get(ENV_KEY);
        if (envKey != null && !envKey.isBlank()) {
            byte[] key = decodeKey(envKey.strip(), ENV_KEY);
            String id = environmentKeyId(key);
            Map<String, SecretKey> all = new LinkedHashMap<>();
            Optional<Path> source = Optional.empty();
            if (Files.exists(path)) {
                all.putAll(load(path).keys);
                source = Optional.of(path);
            }
            all.put(id, aes(key));
            return new DataKeyRing(all, id, source, true);
        }
        if (!Files.exists(path)) {
            return create(path);
        }
        return load(path);
    }

    /** Reads a key file. */
    public static DataKeyRing load(Path path) {
        requireOwnerOnly(path);
        List<String> lines;
        try {
            lines = Files.readAllLines(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new SensitiveDataException("data_key_file_unreadable", "cannot read the data key file " + path
                    + ": " + e.getMessage() + " (set " + ENV_KEY_FILE + " or --data-key-file to its location)");
        }
        Map<String, SecretKey> keys = new LinkedHashMap<>();
        String active = null;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int eq = line.indexOf('=');
            String name = eq < 0 ? "" : line.substring(0, eq).strip();
            String value = eq < 0 ? "" : line.substring(eq + 1).strip();
            String where = path + " line " + (i + 1);
            if (name.equals("active")) {
                active = value;
            } else if (isValidKeyId(name)) {
                if (keys.put(name, aes(decodeKey(value, where))) != null) {
                    throw invalidFile(path, "key '" + name + "' appears twice");
                }
            } else {
                throw invalidFile(path, "line " + (i + 1) + " is not '<key id>=<base64 key>' or 'active=<key id>'");
            }
        }
        if (active == null) {
            throw invalidFile(path, "no 'active=<key id>' line");
        }
        if (!keys.containsKey(active)) {
            throw invalidFile(path, "the active key '" + active + "' is not in the file");
        }
        return new DataKeyRing(keys, active, Optional.of(path), false);
    }

    /** A ring held only in memory with one fresh key: for tests and throw-away databases. */
    public static DataKeyRing inMemory() {
        String id = newKeyId();
        return new DataKeyRing(Map.of(id, aes(newKey())), id, Optional.empty(), false);
    }

    /** A ring of the given raw keys, held only in memory. */
    public static DataKeyRing of(Map<String, byte[]> rawKeys, String activeKeyId) {
        Map<String, SecretKey> keys = new LinkedHashMap<>();
        rawKeys.forEach((id, key) -> {
            if (!isValidKeyId(id) || key.length != KEY_BYTES) {
                throw new IllegalArgumentException("key '" + id + "' needs a valid id and " + KEY_BYTES + " bytes");
            }
            keys.put(id, aes(key));
        });
        return new DataKeyRing(keys, activeKeyId, Optional.empty(), false);
    }

    public String activeKeyId() {
        return activeKeyId;
    }

    /** Every key id in the ring, in file order (the environment key last). */
    public List<String> keyIds() {
        return List.copyOf(keys.keySet());
    }

    public boolean contains(String keyId) {
        return keys.containsKey(keyId);
    }

    /** The key file this ring was read from (also when the active key came from the environment), if any. */
    public Optional<Path> file() {
        return file;
    }

    /** Whether the active key is {@code LICENSING_DATA_KEY}'s rather than the file's. */
    public boolean activeFromEnvironment() {
        return activeFromEnvironment;
    }

    SecretKey key(String keyId) {
        SecretKey key = keys.get(keyId);
        if (key == null) {
            throw new SensitiveDataException("data_key_unknown", "data key '" + keyId + "' is not in the key ring ("
                    + describeSource() + "; it holds " + String.join(", ", keys.keySet()) + "): restore the key "
                    + "file that holds '" + keyId + "', or point " + ENV_KEY_FILE + " at it"
                    + (keyId.startsWith("env-") ? ", or set " + ENV_KEY + " to the key it came from" : ""));
        }
        return key;
    }

    /** Where the keys came from, for messages. */
    String describeSource() {
        String fromFile = file.map(p -> "key file " + p).orElse(activeFromEnvironment ? "" : "in-memory keys");
        if (!activeFromEnvironment) {
            return fromFile;
        }
        return ENV_KEY + (fromFile.isEmpty() ? "" : " and " + fromFile);
    }

    /**
     * Adds a fresh key to the key file and makes it active; the old keys stay for opening older values. The file
     * is replaced atomically, so a crash leaves either the old or the new file.
     */
    public DataKeyRing withNewActiveKey() {
        Path path = requireFileOwnedKeys("add a key");
        String id = newKeyId();
        Map<String, SecretKey> all = new LinkedHashMap<>(keys);
        all.put(id, aes(newKey()));
        write(path, all, id);
        return new DataKeyRing(all, id, file, false);
    }

    /** Removes a key that is no longer needed (no value is sealed under it: the caller checks) from the file. */
    public DataKeyRing withoutKey(String keyId) {
        Path path = requireFileOwnedKeys("remove a key");
        if (keyId.equals(activeKeyId)) {
            throw new SensitiveDataException("data_key_active", "data key '" + keyId + "' is the active key; "
                    + "rotate first (licensing keys rotate-data-key), then remove the old one");
        }
        key(keyId);
        Map<String, SecretKey> rest = new LinkedHashMap<>(keys);
        rest.remove(keyId);
        write(path, rest, activeKeyId);
        return new DataKeyRing(rest, activeKeyId, file, false);
    }

    public static boolean isValidKeyId(String keyId) {
        return keyId != null && KEY_ID.matcher(keyId).matches() && !keyId.equals("active");
    }

    @Override
    public String toString() {
        return "DataKeyRing[active=" + activeKeyId + ", keys=" + keys.keySet() + ", " + describeSource() + "]";
    }

    private Path requireFileOwnedKeys(String what) {
        if (activeFromEnvironment) {
            throw new SensitiveDataException("data_key_from_environment", "the active data key comes from "
                    + ENV_KEY + ", so the key file cannot " + what + ": change " + ENV_KEY + " instead (see "
                    + "docs/SECURITY.md, rotation)");
        }
        return file.orElseThrow(() -> new IllegalStateException("an in-memory ring has no file to " + what));
    }

    private static DataKeyRing create(Path path) {
        String id = newKeyId();
        Map<String, SecretKey> keys = Map.of(id, aes(newKey()));
        write(path, keys, id);
        return new DataKeyRing(keys, id, Optional.of(path), false);
    }

    private static void write(Path path, Map<String, SecretKey> keys, String active) {
        StringBuilder text = new StringBuilder(HEADER).append("active=").append(active).append('\n');
        keys.forEach((id, key) -> text.append(id).append('=')
                .append(Base64.getEncoder().encodeToString(key.getEncoded())).append('\n'));
        try {
            Path dir = path.toAbsolutePath().getParent();
            boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
            if (!Files.exists(dir)) {
                if (posix) {
                    Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(
                            PosixFilePermissions.fromString("rwx------")));
                } else {
                    Files.createDirectories(dir);
                }
            }
            Path temp = posix ? Files.createTempFile(dir, ".data-keys", ".tmp",
                    PosixFilePermissions.asFileAttribute(OWNER_ONLY)) : Files.createTempFile(dir, ".data-keys", ".tmp");
            try {
                Files.writeString(temp, text, StandardCharsets.UTF_8);
                try {
                    Files.move(temp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temp, path, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the data key file " + path, e);
        }
    }

    /** Like ssh with a private key: a key file others can read is refused, not silently used. */
    private static void requireOwnerOnly(Path path) {
        if (!FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            return;
        }
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(path);
            if (!OWNER_ONLY.containsAll(perms)) {
                throw new SensitiveDataException("data_key_file_exposed", "the data key file " + path + " is "
                        + PosixFilePermissions.toString(perms) + "; it must be readable by its owner only: chmod 600 "
                        + path);
            }
        } catch (IOException e) {
            throw new SensitiveDataException("data_key_file_unreadable", "cannot read the data key file " + path
                    + ": " + e.getMessage());
        }
    }

    private static byte[] decodeKey(String base64, String where) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            key = new byte[0];
        }
        if (key.length != KEY_BYTES) {
            throw new SensitiveDataException("data_key_invalid", where + ": a data key must be base64 of "
                    + KEY_BYTES + " random bytes (e.g. openssl rand -base64 32)");
        }
        return key;
    }

    private static SensitiveDataException invalidFile(Path path, String problem) {
        return new SensitiveDataException("data_key_file_invalid", "the data key file " + path + " is invalid: "
                + problem);
    }

    private static String environmentKeyId(byte[] key) {
        try {
            return "env-" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key), 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private static String newKeyId() {
        byte[] id = new byte[4];
        RANDOM.nextBytes(id);
        return "dk-" + HexFormat.of().formatHex(id);
    }

    private static byte[] newKey() {
        byte[] key = new byte[KEY_BYTES];
        RANDOM.nextBytes(key);
        return key;
    }

    private static SecretKey aes(byte[] key) {
        return new SecretKeySpec(key, "AES");
    }
}
