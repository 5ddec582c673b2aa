package io.cellota.server.store;

import java.sql.SQLException;

/** Turns the current {@link Row} of a query into a value; one per record a store reads. */
@FunctionalInterface
public interface RowMapper<T> {

    T map(Row row) throws SQLException;
}
