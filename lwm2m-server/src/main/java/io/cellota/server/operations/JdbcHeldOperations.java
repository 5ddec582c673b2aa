package io.cellota.server.operations;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cellota.server.devices.DeviceOperations;
import io.cellota.server.store.Database;
import io.cellota.server.store.Row;
import io.cellota.server.store.StoreException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Held operations in table {@code held_operation} ({@code V9__held_operations.sql}) on H2 or PostgreSQL, so they
 * survive a restart. Ids come from the table's identity column: increasing, never reused, and the order a device's
 * operations are sent in. Every change of status is a compare-and-set on the status it was read in
 * ({@link #transition}), so an operator's cancel and a send racing for one operation end with exactly one of them.
 * The value of a write and the device's answer are kept as JSON. Times are kept to the microsecond.
 */
public final class JdbcHeldOperations {

    /** The longest endpoint name kept, as device credentials allow. */
    public static final int MAX_ENDPOINT_LENGTH = 255;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };
    private static final String COLUMNS = "id, endpoint, kind, path, value_json, arguments, requested_by, status,"
            + " attempts, queued_at, not_after, updated_at, result_json, failure";

    private final Database database;

    /** Operations in {@code database}, which must have been migrated to V9 (as {@link Database#open} does). */
    public JdbcHeldOperations(Database database) {
        this.database = database;
    }

    /**
     * Stores a new operation (its {@code id} is ignored) unless its device already has {@code maxWaiting} operations
     * queued or being sent; returns it as stored, with its id, or empty when the device's queue is full.
     */
    public Optional<HeldOperation> insert(HeldOperation operation, int maxWaiting) {
        if (operation.endpoint().length() > MAX_ENDPOINT_LENGTH) {
            throw new IllegalArgumentException("an endpoint name has at most " + MAX_ENDPOINT_LENGTH + " characters");
        }
        HeldOperation stored = new HeldOperation(0, operation.endpoint(), operation.kind(), operation.path(),
                operation.value(), operation.arguments(), operation.requestedBy(), operation.status(),
                operation.attempts(), micros(operation.queuedAt()), micros(operation.notAfter()),
                micros(operation.updatedAt()), operation.result(), operation.failure());
        return database.inTransaction(sql -> {
            long waiting = sql.queryLong("SELECT COUNT(*) FROM held_operation WHERE endpoint = ? AND status IN (?, ?)",
                    stored.endpoint(), HeldOperation.Status.QUEUED, HeldOperation.Status.SENDING);
            if (waiting >= maxWaiting) {
                return Optional.empty();
            }
            try (PreparedStatement insert = sql.connection().prepareStatement("INSERT INTO held_operation (endpoint,"
                    + " kind, path, value_json, arguments, requested_by, status, attempts, queued_at, not_after,"
                    + " updated_at, result_json, failure) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    new String[] {"id"})) {
                insert.setString(1, stored.endpoint());
                insert.setString(2, stored.kind().name());
                insert.setString(3, stored.path());
                setText(insert, 4, stored.value().map(JdbcHeldOperations::valueJson));
                setText(insert, 5, stored.arguments());
                insert.setString(6, stored.requestedBy());
                insert.setString(7, stored.status().name());
                insert.setInt(8, stored.attempts());
                insert.setObject(9, OffsetDateTime.ofInstant(stored.queuedAt(), ZoneOffset.UTC));
                insert.setObject(10, OffsetDateTime.ofInstant(stored.notAfter(), ZoneOffset.UTC));
                insert.setObject(11, OffsetDateTime.ofInstant(stored.updatedAt(), ZoneOffset.UTC));
                setText(insert, 12, stored.result().map(JdbcHeldOperations::resultJson));
                setText(insert, 13, stored.failure());
                insert.executeUpdate();
                try (ResultSet keys = insert.getGeneratedKeys()) {
                    if (!keys.next()) {
                        throw new SQLException("the database returned no id for the new operation");
                    }
                    long id = keys.getLong(1);
                    return Optional.of(new HeldOperation(id, stored.endpoint(), stored.kind(), stored.path(),
                            stored.value(), stored.arguments(), stored.requestedBy(), stored.status(),
                            stored.attempts(), stored.queuedAt(), stored.notAfter(), stored.updatedAt(),
                            stored.result(), stored.failure()));
                }
            }
        });
    }

    /** The operation {@code id} of {@code endpoint}. */
    public Optional<HeldOperation> find(String endpoint, long id) {
        return database.queryOne("SELECT " + COLUMNS + " FROM held_operation WHERE id = ? AND endpoint = ?",
                JdbcHeldOperations::toOperation, id, endpoint);
    }

    /** A page of the device's operations, newest first, of one status or all. */
    public List<HeldOperation> list(String endpoint, Optional<HeldOperation.Status> status, int offset, int limit) {
        return status.isPresent()
                ? database.query("SELECT " + COLUMNS + " FROM held_operation WHERE endpoint = ? AND status = ?"
                        + " ORDER BY id DESC LIMIT ? OFFSET ?", JdbcHeldOperations::toOperation, endpoint,
                        status.get(), limit, offset)
                : database.query("SELECT " + COLUMNS + " FROM held_operation WHERE endpoint = ?"
                        + " ORDER BY id DESC LIMIT ? OFFSET ?", JdbcHeldOperations::toOperation, endpoint, limit,
                        offset);
    }

    /** How many operations of the device {@link #list} pages through. */
    public long count(String endpoint, Optional<HeldOperation.Status> status) {
        return database.inTransaction(sql -> status.isPresent()
                ? sql.queryLong("SELECT COUNT(*) FROM held_operation WHERE endpoint = ? AND status = ?", endpoint,
                        status.get())
                : sql.queryLong("SELECT COUNT(*) FROM held_operation WHERE endpoint = ?", endpoint));
    }

    /** The device's oldest operation still queued: the next to send. */
    public Optional<HeldOperation> nextQueued(String endpoint) {
        return database.queryOne("SELECT " + COLUMNS + " FROM held_operation WHERE endpoint = ? AND status = ?"
                + " ORDER BY id LIMIT 1", JdbcHeldOperations::toOperation, endpoint, HeldOperation.Status.QUEUED);
    }

    /** Every operation in {@code status}, oldest first (at a start: those a stopped server was sending). */
    public List<HeldOperation> inStatus(HeldOperation.Status status) {
        return database.query("SELECT " + COLUMNS + " FROM held_operation WHERE status = ? ORDER BY id",
                JdbcHeldOperations::toOperation, status);
    }

    /** The devices with operations queued. */
    public List<String> endpointsQueued() {
        return database.query("SELECT DISTINCT endpoint FROM held_operation WHERE status = ?",
                row -> row.text("endpoint"), HeldOperation.Status.QUEUED);
    }

    /** The queued operations whose deadline is before {@code now}. */
    public List<HeldOperation> queuedPast(Instant now) {
        return database.query("SELECT " + COLUMNS + " FROM held_operation WHERE status = ? AND not_after < ?"
                + " ORDER BY id", JdbcHeldOperations::toOperation, HeldOperation.Status.QUEUED, now);
    }

    /**
     * Stores {@code next} (same id) if the operation is still in {@code expected}; false when someone else moved it
     * first (a cancel, another send), in which case nothing changed.
     */
    public boolean transition(HeldOperation next, HeldOperation.Status expected) {
        return database.update("UPDATE held_operation SET status = ?, attempts = ?, updated_at = ?, result_json = ?,"
                + " failure = ? WHERE id = ? AND status = ?", next.status(), next.attempts(),
                micros(next.updatedAt()), next.result().map(JdbcHeldOperations::resultJson), next.failure(),
                next.id(), expected) == 1;
    }

    /** Deletes the finished operations last changed before {@code before}; returns how many. */
    public int purgeFinished(Instant before) {
        return database.update("DELETE FROM held_operation WHERE status IN (?, ?, ?, ?) AND updated_at < ?",
                HeldOperation.Status.SUCCEEDED, HeldOperation.Status.FAILED, HeldOperation.Status.EXPIRED,
                HeldOperation.Status.CANCELLED, before);
    }

    private static HeldOperation toOperation(Row row) throws SQLException {
        return new HeldOperation(row.longValue("id"), row.text("endpoint"),
                HeldOperation.Kind.valueOf(row.text("kind")), row.text("path"),
                row.optionalText("value_json").map(JdbcHeldOperations::value), row.optionalText("arguments"),
                row.text("requested_by"), HeldOperation.Status.valueOf(row.text("status")),
                (int) row.longValue("attempts"), row.instant("queued_at"), row.instant("not_after"),
                row.instant("updated_at"), row.optionalText("result_json").map(JdbcHeldOperations::result),
                row.optionalText("failure"));
    }

    private static void setText(PreparedStatement statement, int index, Optional<String> text) throws SQLException {
        if (text.isPresent()) {
            statement.setString(index, text.get());
        } else {
            statement.setNull(index, Types.VARCHAR);
        }
    }

    private static String valueJson(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("a value of " + value.getClass().getSimpleName() + " cannot be kept", e);
        }
    }

    private static Object value(String json) {
        try {
            JsonNode node = JSON.readTree(json);
            return node.isBoolean() ? node.booleanValue() : node.isIntegralNumber() ? node.longValue()
                    : node.isNumber() ? node.doubleValue() : node.asText();
        } catch (JsonProcessingException e) {
            throw new StoreException("a held operation's value is not JSON: " + json, e);
        }
    }

    private static String resultJson(DeviceOperations.Outcome outcome) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("success", outcome.success());
        v.put("code", outcome.code());
        v.put("codeName", outcome.codeName());
        outcome.errorMessage().ifPresent(m -> v.put("errorMessage", m));
        outcome.content().ifPresent(c -> v.put("content", c));
        try {
            return JSON.writeValueAsString(v);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the device's answer cannot be kept as JSON", e);
        }
    }

    private static DeviceOperations.Outcome result(String json) {
        try {
            Map<String, Object> v = JSON.readValue(json, MAP);
            @SuppressWarnings("unchecked")
            Optional<Map<String, Object>> content = Optional.ofNullable((Map<String, Object>) v.get("content"));
            return new DeviceOperations.Outcome(Boolean.TRUE.equals(v.get("success")), String.valueOf(v.get("code")),
                    String.valueOf(v.get("codeName")), Optional.ofNullable((String) v.get("errorMessage")), content);
        } catch (JsonProcessingException | ClassCastException e) {
            throw new StoreException("a held operation's result is not the JSON kept: " + json, e);
        }
    }

    private static Instant micros(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS);
    }
}
