package io.cellota.server.devices;

import io.cellota.server.store.Database;
import io.cellota.server.store.Row;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * {@link DeviceRegistry.Snapshots} in table {@code device_snapshot} ({@code V8__device_snapshots.sql}), on H2 or
 * PostgreSQL. A saved snapshot has no registration: a registration does not outlive the server that holds it.
 */
public final class JdbcDeviceSnapshots implements DeviceRegistry.Snapshots {

    private static final String COLUMNS = "endpoint, lwm2m_version, binding, queue_mode, last_address, last_seen,"
            + " model, firmware_version, update_state, update_result, bearer, rsrp, cell_id";

    private final Database database;

    public JdbcDeviceSnapshots(Database database) {
        this.database = database;
    }

    @Override
    public List<DeviceSnapshot> loadAll() {
        return database.query("SELECT " + COLUMNS + " FROM device_snapshot ORDER BY endpoint",
                JdbcDeviceSnapshots::toSnapshot);
    }

    @Override
    public void saveAll(Collection<DeviceSnapshot> snapshots) {
        if (snapshots.isEmpty()) {
            return;
        }
        database.inTransaction(sql -> {
            for (DeviceSnapshot s : snapshots) {
                Object[] values = {s.lwm2mVersion(), s.binding(), s.queueMode(), s.address(),
                    s.lastSeen().map(t -> t.truncatedTo(ChronoUnit.MICROS)), s.model(), s.firmwareVersion(),
                    s.updateState(), s.updateResult(), s.bearer(), s.rsrp(), s.cellId(), s.endpoint()};
                int changed = sql.update("UPDATE device_snapshot SET lwm2m_version = ?, binding = ?, queue_mode = ?,"
                        + " last_address = ?, last_seen = ?, model = ?, firmware_version = ?, update_state = ?,"
                        + " update_result = ?, bearer = ?, rsrp = ?, cell_id = ? WHERE endpoint = ?", values);
                if (changed == 0) {
                    sql.update("INSERT INTO device_snapshot (lwm2m_version, binding, queue_mode, last_address,"
                            + " last_seen, model, firmware_version, update_state, update_result, bearer, rsrp, cell_id,"
                            + " endpoint) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", values);
                }
            }
            return null;
        });
    }

    private static DeviceSnapshot toSnapshot(Row row) throws SQLException {
        return new DeviceSnapshot(row.text("endpoint"), Optional.empty(), row.optionalText("lwm2m_version"),
                row.optionalText("binding"), row.bool("queue_mode"), row.optionalText("last_address"),
                row.optionalInstant("last_seen"), false, row.optionalText("model"),
                row.optionalText("firmware_version"), optionalInt(row, "update_state"),
                optionalInt(row, "update_result"), optionalInt(row, "bearer"), optionalInt(row, "rsrp"),
                row.optionalLong("cell_id"));
    }

    private static OptionalInt optionalInt(Row row, String column) throws SQLException {
        OptionalLong v = row.optionalLong(column);
        return v.isPresent() ? OptionalInt.of((int) v.getAsLong()) : OptionalInt.empty();
    }

    /** For tests: a time as the database keeps it. */
    static Instant stored(Instant t) {
        return t.truncatedTo(ChronoUnit.MICROS);
    }
}
