package io.cellota.server.auth;

import io.cellota.server.store.DatabaseConfig;
import java.nio.file.Path;

/** {@link AccountStoresContract} on the embedded H2 database. */
class AccountStoresTest extends AccountStoresContract {

    @Override
    DatabaseConfig emptyDatabase(Path dataDir) {
        return DatabaseConfig.embedded(dataDir);
    }
}
