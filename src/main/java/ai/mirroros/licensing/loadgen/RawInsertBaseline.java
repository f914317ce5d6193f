package ai.mirroros.licensing.loadgen;

import ai.mirroros.licensing.LicensingException;
import ai.mirroros.licensing.store.Dialect;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The practical limit a webhook run is compared with: the rows the engine wrote (inbox, journal entries and
 * lines, payments, activity log …), read back and inserted again with plain JDBC batches and no logic into
 * {@code LIKE … INCLUDING ALL} copies (same columns, defaults, checks and indexes; no foreign keys) in a scratch
 * schema, {@value #EVENTS_PER_COMMIT} events' worth of rows per commit like a realistic group commit. Generic over
 * tables and columns (read through {@link ResultSetMetaData}), so schema changes need no change here. PostgreSQL
 * only; the connection gets the same driver properties as the engine's pool.
 */
public final class RawInsertBaseline {
    /** A realistic group commit: the engine commits webhook events in batches of about this many. */
    public static final int EVENTS_PER_COMMIT = 100;
    /** Every row is held in memory while the inserts are timed; 5 M rows is a few GB of heap. */
    static final long ROWS_MAX = 5_000_000;
    /** Tables that are not written by a webhook run: migrations and the vault registry import. */
    static final Set<String> NOT_WRITTEN_BY_A_RUN = Set.of("flyway_schema_history", "vault_version");
    static final String COPY_PREFIX = "bench_raw_";
    private static final int FETCH_ROWS = 10_000;

    /** How many rows of one table were copied. */
    public record TableRows(String table, long rows) {
    }

    /**
     * @param events      webhook events the rows stand for (the run's new inbox rows); sets the number of commits
     * @param paymentRows rows of the {@code payment} table among them (0 when there is none)
     * @param copySchema  the scratch schema the copies were written to (dropped unless kept)
     */
    public record Result(String sourceSchema, String copySchema, List<TableRows> tables, long rows, long events,
                         long commits, double seconds, long paymentRows) {
        public Result {
            tables = List.copyOf(tables);
        }

        @JsonProperty(access = JsonProperty.Access.READ_ONLY)
        public double rowsPerSecond() {
            return rows / seconds;
        }

        @JsonProperty(access = JsonProperty.Access.READ_ONLY)
        public double eventsPerSecond() {
            return events / seconds;
        }

        @JsonProperty(access = JsonProperty.Access.READ_ONLY)
        public double paymentsPerSecond() {
            return paymentRows / seconds;
        }
    }

    private record Column(String name, String typeName, int sqlType) {
    }

    private record Table(String name, List<Column> columns, List<Object[]> rows) {
    }

    private RawInsertBaseline() {
    }

    /**
     * Copies every table of the URL's current schema except {@link #NOT_WRITTEN_BY_A_RUN} (or only {@code tables}
     * when not empty) and times the inserts. Run it on a database that holds one run's rows and nothing else.
     *
     * @param keepCopies leave the scratch schema in place (named in the result) instead of dropping it
     */
    public static Result measure(String jdbcUrl, long events, List<String> tables, boolean keepCopies)
            throws SQLException {
        if (Dialect.fromJdbcUrl(jdbcUrl) != Dialect.POSTGRES) {
            throw new LicensingException("baseline_needs_postgres",
                    "the raw insert baseline measures PostgreSQL; give a jdbc:postgresql:// URL");
        }
        if (events < 1) {
            throw new IllegalArgumentException("events must be at least 1: " + events);
        }
        Properties properties = new Properties();
        properties.putAll(Dialect.POSTGRES.connectionProperties());
        try (Connection connection = DriverManager.getConnection(jdbcUrl, properties)) {
            String schema = currentSchema(connection);
            List<Table> source = read(connection, schema, tables.isEmpty() ? tablesOf(connection, schema) : tables);
            String scratch = COPY_PREFIX + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
            try {
                createCopies(connection, schema, scratch, source);
                long commits = Math.max(1, (events + EVENTS_PER_COMMIT - 1) / EVENTS_PER_COMMIT);
                long nanos = insertTimed(connection, scratch, source, commits);
                verifyCopies(connection, scratch, source);
                List<TableRows> counts = source.stream().map(t -> new TableRows(t.name(), t.rows().size())).toList();
                long rows = counts.stream().mapToLong(TableRows::rows).sum();
                long payments = counts.stream().filter(t -> t.table().equals("payment")).mapToLong(TableRows::rows)
                        .sum();
                return new Result(schema, scratch, counts, rows, events, commits, nanos / 1e9, payments);
            } finally {
                if (!keepCopies) {
                    execute(connection, "DROP SCHEMA IF EXISTS " + quote(scratch) + " CASCADE");
                }
            }
        }
    }

    private static String currentSchema(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("SELECT current_schema()")) {
            rs.next();
            String schema = rs.getString(1);
            if (schema == null) {
                throw new LicensingException("baseline_no_schema", "the baseline URL's schema does not exist; "
                        + "use the server's URL (with its currentSchema) after a run");
            }
            return schema;
        }
    }

    private static List<String> tablesOf(Connection connection, String schema) throws SQLException {
        List<String> names = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement("""
                SELECT table_name FROM information_schema.tables
                WHERE table_schema = ? AND table_type = 'BASE TABLE' ORDER BY table_name""")) {
            ps.setString(1, schema);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String name = rs.getString(1);
                    if (!NOT_WRITTEN_BY_A_RUN.contains(name) && !name.startsWith(COPY_PREFIX)) {
                        names.add(name);
                    }
                }
            }
        }
        return names;
    }

    private static List<Table> read(Connection connection, String schema, List<String> names) throws SQLException {
        List<Table> tables = new ArrayList<>();
        long total = 0;
        connection.setAutoCommit(false); // PostgreSQL streams with a fetch size only inside a transaction
        try {
            for (String name : names) {
                Table table = readTable(connection, schema, name);
                total += table.rows().size();
                if (total > ROWS_MAX) {
                    throw new LicensingException("baseline_too_large", "more than " + ROWS_MAX + " rows to copy; "
                            + "run the baseline after a shorter run (fewer --events or a shorter --duration)");
                }
                tables.add(table);
            }
            connection.commit();
        } finally {
            connection.setAutoCommit(true);
        }
        return tables;
    }

    private static Table readTable(Connection connection, String schema, String name) throws SQLException {
        List<Object[]> rows = new ArrayList<>();
        List<Column> columns = new ArrayList<>();
        try (Statement s = connection.createStatement()) {
            s.setFetchSize(FETCH_ROWS);
            try (ResultSet rs = s.executeQuery("SELECT * FROM " + quote(schema) + "." + quote(name))) {
                ResultSetMetaData meta = rs.getMetaData();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    columns.add(new Column(meta.getColumnName(i), meta.getColumnTypeName(i), meta.getColumnType(i)));
                }
                while (rs.next()) {
                    Object[] row = new Object[columns.size()];
                    for (int i = 0; i < row.length; i++) {
                        row[i] = value(rs, i + 1, columns.get(i));
                    }
                    rows.add(row);
                }
            }
        } catch (SQLException e) {
            if ("42P01".equals(e.getSQLState())) { // undefined_table
                throw new LicensingException("baseline_unknown_table", "no table '" + name + "' in schema '"
                        + schema + "'");
            }
            throw e;
        }
        return new Table(name, List.copyOf(columns), rows);
    }

    /** Reads a value as the type that writes it back unchanged; time zones and microseconds must survive. */
    private static Object value(ResultSet rs, int index, Column column) throws SQLException {
        return switch (column.typeName()) {
            case "timestamptz" -> rs.getObject(index, OffsetDateTime.class);
            case "timestamp" -> rs.getObject(index, LocalDateTime.class);
            case "date" -> rs.getObject(index, LocalDate.class);
            default -> rs.getObject(index);
        };
    }

    private static void createCopies(Connection connection, String schema, String scratch, List<Table> tables)
            throws SQLException {
        execute(connection, "CREATE SCHEMA " + quote(scratch));
        for (Table table : tables) {
            execute(connection, "CREATE TABLE " + copyOf(scratch, table) + " (LIKE " + quote(schema) + "."
                    + quote(table.name()) + " INCLUDING ALL)");
        }
    }

    /** The timed part: {@code commits} transactions, each with its share of every table's rows. */
    private static long insertTimed(Connection connection, String scratch, List<Table> tables, long commits)
            throws SQLException {
        List<PreparedStatement> inserts = new ArrayList<>();
        connection.setAutoCommit(false);
        try {
            for (Table table : tables) {
                inserts.add(connection.prepareStatement(insertSql(scratch, table)));
            }
            long start = System.nanoTime();
            for (long k = 0; k < commits; k++) {
                for (int t = 0; t < tables.size(); t++) {
                    List<Object[]> rows = tables.get(t).rows();
                    int from = (int) (k * rows.size() / commits);
                    int to = (int) ((k + 1) * rows.size() / commits);
                    if (from < to) {
                        addRows(inserts.get(t), tables.get(t).columns(), rows.subList(from, to));
                        inserts.get(t).executeBatch();
                    }
                }
                connection.commit();
            }
            return System.nanoTime() - start;
        } finally {
            for (PreparedStatement insert : inserts) {
                insert.close();
            }
            connection.setAutoCommit(true);
        }
    }

    private static void addRows(PreparedStatement insert, List<Column> columns, List<Object[]> rows)
            throws SQLException {
        for (Object[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                if (row[i] == null) {
                    insert.setNull(i + 1, columns.get(i).sqlType());
                } else {
                    insert.setObject(i + 1, row[i]);
                }
            }
            insert.addBatch();
        }
    }

    /** Explicit values for every column, identity columns included (hence OVERRIDING SYSTEM VALUE). */
    private static String insertSql(String scratch, Table table) {
        StringBuilder sql = new StringBuilder("INSERT INTO ").append(copyOf(scratch, table)).append(" (");
        StringBuilder values = new StringBuilder();
        for (int i = 0; i < table.columns().size(); i++) {
            sql.append(i == 0 ? "" : ", ").append(quote(table.columns().get(i).name()));
            values.append(i == 0 ? "?" : ", ?");
        }
        return sql.append(") OVERRIDING SYSTEM VALUE VALUES (").append(values).append(')').toString();
    }

    /** The copies must hold exactly the rows read, or the timing measured something else. */
    private static void verifyCopies(Connection connection, String scratch, List<Table> tables) throws SQLException {
        for (Table table : tables) {
            try (Statement s = connection.createStatement();
                    ResultSet rs = s.executeQuery("SELECT count(*) FROM " + copyOf(scratch, table))) {
                rs.next();
                if (rs.getLong(1) != table.rows().size()) {
                    throw new IllegalStateException("copy of " + table.name() + " has " + rs.getLong(1)
                            + " rows, expected " + table.rows().size());
                }
            }
        }
    }

    private static String copyOf(String scratch, Table table) {
        return quote(scratch) + "." + quote(COPY_PREFIX + table.name());
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute(sql);
        }
    }

    static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
