package ai.mirroros.licensing.cli;

import ai.mirroros.licensing.LicensingApp;
import ai.mirroros.licensing.store.DatabaseConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import picocli.CommandLine.Option;

/** Where the data lives; shared by every command that touches the database. */
public final class StoreOptions {
    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "${env:LICENSING_DATA_DIR:-./data}",
            description = "Data directory for the embedded database and exports (env LICENSING_DATA_DIR, "
                    + "default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--db", paramLabel = "JDBC_URL", defaultValue = "${env:LICENSING_DB_URL}",
            description = "Database URL, e.g. jdbc:postgresql://127.0.0.1:5432/licensing?user=postgres "
                    + "(env LICENSING_DB_URL; unset: embedded H2 in the data directory).")
    String dbUrl;

    public Path dataDir() {
        return dataDir;
    }

    public DatabaseConfig databaseConfig() {
        return DatabaseConfig.resolve(Optional.ofNullable(dbUrl), dataDir);
    }

    public LicensingApp openApp(Clock clock) {
        return LicensingApp.open(databaseConfig(), clock);
    }
}
