package io.cellota.server.update;

import static io.cellota.server.update.DeviceCommand.EXECUTE_UPDATE;
import static io.cellota.server.update.DeviceCommand.OBSERVE;
import static io.cellota.server.update.DeviceCommand.READ_FACTS;
import static io.cellota.server.update.DeviceCommand.READ_FIRMWARE_VERSION;
import static io.cellota.server.update.EngineFixture.facts;
import static io.cellota.server.update.EngineFixture.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cellota.firmware.object5.DeliveryMethod;
import io.cellota.firmware.object5.ObjectVersion;
import io.cellota.server.store.Database;
import io.cellota.server.store.DatabaseConfig;
import io.cellota.server.update.jdbc.JdbcUpdateStore;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine on the durable store (H2): a pull from submit to SUCCEEDED with its whole history, a second
 * update refused by the database's one-active rule, a stale engine losing the compare-and-set, and a new
 * engine recovering an update mid-download from what was committed. The store's own contract runs on H2 and
 * PostgreSQL in {@code update.jdbc}; this checks the engine and the store agree.
 */
class UpdateEngineOnJdbcStoreTest {

    @TempDir
    Path dataDir;

    private Database database;
    private EngineFixture given;

    @BeforeEach
    void openDatabase() {
        database = Database.open(DatabaseConfig.embedded(dataDir));
        given = EngineFixture.given(new JdbcUpdateStore(database));
    }

    @AfterEach
    void closeDatabase() {
        database.close();
    }

    @Test
    void a_pull_succeeds_and_its_history_is_what_the_listener_heard() {
        given.installingUpdate();
        given.registered();
        given.answer(OBSERVE, CommandOutcome.status(status("IDLE/1")));
        given.answer(READ_FIRMWARE_VERSION, CommandOutcome.firmwareVersion("2.0.0"));

        assertThat(given.update().phase()).isEqualTo(UpdatePhase.SUCCEEDED);
        assertThat(given.phases()).containsExactly(UpdatePhase.QUEUED, UpdatePhase.PREPARING, UpdatePhase.TRANSFERRING,
                UpdatePhase.DOWNLOADING, UpdatePhase.DOWNLOADED, UpdatePhase.INSTALLING, UpdatePhase.CONFIRMING,
                UpdatePhase.SUCCEEDED);
        assertThat(given.told).containsExactlyElementsOf(given.store.history(given.id));
        assertThat(given.store.listActive()).isEmpty();
    }

    @Test
    void a_second_update_for_the_device_is_refused_naming_the_active_one() {
        DeviceUpdate first = given.submit();

        assertThatThrownBy(() -> given.submit())
                .isInstanceOfSatisfying(UpdateRefusedException.class, e -> {
                    assertThat(e.reason()).isEqualTo(UpdateRefusedException.Reason.DEVICE_BUSY);
                    assertThat(e.getMessage()).isEqualTo("device dev-1 already has update " + first.id() + " in PREPARING");
                });
    }

    @Test
    void a_stale_engine_loses_the_compare_and_set_and_sends_nothing() {
        given.submit();
        ScriptedGateway.Call firstRead = given.gateway.expect(READ_FACTS);
        UpdateEngine other = given.newEngine();
        other.recover(given.now());
        ScriptedGateway.Call otherRead = given.gateway.pending().get(1);
        long revision = given.update().revision();

        firstRead.complete(CommandOutcome.facts(facts(ObjectVersion.V1_1, "IDLE/0", DeliveryMethod.PULL)));

        assertThat(given.update().revision()).isEqualTo(revision);
        assertThat(given.gateway.pending()).containsExactly(otherRead);
    }

    @Test
    void a_new_engine_recovers_an_update_mid_download_from_the_database() {
        given.pullingUpdate();
        assertThat(given.update().phase()).isEqualTo(UpdatePhase.DOWNLOADING);

        given.newEngine().recover(given.now());
        given.answer(OBSERVE, CommandOutcome.status(status("DOWNLOADED/0")));
        given.answer(EXECUTE_UPDATE, CommandOutcome.changed());
        given.registered();
        given.answer(OBSERVE, CommandOutcome.status(status("IDLE/1")));
        given.answer(READ_FIRMWARE_VERSION, CommandOutcome.firmwareVersion("2.0.0"));

        assertThat(given.update().phase()).isEqualTo(UpdatePhase.SUCCEEDED);
        assertThat(given.gateway.commands()).filteredOn(c -> c == EXECUTE_UPDATE).hasSize(1);
    }
}
