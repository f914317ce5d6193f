package ai.mirroros.licensing.tax;

import static org.assertj.core.api.Assertions.assertThat;

import ai.mirroros.licensing.store.Database;
import ai.mirroros.licensing.store.DatabaseConfig;
import ai.mirroros.licensing.store.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * V13 dates the reversals already applied at their sale, so the VAT report of old data does not move; on H2 and
 * PostgreSQL.
 */
class PaymentReversalBackfillTest {

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void reversalsFromBeforeV13AreDatedAtTheirSale(TestDatabases.Kind kind) throws Exception {
        Path dir = Files.createTempDirectory("licensing-v13-");
        DatabaseConfig config = TestDatabases.freshConfig(kind, dir);
        String schema = config.schema().orElse(null);
        try {
            Flyway.configure().dataSource(config.jdbcUrl(), null, null)
                    .schemas(schema == null ? new String[0] : new String[] {schema})
                    .locations("classpath:db/migration").target("12").load().migrate();
            try (Connection c = DriverManager.getConnection(config.jdbcUrl()); Statement s = c.createStatement()) {
                if (schema != null) {
                    s.execute("SET search_path TO " + schema); // lt_ and hex: no quoting needed
                }
                for (String[] p : List.of(new String[] {"p_refunded", "5950", "0"}, new String[] {"p_lost", "0", "100"},
                        new String[] {"p_clean", "0", "0"})) {
                    s.execute("INSERT INTO payment (source_id, vault_id, occurred_at, currency, gross_minor, fee_minor,"
                            + " fee_source, partner_minor, master_minor, referrer_minor, vault_version,"
                            + " journal_entry_id, split_json, refunded_minor, dispute_lost_minor) VALUES ('" + p[0]
                            + "', 'v', TIMESTAMP WITH TIME ZONE '2026-08-10 12:00:00+00', 'EUR', 11900, 0, 'x', 0, 0,"
                            + " 0, 1, 1, '{}', " + p[1] + ", " + p[2] + ")");
                }
            }
            try (Database db = Database.open(config)) {
                List<Map<String, Object>> rows = db.jdbi().withHandle(h -> h.createQuery("""
                                SELECT source_id, payment_source_id, refunded_after_minor, dispute_lost_after_minor
                                FROM payment_reversal ORDER BY source_id""").mapToMap().list());
                assertThat(rows).containsExactly(
                        Map.of("source_id", "v13-backfill:p_lost", "payment_source_id", "p_lost",
                                "refunded_after_minor", 0L, "dispute_lost_after_minor", 100L),
                        Map.of("source_id", "v13-backfill:p_refunded", "payment_source_id", "p_refunded",
                                "refunded_after_minor", 5_950L, "dispute_lost_after_minor", 0L));
                long atSale = db.jdbi().withHandle(h -> h.createQuery("""
                                SELECT COUNT(*) FROM payment_reversal r
                                JOIN payment p ON p.source_id = r.payment_source_id
                                WHERE r.occurred_at = p.occurred_at""").mapTo(Long.class).one());
                assertThat(atSale).isEqualTo(2);
            }
        } finally {
            if (schema != null) {
                TestDatabases.dropSchema(schema);
            }
            TestDatabases.deleteRecursively(dir);
        }
    }
}
