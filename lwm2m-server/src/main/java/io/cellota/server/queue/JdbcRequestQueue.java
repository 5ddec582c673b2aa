package io.cellota.server.queue;

import io.cellota.server.store.Database;
import io.cellota.server.store.Row;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The durable {@link RequestQueue}: table {@code queued_request} ({@code V3__request_queue.sql}) on H2 or
 * PostgreSQL through {@link Database}, so held requests survive a restart and may be shared by the servers
 * of one database.
 *
 * <p>Sequences come from the table's identity column: strictly increasing across the database and never
 * reused. A device's requests are read in sequence order, first in, first out. (Two requests for one device
 * enqueued at the same moment by two threads are ordered by the sequence each got.) {@link #removeExpired}
 * and {@link #remove} delete row by row in one transaction and report only the rows they deleted
 * themselves, so a request is removed, and returned, by exactly one caller however many race. Times are
 * kept to the microsecond, as both databases keep them: truncated, so a deadline is never moved later;
 * {@link #enqueue} returns the request as stored.
 */
public final class JdbcRequestQueue implements RequestQueue {

    /** The longest endpoint name held, as device credentials allow. */
    public static final int MAX_ENDPOINT_LENGTH = 255;

    private static final String COLUMNS = "seq, endpoint, kind, argument, correlation, not_after, queued_at";

    private final Database database;

    /** A queue over {@code database}, which must have been migrated to V3 (as {@link Database#open} does). */
    public JdbcRequestQueue(Database database) {
        this.database = database;
    }

    @Override
    public QueuedRequest enqueue(QueuedRequest request) {
        if (request.endpoint().length() > MAX_ENDPOINT_LENGTH) {
            throw new IllegalArgumentException("an endpoint name has at most " + MAX_ENDPOINT_LENGTH + " characters");
        }
        QueuedRequest stored = new QueuedRequest(0, request.endpoint(), request.kind(), request.argument(),
                request.correlation(), micros(request.notAfter()), micros(request.queuedAt()));
        long sequence = database.inTransaction(sql -> {
            try (PreparedStatement insert = sql.connection().prepareStatement("INSERT INTO queued_request"
                    + " (endpoint, kind, argument, correlation, not_after, queued_at) VALUES (?, ?, ?, ?, ?, ?)",
                    new String[] {"seq"})) {
                insert.setString(1, stored.endpoint());
                insert.setString(2, stored.kind());
                insert.setString(3, stored.argument());
                insert.setString(4, stored.correlation());
                insert.setObject(5, OffsetDateTime.ofInstant(stored.notAfter(), ZoneOffset.UTC));
                insert.setObject(6, OffsetDateTime.ofInstant(stored.queuedAt(), ZoneOffset.UTC));
                insert.executeUpdate();
                try (ResultSet keys = insert.getGeneratedKeys()) {
                    if (!keys.next()) {
                        throw new SQLException("the database returned no sequence for the new request");
                    }
                    return keys.getLong(1);
                }
            }
        });
        return stored.withSequence(sequence);
    }

    @Override
    public Optional<QueuedRequest> head(String endpoint) {
        return database.queryOne("SELECT " + COLUMNS + " FROM queued_request WHERE endpoint = ?"
                + " ORDER BY seq LIMIT 1", JdbcRequestQueue::toRequest, endpoint);
    }

    @Override
    public List<QueuedRequest> pending(String endpoint) {
        return database.query("SELECT " + COLUMNS + " FROM queued_request WHERE endpoint = ? ORDER BY seq",
                JdbcRequestQueue::toRequest, endpoint);
    }

    @Override
    public boolean remove(long sequence) {
        return database.update("DELETE FROM queued_request WHERE seq = ?", sequence) == 1;
    }

    /** Removes and returns, oldest first, every request whose deadline is before {@code now}; atomic. */
    @Override
    public List<QueuedRequest> removeExpired(Instant now) {
        // stored deadlines are whole microseconds: "before now" is "before or at now's microsecond" when now has a
        // fraction of one, which a database would round
        Instant bound = micros(now);
        String before = bound.equals(now) ? "<" : "<=";
        return database.inTransaction(sql -> {
            List<QueuedRequest> candidates = sql.query("SELECT " + COLUMNS + " FROM queued_request"
                    + " WHERE not_after " + before + " ? ORDER BY seq", JdbcRequestQueue::toRequest, bound);
            List<QueuedRequest> removed = new ArrayList<>(candidates.size());
            for (QueuedRequest request : candidates) {
                // a racing caller that deleted the row first has it: this one deletes nothing and skips it
                if (sql.update("DELETE FROM queued_request WHERE seq = ?", request.sequence()) == 1) {
                    removed.add(request);
                }
            }
            return removed;
        });
    }

    /** The devices with requests waiting, each once, in the order of their oldest request. */
    @Override
    public List<String> endpointsWithPending() {
        return database.query("SELECT endpoint FROM queued_request GROUP BY endpoint ORDER BY MIN(seq)",
                row -> row.text("endpoint"));
    }

    private static QueuedRequest toRequest(Row row) throws SQLException {
        return new QueuedRequest(row.longValue("seq"), row.text("endpoint"), row.text("kind"), row.text("argument"),
                row.text("correlation"), row.instant("not_after"), row.instant("queued_at"));
    }

    private static Instant micros(Instant time) {
        return time.truncatedTo(ChronoUnit.MICROS);
    }
}
