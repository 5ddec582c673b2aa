package io.cellota.server.repository;

import io.cellota.server.store.DatabaseConfig;
import io.cellota.server.store.TestPostgres;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** {@link FirmwareUploadContract} on a real PostgreSQL server (skipped where PostgreSQL is not installed). */
class FirmwareUploadPostgresIT extends FirmwareUploadContract {

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
    DatabaseConfig emptyDatabase(Path dataDir) {
        return postgres.createDatabase();
    }
}
