package ai.mirroros.licensing.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.jdbi.v3.core.Jdbi;

/**
 * An open, migrated database: a connection pool, Flyway migrations applied on open, and the {@link Jdbi} handle
 * every repository uses. One per process.
 */
public final class Database implements AutoCloseable {
    /** Fail fast when the database is down instead of hanging a CLI command or a webhook for 30 s. */
    private static final long CONNECTION_TIMEOUT_MS = 5_000;
    private static final Pattern H2_FILE = Pattern.compile("^jdbc:h2:file:([^;]+)");

    private final DatabaseConfig config;
    private final HikariDataSource dataSource;
    private final Jdbi jdbi;

    private Database(DatabaseConfig config, HikariDataSource dataSource) {
        this.config = config;
        this.dataSource = dataSource;
        this.jdbi = Jdbi.create(dataSource);
    }

    /** Opens the pool and applies pending migrations; throws {@link StoreException} with a clear message. */
    public static Database open(DatabaseConfig config) {
        createH2Directory(config.jdbcUrl());
        HikariConfig hikari = new HikariConfig();
        hikari.setJdbcUrl(config.jdbcUrl());
        hikari.setMaximumPoolSize(config.maxPoolSize());
        hikari.setConnectionTimeout(CONNECTION_TIMEOUT_MS);
        hikari.setPoolName("licensing");
        hikari.setAutoCommit(true);
        config.dialect().connectionProperties().forEach(hikari::addDataSourceProperty);
        config.schema().ifPresent(schema -> hikari.setConnectionInitSql(
                "CREATE SCHEMA IF NOT EXISTS " + quoteIdentifier(schema) + "; SET search_path TO "
                        + quoteIdentifier(schema)));
        HikariDataSource dataSource;
        try {
            dataSource = new HikariDataSource(hikari);
        } catch (RuntimeException e) {
            throw new StoreException("cannot open database " + config.displayUrl() + ": " + rootMessage(e), e);
        }
        try {
            Flyway.configure()
                    .dataSource(dataSource)
                    .schemas(config.schema().map(s -> new String[] {s}).orElse(new String[0]))
                    .locations("classpath:db/migration")
                    .load()
                    .migrate();
        } catch (FlywayException e) {
            dataSource.close();
            throw new StoreException("cannot migrate database " + config.displayUrl() + ": " + rootMessage(e), e);
        }
        return new Database(config, dataSource);
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    public Dialect dialect() {
        return config.dialect();
    }

    public DatabaseConfig config() {
        return config;
    }

    /** True when a connection can be had and answers within a second; for the health endpoint. */
    public boolean isReachable() {
        try (Connection connection = dataSource.getConnection()) {
            return connection.isValid(1);
        } catch (SQLException | RuntimeException e) {
            return false;
        }
    }

    @Override
    public void close() {
        dataSource.close();
    }

    private static void createH2Directory(String jdbcUrl) {
        Matcher matcher = H2_FILE.matcher(jdbcUrl);
        if (!matcher.find()) {
            return;
        }
        Path parent = Path.of(matcher.group(1)).toAbsolutePath().getParent();
        try {
            Files.createDirectories(parent);
        } catch (java.io.IOException e) {
            throw new StoreException("cannot create data directory " + parent + ": " + e.getMessage(), e);
        }
    }

    static String quoteIdentifier(String identifier) {
        if (!identifier.matches("[A-Za-z_][A-Za-z0-9_]{0,62}")) {
            throw new StoreException("invalid schema name '" + identifier + "'");
        }
        return "\"" + identifier + "\"";
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
