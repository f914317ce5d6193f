package ai.mirroros.licensing.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class DatabaseTest extends DatabaseTestSupport {

    @Test
    void opensMigratedAndReachable() {
        assertThat(db.isReachable()).isTrue();
        Integer applied = db.jdbi().withHandle(h -> h.createQuery(
                "SELECT COUNT(*) FROM \"flyway_schema_history\" WHERE success = TRUE").mapTo(Integer.class).one());
        assertThat(applied).isPositive();
    }

    @Test
    void dialectFollowsTheUrl() {
        assertThat(db.dialect()).isEqualTo(kind == TestDatabases.Kind.H2 ? Dialect.H2 : Dialect.POSTGRES);
    }

    @Test
    void duplicateKeyIsRecognisedByTheDialect() {
        db.jdbi().useHandle(h -> h.execute("CREATE TABLE dup_probe (id INT PRIMARY KEY)"));
        db.jdbi().useHandle(h -> h.execute("INSERT INTO dup_probe VALUES (1)"));
        assertThatThrownBy(() -> db.jdbi().useHandle(h -> h.execute("INSERT INTO dup_probe VALUES (1)")))
                .satisfies(e -> assertThat(db.dialect().isUniqueViolation(e)).isTrue());
    }

    @Test
    void unreachableDatabaseGivesAClearError() {
        DatabaseConfig nowhere = DatabaseConfig.resolve(
                Optional.of("jdbc:postgresql://127.0.0.1:1/none?user=postgres&connectTimeout=1"), java.nio.file.Path.of("."));
        assertThatThrownBy(() -> Database.open(nowhere))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("cannot open database jdbc:postgresql://127.0.0.1:1/none");
    }
}
