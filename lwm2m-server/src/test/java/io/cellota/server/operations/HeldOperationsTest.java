package io.cellota.server.operations;

import io.cellota.server.store.DatabaseConfig;
import java.nio.file.Path;

/** {@link HeldOperationsContract} on the embedded H2 database. */
class HeldOperationsTest extends HeldOperationsContract {

    @Override
    DatabaseConfig emptyDatabase(Path dir) {
        return DatabaseConfig.embedded(dir);
    }
}
