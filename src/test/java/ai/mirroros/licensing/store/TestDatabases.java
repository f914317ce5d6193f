package ai.mirroros.licensing.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Fresh, isolated databases for tests: a new H2 file database in a temporary directory, or a new schema in the
 * PostgreSQL database named by {@code LICENSING_TEST_PG_URL} (default: the local server's {@code test} database), so
 * concurrent and repeated runs never collide. Closing drops the schema or deletes the directory.
 */
public final class TestDatabases {
    public static final String PG_URL = System.getenv().getOrDefault("LICENSING_TEST_PG_URL",
            "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");

    private TestDatabases() {
    }

    public enum Kind { H2, POSTGRES }

    /** An open database plus what it takes to throw it away. */
    public record TestDatabase(Kind kind, Database database, Runnable cleanup) implements AutoCloseable {
        @Override
        public void close() {
            database.close();
            cleanup.run();
        }
    }

    public static TestDatabase fresh(Kind kind) {
        return switch (kind) {
            case H2 -> freshH2();
            case POSTGRES -> freshPostgres();
        };
    }

    /** The configuration of a fresh database without opening it (for tests of opening itself, like the CLI). */
    public static DatabaseConfig freshConfig(Kind kind, Path tempDir) {
        return switch (kind) {
            case H2 -> DatabaseConfig.embedded(tempDir);
            case POSTGRES -> DatabaseConfig.of(PG_URL).withSchema(newSchemaName());
        };
    }

    private static TestDatabase freshH2() {
        try {
            Path dir = Files.createTempDirectory("licensing-h2-");
            Database db = Database.open(DatabaseConfig.embedded(dir));
            return new TestDatabase(Kind.H2, db, () -> deleteRecursively(dir));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static TestDatabase freshPostgres() {
        String schema = newSchemaName();
        try {
            Database db = Database.open(DatabaseConfig.of(PG_URL).withSchema(schema));
            return new TestDatabase(Kind.POSTGRES, db, () -> dropSchema(schema));
        } catch (RuntimeException e) {
            dropSchema(schema); // a failed migration must not leave a half-made schema behind
            throw e;
        }
    }

    public static String newSchemaName() {
        return "lt_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    }

    public static void dropSchema(String schema) {
        try (Connection c = DriverManager.getConnection(PG_URL); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + Database.quoteIdentifier(schema) + " CASCADE");
        } catch (SQLException e) {
            throw new IllegalStateException("could not drop test schema " + schema, e);
        }
    }

    public static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
