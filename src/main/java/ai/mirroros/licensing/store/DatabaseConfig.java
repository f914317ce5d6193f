package ai.mirroros.licensing.store;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the database is: an explicit JDBC URL ({@code --db} / {@code LICENSING_DB_URL}), or else the embedded H2
 * file database inside the data directory ({@code --data-dir} / {@code LICENSING_DATA_DIR}, default {@code ./data}).
 *
 * @param schema for PostgreSQL, the schema to use (created if missing); tests use one per run
 */
public record DatabaseConfig(String jdbcUrl, Optional<String> schema, int maxPoolSize) {
    /** Enough for the server's request threads to share; PostgreSQL's default limit is 100 connections. */
    public static final int DEFAULT_MAX_POOL_SIZE = 10;

    public DatabaseConfig {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        Objects.requireNonNull(schema, "schema");
    }

    public static DatabaseConfig of(String jdbcUrl) {
        return new DatabaseConfig(jdbcUrl, Optional.empty(), DEFAULT_MAX_POOL_SIZE);
    }

    /**
     * The embedded default: {@code <dataDir>/licensing.mv.db}, H2 in PostgreSQL mode. {@code AUTO_SERVER} lets the
     * CLI work on the same file while {@code licensing serve} has it open; {@code WRITE_DELAY=0} writes every commit
     * to the file at commit time instead of up to a second later.
     */
    public static DatabaseConfig embedded(Path dataDir) {
        Path file = dataDir.toAbsolutePath().normalize().resolve("licensing");
        return of("jdbc:h2:file:" + file + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH"
                + ";AUTO_SERVER=TRUE;WRITE_DELAY=0");
    }

    /** {@code dbUrl} if given, else the embedded database in {@code dataDir}. */
    public static DatabaseConfig resolve(Optional<String> dbUrl, Path dataDir) {
        return dbUrl.filter(s -> !s.isBlank()).map(DatabaseConfig::of).orElseGet(() -> embedded(dataDir));
    }

    /** Reads {@code LICENSING_DB_URL} and {@code LICENSING_DATA_DIR} from an environment map. */
    public static DatabaseConfig fromEnvironment(Map<String, String> env) {
        Path dataDir = Path.of(env.getOrDefault("LICENSING_DATA_DIR", "./data"));
        return resolve(Optional.ofNullable(env.get("LICENSING_DB_URL")), dataDir);
    }

    public DatabaseConfig withSchema(String schemaName) {
        return new DatabaseConfig(jdbcUrl, Optional.of(schemaName), maxPoolSize);
    }

    public Dialect dialect() {
        return Dialect.fromJdbcUrl(jdbcUrl);
    }

    /** The URL with any password parameter masked, for logs and error messages. */
    public String displayUrl() {
        return jdbcUrl.replaceAll("(?i)(password=)[^&;]*", "$1***");
    }
}
