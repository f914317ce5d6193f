package ai.mirroros.licensing.store;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Base class for storage tests: every test in a subclass runs once against a fresh embedded H2 database and once
 * against a fresh PostgreSQL schema.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(TestDatabases.Kind.class)
public abstract class DatabaseTestSupport {
    @Parameter
    protected TestDatabases.Kind kind;

    protected TestDatabases.TestDatabase testDatabase;
    protected Database db;

    @BeforeEach
    void openFreshDatabase() {
        testDatabase = TestDatabases.fresh(kind);
        db = testDatabase.database();
    }

    @AfterEach
    void dropDatabase() {
        if (testDatabase != null) {
            testDatabase.close();
        }
    }
}
