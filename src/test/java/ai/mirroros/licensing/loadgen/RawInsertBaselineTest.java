package ai.mirroros.licensing.loadgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.mirroros.licensing.LicensingApp;
import ai.mirroros.licensing.LicensingException;
import ai.mirroros.licensing.money.CurrencyUnit;
import ai.mirroros.licensing.money.Money;
import ai.mirroros.licensing.revenue.PaymentEvent;
import ai.mirroros.licensing.store.TestDatabases;
import ai.mirroros.licensing.vault.VaultRegistryFile;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The raw baseline copies exactly the rows the engine wrote, value for value, and cleans up after itself. */
class RawInsertBaselineTest {
    private static final int PAYMENTS = 250;
    private static final Instant T0 = Instant.parse("2026-03-01T00:00:00.123456Z");

    private TestDatabases.TestDatabase db;
    private String url;

    @BeforeEach
    void postPaymentsThroughTheEngine() {
        db = TestDatabases.fresh(TestDatabases.Kind.POSTGRES);
        url = TestDatabases.PG_URL + "&currentSchema=" + db.database().config().schema().orElseThrow();
        LicensingApp app = LicensingApp.over(db.database(), Clock.fixed(T0, ZoneOffset.UTC));
        app.vaults().importVaults(VaultRegistryFile.load(Path.of("examples/licensed-vaults.json")).values(),
                Instant.parse("2026-01-01T00:00:00Z"));
        List<PaymentEvent> batch = new ArrayList<>();
        for (int i = 0; i < PAYMENTS; i++) {
            batch.add(new PaymentEvent("pi_" + i, i % 2 == 0 ? "agency-fork.sig" : "enterprise-vault.sig",
                    Money.ofMinor(1_000 + 37L * i, CurrencyUnit.USD), Optional.of(Money.ofMinor(59, CurrencyUnit.USD)),
                    T0.plusSeconds(i)));
            if (batch.size() == 100 || i == PAYMENTS - 1) {
                app.payments().postBatch(batch);
                batch.clear();
            }
        }
    }

    @AfterEach
    void dropDatabase() {
        db.close();
    }

    @Test
    void copiesEveryRowOfTheRunValueForValueInGroupCommits() throws Exception {
        RawInsertBaseline.Result result = RawInsertBaseline.measure(url, PAYMENTS, List.of(), true);
        try {
            assertThat(result.tables()).extracting(RawInsertBaseline.TableRows::table)
                    .contains("activity_log", "journal_entry", "journal_line", "payment")
                    .doesNotContain("flyway_schema_history", "vault_version");
            for (RawInsertBaseline.TableRows table : result.tables()) {
                String source = quoted(result.sourceSchema(), table.table());
                String copy = quoted(result.copySchema(), "bench_raw_" + table.table());
                assertThat(count("SELECT count(*) FROM " + source)).as(table.table()).isEqualTo(table.rows());
                assertThat(count("SELECT count(*) FROM (SELECT * FROM " + source + " EXCEPT ALL SELECT * FROM "
                        + copy + ") missing")).as(table.table() + " rows missing from the copy").isZero();
                assertThat(count("SELECT count(*) FROM (SELECT * FROM " + copy + " EXCEPT ALL SELECT * FROM "
                        + source + ") extra")).as(table.table() + " rows only in the copy").isZero();
            }
            assertThat(result.paymentRows()).isEqualTo(PAYMENTS);
            assertThat(result.rows()).isEqualTo(result.tables().stream()
                    .mapToLong(RawInsertBaseline.TableRows::rows).sum());
            assertThat(result.commits()).as("100 events' rows per commit").isEqualTo(3);
            assertThat(result.seconds()).isPositive();
            assertThat(result.eventsPerSecond()).isEqualTo(PAYMENTS / result.seconds());
            var json = LicensingApp.newObjectMapper();
            String text = json.writeValueAsString(result);
            assertThat(text).contains("\"eventsPerSecond\"", "\"rowsPerSecond\"", "\"paymentsPerSecond\"");
            assertThat(json.readValue(text, RawInsertBaseline.Result.class)).as("reads back for the bench table")
                    .isEqualTo(result);
        } finally {
            TestDatabases.dropSchema(result.copySchema());
        }
    }

    @Test
    void theScratchSchemaIsDroppedAfterwards() throws Exception {
        RawInsertBaseline.Result result = RawInsertBaseline.measure(url, PAYMENTS, List.of("payment"), false);

        assertThat(result.tables()).containsExactly(new RawInsertBaseline.TableRows("payment", PAYMENTS));
        assertThat(count("SELECT count(*) FROM information_schema.schemata WHERE schema_name = '"
                + result.copySchema() + "'")).isZero();
    }

    @Test
    void anUnknownTableOrANonPostgresUrlIsAClearError() {
        assertThatThrownBy(() -> RawInsertBaseline.measure(url, 1, List.of("webhook_nope"), false))
                .isInstanceOf(LicensingException.class).hasMessageStartingWith("no table 'webhook_nope' in schema");
        assertThatThrownBy(() -> RawInsertBaseline.measure("jdbc:h2:mem:x", 1, List.of(), false))
                .isInstanceOf(LicensingException.class).hasMessageContaining("measures PostgreSQL");
    }

    private static String quoted(String schema, String table) {
        return RawInsertBaseline.quote(schema) + "." + RawInsertBaseline.quote(table);
    }

    private static long count(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(TestDatabases.PG_URL); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
