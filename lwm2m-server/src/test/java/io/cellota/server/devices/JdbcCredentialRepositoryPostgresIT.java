package io.cellota.server.devices;

import io.cellota.server.store.DatabaseConfig;
import io.cellota.server.store.PostgresServer;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link JdbcCredentialRepositoryContract} on a real PostgreSQL server (fails where PostgreSQL is not installed). */
class JdbcCredentialRepositoryPostgresIT extends JdbcCredentialRepositoryContract {

    @RegisterExtension
    static final PostgresServer POSTGRES = new PostgresServer();

    @Override
    DatabaseConfig emptyDatabase(Path dataDir) {
        return POSTGRES.createDatabase();
    }
}
