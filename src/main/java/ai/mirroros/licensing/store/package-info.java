/**
 * Storage infrastructure: opening the database (embedded H2 file database in PostgreSQL mode by default, PostgreSQL
 * in production), running the Flyway migrations, and the few SQL dialect differences, kept in {@link
 * ai.mirroros.licensing.store.Dialect}.
 */
package ai.mirroros.licensing.store;
