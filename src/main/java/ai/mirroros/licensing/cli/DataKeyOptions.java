package ai.mirroros.licensing.cli;

import ai.mirroros.licensing.sensitive.DataKeyRing;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * Where the data keys come from, for commands that seal or open sensitive values. The key itself is never an
 * option (it would land in the shell history): it is the key file's, or {@code LICENSING_DATA_KEY}'s.
 */
public final class DataKeyOptions {
    @Option(names = "--data-key-file", paramLabel = "FILE", defaultValue = "${env:LICENSING_DATA_KEY_FILE}",
            description = "The data key file that seals TINs, addresses and bank details (env "
                    + "LICENSING_DATA_KEY_FILE; default: <data-dir>/keys/data-keys, created with a fresh key and "
                    + "mode 0600 on first use). Env LICENSING_DATA_KEY (base64 of 32 bytes) instead makes that key "
                    + "the active one. Keep the keys away from database backups; see docs/SECURITY.md.")
    Path keyFile;

    /** The ring for the data directory, from the file and the environment. */
    public DataKeyRing ring(Path dataDir) {
        return DataKeyRing.resolve(dataDir, Optional.ofNullable(keyFile), System.getenv());
    }
}
