package io.cellota.server.devices;

import io.cellota.server.store.DatabaseConfig;
import io.cellota.server.store.PostgresServer;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link JdbcDeviceTagsContract} on a real PostgreSQL server (fails where PostgreSQL is not installed). */
class JdbcDeviceTagsPostgresIT extends JdbcDeviceTagsContract {

    @RegisterExtension
    static final PostgresServer POSTGRES = new PostgresServer();

    @Override
    DatabaseConfig emptyDatabase(Path dir) {
        return POSTGRES.createDatabase();
    }
}
