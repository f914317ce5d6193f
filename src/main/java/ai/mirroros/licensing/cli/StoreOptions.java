package ai.mirroros.licensing.cli;

import ai.mirroros.licensing.LicensingApp;
import ai.mirroros.licensing.platform.PlatformTerms;
import ai.mirroros.licensing.platform.PlatformTermsFile;
import ai.mirroros.licensing.store.DatabaseConfig;
import java.nio.file.Files;
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

    @Option(names = "--platform-terms", paramLabel = "FILE", defaultValue = "${env:LICENSING_PLATFORM_TERMS}",
            description = "The platform's terms (default export prices, tier downgrade policy, referrer bonus steps, "
                    + "share links) as JSON (env LICENSING_PLATFORM_TERMS; default: <data-dir>/platform-terms.json "
                    + "if it exists, else built-in defaults; see docs/GROWTH.md).")
    Path platformTermsFile;

    public Path dataDir() {
        return dataDir;
    }

    public DatabaseConfig databaseConfig() {
        return DatabaseConfig.resolve(Optional.ofNullable(dbUrl), dataDir);
    }

    public LicensingApp openApp(Clock clock) {
        return LicensingApp.open(databaseConfig(), clock, platformTerms());
    }

    /** Like {@link #openApp(Clock)} with the risk hold threshold given on the command line. */
    public LicensingApp openApp(Clock clock, ai.mirroros.licensing.risk.RiskSettings risk) {
        return LicensingApp.open(databaseConfig(), clock, platformTerms(), risk);
    }

    /** The terms file given, else the data directory's platform-terms.json, else the built-in defaults. */
    public PlatformTerms platformTerms() {
        Path file = platformTermsFile != null ? platformTermsFile : dataDir.resolve("platform-terms.json");
        if (platformTermsFile == null && !Files.exists(file)) {
            return PlatformTerms.defaults();
        }
        return PlatformTermsFile.load(file);
    }
}
