package io.cellota.server.update.jdbc;

import io.cellota.server.store.Database;
import io.cellota.server.store.Row;
import io.cellota.server.store.Sql;
import io.cellota.server.store.StoreException;
import io.cellota.server.update.DeviceUpdate;
import io.cellota.server.update.UpdateConflictException;
import io.cellota.server.update.UpdateEvent;
import io.cellota.server.update.UpdateId;
import io.cellota.server.update.UpdateListing;
import io.cellota.server.update.UpdatePhase;
import io.cellota.server.update.UpdateQuery;
import io.cellota.server.update.UpdateRefusedException;
import io.cellota.server.update.UpdateStore;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * The {@link UpdateStore} in tables {@code device_update} and {@code device_update_event}
 * ({@code V2__updates.sql}), on H2 or PostgreSQL through {@link Database}.
 *
 * <p>Each update is one row: its {@link DeviceUpdateJson} document, which round-trips the record exactly,
 * beside columns for what is searched or constrained (id, endpoint, phase, revision, times). The database
 * keeps both rules of the contract: a save is one {@code UPDATE … WHERE revision = ?} (compare-and-set)
 * followed by its events in the same transaction, and the UNIQUE column {@code active_endpoint} (the
 * endpoint while the update is active, NULL once final) refuses a second active update of a device, however
 * many servers share the database. The columns' times and the history's times are kept to the microsecond,
 * as both databases keep them; the document keeps every time exactly.
 *
 * <p>It is also the {@link UpdateListing} of the REST API: pages of every update, newest first, filtered by
 * device (the indexed {@code endpoint, seq}) and by phase, with their totals.
 */
public final class JdbcUpdateStore implements UpdateStore, UpdateListing {

    /** The longest endpoint name stored, as device credentials allow. */
    public static final int MAX_ENDPOINT_LENGTH = 255;

    private static final String COLUMNS = "id, revision, endpoint, phase, document";

    private final Database database;

    /** A store over {@code database}, which must have been migrated to V2 (as {@link Database#open} does). */
    public JdbcUpdateStore(Database database) {
        this.database = database;
    }

    @Override
    public DeviceUpdate create(DeviceUpdate update, UpdateEvent event) {
        if (update.revision() != 0) {
            throw new IllegalArgumentException("a new update has revision 0, not " + update.revision());
        }
        if (update.endpoint().length() > MAX_ENDPOINT_LENGTH) {
            throw new IllegalArgumentException("an endpoint name has at most " + MAX_ENDPOINT_LENGTH + " characters");
        }
        requireOwnEvents(update, List.of(event));
        DeviceUpdate created = update.withRevision(1);
        try {
            return database.inTransaction(sql -> {
                sql.update("INSERT INTO device_update (id, endpoint, phase, revision, active_endpoint, created_at,"
                                + " updated_at, document) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                        created.id().value(), created.endpoint(), created.phase(), created.revision(),
                        activeEndpoint(created), micros(created.createdAt()), micros(created.updatedAt()),
                        DeviceUpdateJson.encode(created));
                append(sql, created.id(), 1, List.of(event));
                return created;
            });
        } catch (StoreException e) {
            if (!e.isUniqueViolation()) {
                throw e;
            }
            if (find(update.id()).isPresent()) {
                throw new IllegalArgumentException("update " + update.id() + " exists", e);
            }
            throw busy(update.endpoint(), e);
        }
    }

    @Override
    public DeviceUpdate save(DeviceUpdate update, List<UpdateEvent> events) {
        requireOwnEvents(update, events);
        DeviceUpdate saved = update.withRevision(update.revision() + 1);
        try {
            return database.inTransaction(sql -> {
                int changed = sql.update("UPDATE device_update SET revision = ?, phase = ?, active_endpoint = ?,"
                                + " updated_at = ?, document = ? WHERE id = ? AND revision = ? AND endpoint = ?",
                        saved.revision(), saved.phase(), activeEndpoint(saved), micros(saved.updatedAt()),
                        DeviceUpdateJson.encode(saved), saved.id().value(), update.revision(), update.endpoint());
                if (changed == 0) {
                    throw refusedSave(sql, update);
                }
                // the row is locked by the UPDATE until commit: no other save appends to this history now
                long last = sql.queryLong("SELECT COALESCE(MAX(seq), 0) FROM device_update_event WHERE update_id = ?",
                        saved.id().value());
                append(sql, saved.id(), last + 1, events);
                return saved;
            });
        } catch (StoreException e) {
            if (!e.isUniqueViolation()) {
                throw e;
            }
            // only a finished update made active again can meet another active update of its device
            throw busy(update.endpoint(), e);
        }
    }

    @Override
    public Optional<DeviceUpdate> find(UpdateId id) {
        return database.queryOne("SELECT " + COLUMNS + " FROM device_update WHERE id = ?",
                JdbcUpdateStore::toUpdate, id.value());
    }

    @Override
    public Optional<DeviceUpdate> findActive(String endpoint) {
        return database.queryOne("SELECT " + COLUMNS + " FROM device_update WHERE active_endpoint = ?",
                JdbcUpdateStore::toUpdate, endpoint);
    }

    /** Every active update, oldest first. */
    @Override
    public List<DeviceUpdate> listActive() {
        return database.query("SELECT " + COLUMNS + " FROM device_update WHERE active_endpoint IS NOT NULL"
                + " ORDER BY seq", JdbcUpdateStore::toUpdate);
    }

