package io.cellota.server.update.jdbc;

import io.cellota.server.store.DatabaseConfig;
import java.nio.file.Path;

/** {@link JdbcUpdateStoreContract} on the embedded H2 database. */
class JdbcUpdateStoreTest extends JdbcUpdateStoreContract {

    @Override
    DatabaseConfig emptyDatabase(Path dataDir) {
        return DatabaseConfig.embedded(dataDir);
    }
}
