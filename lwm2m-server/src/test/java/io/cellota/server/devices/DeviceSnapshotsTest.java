package io.cellota.server.devices;

import io.cellota.server.store.DatabaseConfig;
import java.nio.file.Path;

/** {@link DeviceSnapshotsContract} on the embedded H2 database. */
class DeviceSnapshotsTest extends DeviceSnapshotsContract {

    @Override
    DatabaseConfig emptyDatabase(Path dataDir) {
        return DatabaseConfig.embedded(dataDir);
    }
}
