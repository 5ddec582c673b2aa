package io.cellota.server.repository;

import io.cellota.server.store.DatabaseConfig;
import java.nio.file.Path;

/** {@link FirmwareLifecycleContract} on the embedded H2 database. */
class FirmwareLifecycleTest extends FirmwareLifecycleContract {

    @Override
    DatabaseConfig emptyDatabase(Path dataDir) {
        return DatabaseConfig.embedded(dataDir);
    }
}
