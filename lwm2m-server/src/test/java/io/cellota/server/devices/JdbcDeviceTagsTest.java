package io.cellota.server.devices;

import io.cellota.server.store.DatabaseConfig;
import java.nio.file.Path;

/** {@link JdbcDeviceTagsContract} on the embedded H2 database. */
class JdbcDeviceTagsTest extends JdbcDeviceTagsContract {

    @Override
    DatabaseConfig emptyDatabase(Path dir) {
        return DatabaseConfig.embedded(dir);
    }
}
