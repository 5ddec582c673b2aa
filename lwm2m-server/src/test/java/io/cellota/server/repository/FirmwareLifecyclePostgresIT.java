package io.cellota.server.repository;

import io.cellota.server.store.DatabaseConfig;
import io.cellota.server.store.PostgresServer;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link FirmwareLifecycleContract} on a real PostgreSQL server (skipped where PostgreSQL is not installed). */
class FirmwareLifecyclePostgresIT extends FirmwareLifecycleContract {

    @RegisterExtension
    static final PostgresServer POSTGRES = new PostgresServer();

    @Override
    DatabaseConfig emptyDatabase(Path dataDir) {
        return POSTGRES.createDatabase();
    }
}
