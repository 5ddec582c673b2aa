package io.cellota.server.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The current row of a query, read by column label with the types stores use: text, numbers, booleans and
 * instants, NULL-able ones as {@link Optional}. Reading a NULL through a non-optional getter is a schema bug
 * and fails loudly instead of yielding {@code 0} or {@code null}.
 */
public final class Row {

    private final ResultSet resultSet;

    Row(ResultSet resultSet) {
        this.resultSet = resultSet;
    }

    public String text(String column) throws SQLException {
        return required(column, resultSet.getString(column));
    }

    public Optional<String> optionalText(String column) throws SQLException {
        return Optional.ofNullable(resultSet.getString(column));
    }

    public long longValue(String column) throws SQLException {
        long value = resultSet.getLong(column);
        required(column, resultSet.wasNull() ? null : value);
        return value;
    }

    public OptionalLong optionalLong(String column) throws SQLException {
        long value = resultSet.getLong(column);
        return resultSet.wasNull() ? OptionalLong.empty() : OptionalLong.of(value);
    }

    public boolean bool(String column) throws SQLException {
        boolean value = resultSet.getBoolean(column);
        required(column, resultSet.wasNull() ? null : value);
        return value;
    }

    /** A {@code TIMESTAMP WITH TIME ZONE} column. */
    public Instant instant(String column) throws SQLException {
        return required(column, resultSet.getObject(column, OffsetDateTime.class)).toInstant();
    }

    public Optional<Instant> optionalInstant(String column) throws SQLException {
        return Optional.ofNullable(resultSet.getObject(column, OffsetDateTime.class)).map(OffsetDateTime::toInstant);
    }

    /** The underlying result set, for a type not covered here; do not move its cursor. */
    public ResultSet resultSet() {
        return resultSet;
    }

    private static <T> T required(String column, T value) throws SQLException {
        if (value == null) {
            throw new SQLException("column " + column + " is NULL where the schema promises a value");
        }
        return value;
    }
}
