package io.cellota.server.queue;

import io.cellota.server.store.DatabaseConfig;
import java.nio.file.Path;

/** {@link JdbcRequestQueueContract} on the embedded H2 database. */
class JdbcRequestQueueTest extends JdbcRequestQueueContract {

    @Override
    DatabaseConfig emptyDatabase(Path dataDir) {
        return DatabaseConfig.embedded(dataDir);
    }
}
