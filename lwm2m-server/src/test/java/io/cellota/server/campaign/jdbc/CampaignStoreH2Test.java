package io.cellota.server.campaign.jdbc;

import io.cellota.server.store.DatabaseConfig;
import java.nio.file.Path;

/** {@link JdbcCampaignStoreContract} on the embedded H2 database. */
class CampaignStoreH2Test extends JdbcCampaignStoreContract {

    @Override
    DatabaseConfig emptyDatabase(Path dir) {
        return DatabaseConfig.embedded(dir);
    }
}
