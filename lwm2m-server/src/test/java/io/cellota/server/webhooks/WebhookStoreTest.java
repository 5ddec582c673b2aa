package io.cellota.server.webhooks;

import io.cellota.server.store.DatabaseConfig;
import java.nio.file.Path;

/** {@link WebhookStoreContract} on the embedded H2 database. */
class WebhookStoreTest extends WebhookStoreContract {

    @Override
    DatabaseConfig emptyDatabase(Path dataDir) {
        return DatabaseConfig.embedded(dataDir);
    }
}
