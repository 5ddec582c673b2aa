package io.cellota.server.update.jdbc;

import io.cellota.server.store.DatabaseConfig;
import io.cellota.server.store.PostgresServer;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link JdbcUpdateStoreContract} on a real PostgreSQL server (fails where PostgreSQL is not installed). */
class JdbcUpdateStorePostgresIT extends JdbcUpdateStoreContract {

    @RegisterExtension
    static final PostgresServer POSTGRES = new PostgresServer();

    @Override
    DatabaseConfig emptyDatabase(Path dataDir) {
        return POSTGRES.createDatabase();
    }
}
