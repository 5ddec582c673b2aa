package io.cellota.server.campaign.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cellota.server.campaign.Campaign;
import io.cellota.server.campaign.CampaignChange;
import io.cellota.server.campaign.CampaignStore;
import io.cellota.server.campaign.CampaignStoreContract;
import io.cellota.server.store.Database;
import io.cellota.server.store.DatabaseConfig;
import io.cellota.server.store.StoreException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link JdbcCampaignStore} keeps the {@link CampaignStoreContract}, and what a database adds: campaigns and devices
 * survive a restart, the database itself refuses a second record of one attempt and a device in an unknown state,
 * and a damaged row is reported naming its campaign. Run on H2 ({@link CampaignStoreH2Test}) and PostgreSQL
 * ({@link CampaignStorePostgresIT}).
 */
abstract class JdbcCampaignStoreContract extends CampaignStoreContract {

    @TempDir
    Path dataDir;

    DatabaseConfig config;
    Database database;

    /** A new, empty database. */
    abstract DatabaseConfig emptyDatabase(Path dir);

    @Override
    protected CampaignStore newStore() {
        config = emptyDatabase(dataDir);
        database = Database.open(config);
        return new JdbcCampaignStore(database);
    }

    @AfterEach
    void closeDatabase() {
        database.close();
    }

    @Test
    void campaigns_and_their_devices_survive_a_restart() {
        Campaign c = created();
        Campaign saved = store.commit(new CampaignChange(c, List.of(full(c, "dev-a", 1)), List.of(),
                Optional.empty()));

        database.close();
        database = Database.open(config);
        store = new JdbcCampaignStore(database);

        assertThat(store.find(c.id())).hasValue(saved);
        assertThat(store.devices(c.id())).containsExactly(full(c, "dev-a", 1));
    }

    @Test
    void the_database_itself_refuses_a_second_record_of_an_attempt_and_an_unknown_state() {
        Campaign c = created();
        store.commit(new CampaignChange(c, List.of(full(c, "dev-a", 1)), List.of(), Optional.empty()));
        database.update("INSERT INTO campaign_attempt (campaign_id, endpoint, attempt, update_id, started_at)"
                + " VALUES (?, 'dev-a', 1, 'u-1', ?)", c.id().value(), T);

        assertThatThrownBy(() -> database.update("INSERT INTO campaign_attempt (campaign_id, endpoint, attempt,"
                + " update_id, started_at) VALUES (?, 'dev-a', 1, 'u-2', ?)", c.id().value(), T))
                .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.isUniqueViolation()).isTrue());
        assertThatThrownBy(() -> database.update("UPDATE campaign_device SET state = 'LOST'"))
                .isInstanceOf(StoreException.class);
        assertThatThrownBy(() -> database.update("UPDATE campaign_device SET state = 'RUNNING', update_id = NULL"))
                .isInstanceOf(StoreException.class);
    }

    @Test
    void a_damaged_campaign_row_is_reported_naming_the_campaign() {
        Campaign c = created();
        database.update("UPDATE campaign SET spec = '{\"format\": 1, \"name\": 7}' WHERE id = ?", c.id().value());

        assertThatThrownBy(() -> store.find(c.id())).isInstanceOf(StoreException.class)
                .hasMessageContaining("campaign " + c.id() + " is corrupt");
    }
}
