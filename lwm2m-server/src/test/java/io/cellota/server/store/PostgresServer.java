package io.cellota.server.store;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A {@link TestPostgres} for one test class, started before its first test and stopped after its last:
 * {@code @RegisterExtension static final PostgresServer POSTGRES = new PostgresServer();}, then
 * {@link #createDatabase()} wherever a test needs an empty database. Fails the class where PostgreSQL is not
 * installed, as {@link TestPostgres#startOrFail()} does.
 */
public final class PostgresServer implements BeforeAllCallback, AfterAllCallback {

    private TestPostgres postgres;

    @Override
    public void beforeAll(ExtensionContext context) {
        postgres = TestPostgres.startOrFail();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (postgres != null) {
            postgres.close();
            postgres = null;
        }
    }

    /** A new, empty database on the class's server. */
    public DatabaseConfig createDatabase() {
        if (postgres == null) {
            throw new IllegalStateException("the PostgreSQL server runs only while its test class does");
        }
        return postgres.createDatabase();
    }
}
