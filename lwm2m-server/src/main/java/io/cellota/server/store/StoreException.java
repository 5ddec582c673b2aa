package io.cellota.server.store;

import java.sql.SQLException;

/**
 * A database operation failed: the database is unreachable, a statement is wrong, or a constraint refused a
 * row. Unchecked, because callers can rarely do more than report it; the one outcome a store acts on, a
 * refused duplicate, is told apart by {@link #isUniqueViolation()}.
 */
public final class StoreException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** SQLSTATE 23505, which H2 and PostgreSQL both report for a unique or primary key violation. */
    private static final String UNIQUE_VIOLATION = "23505";

    private final String sqlState;

    public StoreException(String message, SQLException cause) {
        super(message + ": " + cause.getMessage(), cause);
        this.sqlState = cause.getSQLState() == null ? "" : cause.getSQLState();
    }

    public StoreException(String message, Throwable cause) {
        super(message + ": " + cause.getMessage(), cause);
        this.sqlState = "";
    }

    /** The SQLSTATE the database reported, empty when none. */
    public String sqlState() {
        return sqlState;
    }

    /** Whether a unique constraint or primary key refused the row. */
    public boolean isUniqueViolation() {
        return UNIQUE_VIOLATION.equals(sqlState);
    }
}
