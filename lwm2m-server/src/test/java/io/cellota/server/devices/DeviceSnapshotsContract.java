package io.cellota.server.devices;

import static org.assertj.core.api.Assertions.assertThat;

import io.cellota.server.store.Database;
import io.cellota.server.store.DatabaseConfig;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@link DeviceRegistry} over {@link JdbcDeviceSnapshots} keeps what it learned of each device across a restart,
 * and shows every device as not registered until it registers again; a failed save is tried again. Run on H2
 * ({@link DeviceSnapshotsTest}) and PostgreSQL ({@link DeviceSnapshotsPostgresIT}).
 */
abstract class DeviceSnapshotsContract {

    private static final Instant SEEN = Instant.parse("2026-11-27T10:00:00.123456789Z");

    @TempDir
    Path dataDir;

    private DatabaseConfig config;
    private Database database;

    abstract DatabaseConfig emptyDatabase(Path dataDir);

    @BeforeEach
    void open() {
        config = emptyDatabase(dataDir);
        database = Database.open(config);
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void what_the_registry_learned_survives_a_restart_without_the_registration() {
        DeviceRegistry registry = new DeviceRegistry(new JdbcDeviceSnapshots(database));
        DeviceSnapshot learned = registry.update("dev-1", s -> s.withRegistration("reg-1", "1.1", "UQ", true,
                "10.0.0.1:5684", SEEN).withModel("nRF9160").withFirmwareVersion("1.2.0+0")
                .withObject5(OptionalInt.of(0), OptionalInt.of(1))
                .withRadio(OptionalInt.of(6), OptionalInt.of(-97), OptionalLong.of(0x10003)));
        registry.update("dev-2", s -> s.withFirmwareVersion("1.0.0+0"));
        registry.flush();
        registry.update("dev-3", s -> s.withFirmwareVersion("9.9.9+0"));

        database.close();
        database = Database.open(config);
        DeviceRegistry restarted = new DeviceRegistry(new JdbcDeviceSnapshots(database));

        assertThat(restarted.list(s -> true, 0, 10)).extracting(DeviceSnapshot::endpoint)
                .as("dev-3 changed after the last flush").containsExactly("dev-1", "dev-2");
        DeviceSnapshot back = restarted.find("dev-1").orElseThrow();
        assertThat(back.registered()).isFalse();
        assertThat(back.awake()).isFalse();
        assertThat(back).isEqualTo(learned.withoutRegistration()
                .withPresence(false, java.util.Optional.of(JdbcDeviceSnapshots.stored(SEEN))));
    }

    @Test
    void a_flush_saves_only_what_changed_and_a_failed_save_is_tried_again() {
        List<List<String>> saved = new java.util.ArrayList<>();
        boolean[] failNext = {true};
        JdbcDeviceSnapshots jdbc = new JdbcDeviceSnapshots(database);
        DeviceRegistry registry = new DeviceRegistry(new DeviceRegistry.Snapshots() {
            @Override
            public List<DeviceSnapshot> loadAll() {
                return jdbc.loadAll();
            }

            @Override
            public void saveAll(java.util.Collection<DeviceSnapshot> snapshots) {
                if (failNext[0]) {
                    failNext[0] = false;
                    throw new IllegalStateException("the database is away");
                }
                saved.add(snapshots.stream().map(DeviceSnapshot::endpoint).sorted().toList());
                jdbc.saveAll(snapshots);
            }
        });
        registry.update("dev-1", s -> s.withFirmwareVersion("1.0.0+0"));

        org.assertj.core.api.Assertions.assertThatThrownBy(registry::flush).hasMessageContaining("away");
        registry.update("dev-2", s -> s.withFirmwareVersion("1.0.0+0"));
        registry.flush();
        registry.flush();
        registry.update("dev-1", s -> s.withFirmwareVersion("1.1.0+0"));
        registry.flush();

        assertThat(saved).containsExactly(List.of("dev-1", "dev-2"), List.of("dev-1"));
        assertThat(jdbc.loadAll()).extracting(s -> s.firmwareVersion().orElseThrow()).containsExactly("1.1.0+0",
                "1.0.0+0");
    }
}
