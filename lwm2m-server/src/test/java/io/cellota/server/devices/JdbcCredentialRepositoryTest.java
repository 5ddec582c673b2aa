package io.cellota.server.devices;

import io.cellota.server.store.DatabaseConfig;
import java.nio.file.Path;

/** {@link JdbcCredentialRepositoryContract} on the embedded H2 database. */
class JdbcCredentialRepositoryTest extends JdbcCredentialRepositoryContract {

    @Override
    DatabaseConfig emptyDatabase(Path dataDir) {
        return DatabaseConfig.embedded(dataDir);
    }
}
