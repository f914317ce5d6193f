package ai.mirroros.licensing.store;

import java.sql.SQLException;

/**
 * The one place where H2 (PostgreSQL mode) and PostgreSQL differ. The schema and queries are written in the common
 * subset; what is left lives here.
 */
public enum Dialect {
    H2,
    POSTGRES;

    /** SQLSTATE for a unique-constraint violation; both databases use the standard code. */
    private static final String UNIQUE_VIOLATION = "23505";

    public static Dialect fromJdbcUrl(String jdbcUrl) {
        if (jdbcUrl.startsWith("jdbc:h2:")) {
            return H2;
        }
        if (jdbcUrl.startsWith("jdbc:postgresql:")) {
            return POSTGRES;
        }
        throw new StoreException("unsupported database URL '" + jdbcUrl
                + "'; expected jdbc:postgresql://… or jdbc:h2:…");
    }

    /** True when the exception (or one of its causes) reports a duplicate key. */
    public boolean isUniqueViolation(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && UNIQUE_VIOLATION.equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    /**
     * True when the exception (or a cause) says the database could not be reached or the connection broke: SQLSTATE
     * class 08 (connection exception), or the pool timing out waiting for a connection. Such a failure says nothing
     * about the work being done; the caller should back off and retry it all, not blame the data.
     */
    public boolean isConnectionFailure(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof java.sql.SQLTransientConnectionException || t instanceof java.net.SocketException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("08")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Driver properties every connection gets. PostgreSQL: {@code reWriteBatchedInserts} turns a JDBC batch of
     * inserts into multi-row inserts, which lifted ledger posting from ~7,600 to ~13,500 entries/s in
     * LedgerThroughputBenchmark (docs/PERFORMANCE.md).
     */
    public java.util.Map<String, String> connectionProperties() {
        return switch (this) {
            case H2 -> java.util.Map.of();
            case POSTGRES -> java.util.Map.of("reWriteBatchedInserts", "true");
        };
    }

    /**
     * A clause that locks the selected rows for the rest of the transaction. Both support {@code FOR UPDATE}; kept
     * here so that a future dialect without it has one place to change.
     */
    public String forUpdate() {
        return " FOR UPDATE";
    }

    /**
     * Locks the selected rows and skips rows another transaction holds, so that several engine instances can claim
     * disjoint batches from one queue. Both databases support it (H2 since 2.2).
     */
    public String forUpdateSkipLocked() {
        return " FOR UPDATE SKIP LOCKED";
    }

    /** The most tries an H2 counter increment needs: update, insert, update (nothing deletes counter rows). */
    private static final int COUNTER_ATTEMPTS_MAX = 3;

    /**
     * Adds counter rows: each row ({@code column → value} for every key and counter column) is inserted, or added to
     * the counters of the existing row with the same key. PostgreSQL does it in one batch of
     * {@code INSERT … ON CONFLICT (key) DO UPDATE}, atomic under concurrent inserts of the same key. H2 has no such
     * clause in PostgreSQL mode and its {@code MERGE} fails with a duplicate key when two transactions create the
     * same row at once, so each row is an UPDATE, and only when the row does not exist yet an INSERT … ON CONFLICT
     * DO NOTHING followed by the UPDATE again if another transaction inserted it first.
     */
    public void addToCounters(org.jdbi.v3.core.Handle handle, String table, java.util.List<String> keyColumns,
                              java.util.List<String> counterColumns,
                              java.util.List<java.util.Map<String, Object>> rows) {
        if (rows.isEmpty()) {
            return;
        }
        java.util.List<String> all = new java.util.ArrayList<>(keyColumns);
        all.addAll(counterColumns);
        String columns = String.join(", ", all);
        String values = all.stream().map(c -> ":" + c).collect(java.util.stream.Collectors.joining(", "));
        String insert = "INSERT INTO " + table + " (" + columns + ") VALUES (" + values + ")";
        if (this == POSTGRES) {
            org.jdbi.v3.core.statement.PreparedBatch batch = handle.prepareBatch(insert + " ON CONFLICT ("
                    + String.join(", ", keyColumns) + ") DO UPDATE SET " + counterColumns.stream()
                    .map(c -> c + " = " + table + "." + c + " + EXCLUDED." + c)
                    .collect(java.util.stream.Collectors.joining(", ")));
            rows.forEach(row -> batch.bindMap(row).add());
            batch.execute();
            return;
        }
        String update = "UPDATE " + table + " SET " + counterColumns.stream().map(c -> c + " = " + c + " + :" + c)
                .collect(java.util.stream.Collectors.joining(", ")) + " WHERE " + keyColumns.stream()
                .map(c -> c + " = :" + c).collect(java.util.stream.Collectors.joining(" AND "));
        for (java.util.Map<String, Object> row : rows) {
            boolean done = false;
            for (int attempt = 0; attempt < COUNTER_ATTEMPTS_MAX && !done; attempt++) {
                done = handle.createUpdate(update).bindMap(row).execute() == 1
                        || handle.createUpdate(insert + " ON CONFLICT DO NOTHING").bindMap(row).execute() == 1;
            }
            if (!done) {
                throw new IllegalStateException("counter row of " + table + " " + row
                        + " was neither updated nor inserted");
            }
        }
    }
}