    @Override
    public List<UpdateEvent> history(UpdateId id) {
        return database.query("SELECT occurred_at, from_phase, to_phase, detail FROM device_update_event"
                        + " WHERE update_id = ? ORDER BY seq",
                row -> new UpdateEvent(id, row.instant("occurred_at"),
                        row.optionalText("from_phase").map(UpdatePhase::valueOf),
                        UpdatePhase.valueOf(row.text("to_phase")), row.text("detail")),
                id.value());
    }

    @Override
    public List<DeviceUpdate> list(UpdateQuery query, int offset, int limit) {
        checkPage(offset, limit);
        Where where = where(query);
        List<Object> params = new ArrayList<>(where.params());
        params.add(limit);
        params.add(offset);
        return database.query("SELECT " + COLUMNS + " FROM device_update" + where.sql()
                + " ORDER BY seq DESC LIMIT ? OFFSET ?", JdbcUpdateStore::toUpdate, params.toArray());
    }

    @Override
    public long count(UpdateQuery query) {
        Where where = where(query);
        return database.queryOne("SELECT COUNT(*) AS n FROM device_update" + where.sql(), row -> row.longValue("n"),
                where.params().toArray()).orElseThrow();
    }

    /** One page of the device's updates, newest first (by creation); {@link #list(UpdateQuery, int, int)}. */
    public List<DeviceUpdate> listByEndpoint(String endpoint, int offset, int limit) {
        return list(UpdateQuery.ALL.withEndpoint(endpoint), offset, limit);
    }

    /** One page of every update, newest first (by creation); {@link #list(UpdateQuery, int, int)}. */
    public List<DeviceUpdate> list(int offset, int limit) {
        return list(UpdateQuery.ALL, offset, limit);
    }

    /** A WHERE clause (empty, or with a leading space) and its parameters. */
    private record Where(String sql, List<Object> params) {
    }

    private static Where where(UpdateQuery query) {
        List<String> conditions = new ArrayList<>();
        List<Object> params = new ArrayList<>();
        query.endpoint().ifPresent(endpoint -> {
            conditions.add("endpoint = ?");
            params.add(endpoint);
        });
        if (!query.phases().isEmpty()) {
            conditions.add("phase IN (" + String.join(", ", Collections.nCopies(query.phases().size(), "?")) + ")");
            params.addAll(query.phases());
        }
        return new Where(conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions), params);
    }

    private static void append(Sql sql, UpdateId id, long firstSeq, List<UpdateEvent> events) throws SQLException {
        long seq = firstSeq;
        for (UpdateEvent event : events) {
            sql.update("INSERT INTO device_update_event (update_id, seq, occurred_at, from_phase, to_phase, detail)"
                            + " VALUES (?, ?, ?, ?, ?, ?)",
                    id.value(), seq++, micros(event.time()), event.from(), event.to(), event.detail());
        }
    }

    /** Why the compare-and-set changed no row: another revision, no such update, or another endpoint. */
    private static RuntimeException refusedSave(Sql sql, DeviceUpdate update) throws SQLException {
        Optional<Stored> stored = sql.queryOne("SELECT revision, endpoint FROM device_update WHERE id = ?",
                row -> new Stored(row.longValue("revision"), row.text("endpoint")), update.id().value());
        if (stored.isPresent() && stored.get().revision() == update.revision()
                && !stored.get().endpoint().equals(update.endpoint())) {
            return new IllegalArgumentException("update " + update.id() + " belongs to " + stored.get().endpoint()
                    + ", not " + update.endpoint());
        }
        long actual = stored.map(Stored::revision).orElse(-1L);
        return new UpdateConflictException(update.id(), update.revision(), actual);
    }

    private record Stored(long revision, String endpoint) {
    }

    private UpdateRefusedException busy(String endpoint, StoreException cause) {
        String holder = findActive(endpoint).map(active -> "update " + active.id() + " in " + active.phase())
                .orElse("an update that has finished since; try again");
        UpdateRefusedException refused = new UpdateRefusedException(UpdateRefusedException.Reason.DEVICE_BUSY,
                "device " + endpoint + " already has " + holder);
        refused.initCause(cause);
        return refused;
    }

    private static void requireOwnEvents(DeviceUpdate update, List<UpdateEvent> events) {
        for (UpdateEvent event : events) {
            if (!event.updateId().equals(update.id())) {
                throw new IllegalArgumentException("event of update " + event.updateId() + " saved with " + update.id());
            }
        }
    }

    private static Optional<String> activeEndpoint(DeviceUpdate update) {
        return update.phase().isActive() ? Optional.of(update.endpoint()) : Optional.empty();
    }

    private static Instant micros(Instant time) {
        return time.truncatedTo(ChronoUnit.MICROS);
    }

    private static void checkPage(int offset, int limit) {
        if (offset < 0) {
            throw new IllegalArgumentException("offset must not be negative, was " + offset);
        }
        if (limit < 1 || limit > MAX_PAGE) {
            throw new IllegalArgumentException("limit must be 1.." + MAX_PAGE + ", was " + limit);
        }
    }

    /** The row's document, which must agree with the row's own columns. */
    private static DeviceUpdate toUpdate(Row row) throws SQLException {
        String id = row.text("id");
        DeviceUpdate update;
        try {
            update = DeviceUpdateJson.decode(row.text("document"));
        } catch (CorruptDocumentException e) {
            throw new SQLException("the document of update " + id + " is corrupt: " + e.getMessage(), e);
        }
        if (!update.id().value().equals(id) || update.revision() != row.longValue("revision")
                || !update.endpoint().equals(row.text("endpoint")) || !update.phase().name().equals(row.text("phase"))) {
            throw new SQLException("the document of update " + id + " disagrees with its row (revision "
                    + row.longValue("revision") + ", " + row.text("endpoint") + ", " + row.text("phase") + ")");
        }
        return update;
    }
}
