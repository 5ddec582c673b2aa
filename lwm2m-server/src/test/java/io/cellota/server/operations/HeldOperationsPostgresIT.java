package io.cellota.server.operations;

import io.cellota.server.store.DatabaseConfig;
import io.cellota.server.store.TestPostgres;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** {@link HeldOperationsContract} on a real PostgreSQL server (fails where PostgreSQL is not installed). */
class HeldOperationsPostgresIT extends HeldOperationsContract {

    private static TestPostgres postgres;

    @BeforeAll
    static void startPostgres() {
        postgres = TestPostgres.startOrFail();
    }

    @AfterAll
    static void stopPostgres() {
        if (postgres != null) {
            postgres.close();
        }
    }

    @Override
    DatabaseConfig emptyDatabase(Path dir) {
        return postgres.createDatabase();
    }
}
