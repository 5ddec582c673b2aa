package io.cellota.server.repository;

import io.cellota.server.store.DatabaseConfig;
import java.nio.file.Path;

/** {@link FirmwareUploadContract} on the embedded H2 database. */
class FirmwareUploadTest extends FirmwareUploadContract {

    @Override
    DatabaseConfig emptyDatabase(Path dataDir) {
        return DatabaseConfig.embedded(dataDir);
    }
}
