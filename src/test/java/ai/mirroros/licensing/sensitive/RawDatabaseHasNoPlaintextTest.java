package ai.mirroros.licensing.sensitive;

import static org.assertj.core.api.Assertions.assertThat;

import ai.mirroros.licensing.LicensingApp;
import ai.mirroros.licensing.store.DatabaseTestSupport;
import ai.mirroros.licensing.vault.VaultRegistryFile;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Saves tax profiles (and re-saves and rotates them), then reads every column of every table through plain JDBC,
 * as someone holding a copy of the database would, and searches for the TINs, account numbers, IBAN and street
 * lines. Also the activity log and everything logged meanwhile, with the application's loggers at DEBUG.
 */
class RawDatabaseHasNoPlaintextTest extends DatabaseTestSupport {
    private final ListAppender<ILoggingEvent> captured = new ListAppender<>();
    private Logger root;
    private Level rootLevel;

    @BeforeEach
    void captureLogs() {
        root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        rootLevel = root.getLevel();
        root.setLevel(Level.DEBUG);
        captured.start();
        root.addAppender(captured);
    }

    @AfterEach
    void stopCapturing() {
        root.detachAppender(captured);
        root.setLevel(rootLevel);
    }

    @Test
    void noTableHoldsATinAccountNumberIbanOrStreetInClear() throws Exception {
        LicensingApp app = LicensingApp.over(db, Clock.systemUTC());
        app.vaults().importVaults(VaultRegistryFile.load(Path.of("examples/licensed-vaults.json")).values(),
                Instant.parse("2026-01-01T00:00:00Z"));
        DataKeyRing keys = DataKeyRing.inMemory();
        TaxProfiles profiles = app.taxProfiles(keys);
        TaxProfileFixtures.all().forEach(p -> profiles.save(p, "ops"));
        profiles.save(TaxProfileFixtures.individual().withBank(BankAccount.us(TaxProfileFixtures.ROUTING,
                TaxProfileFixtures.ACCOUNT)), "ops");
        assertThat(profiles.findAll()).hasSize(3);

        List<String> cells = everyCell();

        assertThat(cells).anyMatch(c -> c.startsWith("v1:" + keys.activeKeyId() + ":"));
        assertThat(cells).as("the legal name is not secret").contains("Enterprise Vault Inc.");
        List<String> secrets = new ArrayList<>(TaxProfileFixtures.secrets().stream().filter(s -> s.length() > 4)
                .toList());
        for (String cell : cells) {
            String lower = cell.toLowerCase(Locale.ROOT);
            for (String secret : secrets) {
                assertThat(lower).as("a raw cell").doesNotContain(secret.toLowerCase(Locale.ROOT));
            }
        }
        assertThat(cells).noneMatch(c -> c.contains("***-**-6193") || c.endsWith("6193"));
        for (ILoggingEvent event : captured.list) {
            String line = event.getFormattedMessage() + " " + (event.getThrowableProxy() == null ? ""
                    : event.getThrowableProxy().getMessage());
            for (String secret : secrets) {
                assertThat(line).doesNotContain(secret);
            }
        }
    }

    /** Every non-null value of every column of every table of the test's schema, as text (binary as UTF-8). */
    private List<String> everyCell() throws Exception {
        List<String> cells = new ArrayList<>();
        try (org.jdbi.v3.core.Handle handle = db.jdbi().open()) {
            Connection connection = handle.getConnection();
            DatabaseMetaData meta = connection.getMetaData();
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = meta.getTables(null, connection.getSchema(), "%", new String[] {"TABLE"})) {
                while (rs.next()) {
                    tables.add(rs.getString("TABLE_NAME"));
                }
            }
            assertThat(tables).anyMatch(t -> t.equalsIgnoreCase("payee_tax_profile"))
                    .anyMatch(t -> t.equalsIgnoreCase("activity_log"));
            for (String table : tables) {
                try (Statement s = connection.createStatement();
                     ResultSet rs = s.executeQuery("SELECT * FROM \"" + table + "\"")) {
                    ResultSetMetaData columns = rs.getMetaData();
                    while (rs.next()) {
                        for (int i = 1; i <= columns.getColumnCount(); i++) {
                            Object value = rs.getObject(i);
                            if (value instanceof byte[] bytes) {
                                cells.add(new String(bytes, StandardCharsets.UTF_8));
                            } else if (value != null) {
                                cells.add(String.valueOf(value));
                            }
                        }
                    }
                }
            }
        }
        return cells;
    }
}
