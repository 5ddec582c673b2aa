package io.cellota.server.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * The statements of one transaction: positional {@code ?} parameters bound from Java values, rows mapped
 * by a {@link RowMapper}. Parameters may be {@code String}, {@code Long}/{@code Integer}, {@code Boolean},
 * {@link Instant} (stored as {@code TIMESTAMP WITH TIME ZONE} in UTC), an {@link Enum} (stored by name),
 * {@link Optional}, {@link OptionalLong} or {@link OptionalInt} (empty is NULL), or {@code null}.
 * Obtained only inside {@link Database#inTransaction}; not to be kept after it returns.
 */
public final class Sql {

    private final Connection connection;

    Sql(Connection connection) {
        this.connection = connection;
    }

    /** Every row of {@code query}, mapped. */
    public <T> List<T> query(String query, RowMapper<T> mapper, Object... params) throws SQLException {
        try (PreparedStatement statement = prepare(query, params); ResultSet rows = statement.executeQuery()) {
            Row row = new Row(rows);
            List<T> result = new ArrayList<>();
            while (rows.next()) {
                result.add(mapper.map(row));
            }
            return result;
        }
    }

    /** The one row of {@code query}, if any; more than one is a bug in the query. */
    public <T> Optional<T> queryOne(String query, RowMapper<T> mapper, Object... params) throws SQLException {
        List<T> rows = query(query, mapper, params);
        if (rows.size() > 1) {
            throw new SQLException("expected at most one row, got " + rows.size() + " from: " + query);
        }
        return rows.stream().findFirst();
    }

    /** The single number {@code query} selects, e.g. a {@code COUNT(*)}. */
    public long queryLong(String query, Object... params) throws SQLException {
        return queryOne(query, row -> row.resultSet().getLong(1), params)
                .orElseThrow(() -> new SQLException("no row from: " + query));
    }

    /** Runs an INSERT, UPDATE or DELETE; returns the number of rows it changed. */
    public int update(String statement, Object... params) throws SQLException {
        try (PreparedStatement prepared = prepare(statement, params)) {
            return prepared.executeUpdate();
        }
    }

    /** The transaction's connection, for what the methods above do not cover; never close or commit it. */
    public Connection connection() {
        return connection;
    }

    private PreparedStatement prepare(String statement, Object... params) throws SQLException {
        PreparedStatement prepared = connection.prepareStatement(statement);
        try {
            for (int i = 0; i < params.length; i++) {
                bind(prepared, i + 1, params[i]);
            }
            return prepared;
        } catch (SQLException | RuntimeException e) {
            prepared.close();
            throw e;
        }
    }

    private static void bind(PreparedStatement statement, int index, Object value) throws SQLException {
        if (value == null) {
            // Types.NULL lets PostgreSQL infer the column's type, whatever it is
            statement.setNull(index, Types.NULL);
        } else if (value instanceof Optional<?> optional) {
            if (optional.isPresent()) {
                bind(statement, index, optional.get());
            } else {
                statement.setNull(index, Types.NULL);
            }
        } else if (value instanceof OptionalLong optional) {
            if (optional.isPresent()) {
                statement.setLong(index, optional.getAsLong());
            } else {
                statement.setNull(index, Types.BIGINT);
            }
        } else if (value instanceof OptionalInt optional) {
            if (optional.isPresent()) {
                statement.setInt(index, optional.getAsInt());
            } else {
                statement.setNull(index, Types.INTEGER);
            }
        } else if (value instanceof String text) {
            statement.setString(index, text);
        } else if (value instanceof Long number) {
            statement.setLong(index, number);
        } else if (value instanceof Integer number) {
            statement.setInt(index, number);
        } else if (value instanceof Boolean flag) {
            statement.setBoolean(index, flag);
        } else if (value instanceof Instant instant) {
            statement.setObject(index, OffsetDateTime.ofInstant(instant, ZoneOffset.UTC));
        } else if (value instanceof Enum<?> constant) {
            statement.setString(index, constant.name());
        } else {
            throw new IllegalArgumentException("cannot bind a " + value.getClass().getName() + " as parameter " + index);
        }
    }
}
