package io.cellota.server.auth;

import io.cellota.server.store.Database;
import io.cellota.server.store.Row;
import io.cellota.server.store.Sql;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The users, in table {@code user_account} ({@code V6__users_and_tokens.sql}) on H2 or PostgreSQL. The database
 * decides a name taken (primary key). A change that would remove the last admin (a delete or a demotion) locks the
 * admin rows first ({@code SELECT … FOR UPDATE}), so two admins demoting each other at once cannot both succeed.
 */
public final class JdbcUserStore {

    private static final String COLUMNS = "name, role, password_hash, created_at, password_changed_at";

    private final Database database;

    /** Users over {@code database}, migrated to V6 (as {@link Database#open} does). */
    public JdbcUserStore(Database database) {
        this.database = database;
    }

    /** Stores a new user; {@link AccountException.Reason#USER_EXISTS} when the name is taken. */
    public void create(User user) throws AccountException {
        database.inTransaction(sql -> {
            if (sql.queryLong("SELECT COUNT(*) FROM user_account WHERE name = ?", user.name()) > 0) {
                throw new AccountException(AccountException.Reason.USER_EXISTS, "user '" + user.name() + "' exists");
            }
            try {
                sql.update("INSERT INTO user_account (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?)", user.name(),
                        user.role().word(), user.passwordHash(), user.createdAt(), user.passwordChangedAt());
            } catch (SQLException e) {
                if ("23505".equals(e.getSQLState())) {
                    throw new AccountException(AccountException.Reason.USER_EXISTS,
                            "user '" + user.name() + "' exists");
                }
                throw e;
            }
            return null;
        });
    }

    /**
     * Creates {@code user} only if there is no user at all yet (the first start); false when there was one. Two
     * servers starting at once on one database create one first admin: the second's insert hits the key.
     */
    public boolean createFirst(User user) {
        return database.inTransaction(sql -> {
            if (sql.queryLong("SELECT COUNT(*) FROM user_account") > 0) {
                return false;
            }
            try {
                sql.update("INSERT INTO user_account (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?)", user.name(),
                        user.role().word(), user.passwordHash(), user.createdAt(), user.passwordChangedAt());
                return true;
            } catch (SQLException e) {
                if ("23505".equals(e.getSQLState())) {
                    return false;
                }
                throw e;
            }
        });
    }

    public Optional<User> find(String name) {
        return database.queryOne("SELECT " + COLUMNS + " FROM user_account WHERE name = ?", JdbcUserStore::user, name);
    }

    /** One page of users by name. */
    public List<User> list(int offset, int limit) {
        return database.query("SELECT " + COLUMNS + " FROM user_account ORDER BY name LIMIT ? OFFSET ?",
                JdbcUserStore::user, limit, offset);
    }

    public long count() {
        return database.inTransaction(sql -> sql.queryLong("SELECT COUNT(*) FROM user_account"));
    }

    /** Sets the user's password hash; {@link AccountException.Reason#NO_SUCH_USER} when there is no such user. */
    public User setPassword(String name, String hash, Instant at) throws AccountException {
        return database.inTransaction(sql -> {
            if (sql.update("UPDATE user_account SET password_hash = ?, password_changed_at = ? WHERE name = ?", hash,
                    at, name) == 0) {
                throw noSuchUser(name);
            }
            return sql.queryOne("SELECT " + COLUMNS + " FROM user_account WHERE name = ?", JdbcUserStore::user, name)
                    .orElseThrow();
        });
    }

    /** Gives the user {@code role}; refused when it would demote the last admin. */
    public User setRole(String name, Role role) throws AccountException {
        return database.inTransaction(sql -> {
            User user = lockedUser(sql, name);
            if (user.role() == Role.ADMIN && role != Role.ADMIN) {
                requireAnotherAdmin(sql, name, "demote");
            }
            sql.update("UPDATE user_account SET role = ? WHERE name = ?", role.word(), name);
            return user.withRole(role);
        });
    }

    /** Deletes the user; refused when it is the last admin. */
    public void delete(String name) throws AccountException {
        database.inTransaction(sql -> {
            User user = lockedUser(sql, name);
            if (user.role() == Role.ADMIN) {
                requireAnotherAdmin(sql, name, "delete");
            }
            sql.update("DELETE FROM user_account WHERE name = ?", name);
            return null;
        });
    }

    private static User lockedUser(Sql sql, String name) throws SQLException, AccountException {
        // the admins first, always in one order, then the user: concurrent changes queue instead of deadlocking
        sql.query("SELECT name FROM user_account WHERE role = 'admin' ORDER BY name FOR UPDATE", r -> r.text("name"));
        return sql.queryOne("SELECT " + COLUMNS + " FROM user_account WHERE name = ? FOR UPDATE", JdbcUserStore::user,
                name).orElseThrow(() -> noSuchUser(name));
    }

    private static void requireAnotherAdmin(Sql sql, String name, String verb) throws SQLException, AccountException {
        if (sql.queryLong("SELECT COUNT(*) FROM user_account WHERE role = 'admin' AND name <> ?", name) == 0) {
            throw new AccountException(AccountException.Reason.LAST_ADMIN, "cannot " + verb + " '" + name
                    + "': it is the last admin, and without one nobody could manage users");
        }
    }

    private static AccountException noSuchUser(String name) {
        return new AccountException(AccountException.Reason.NO_SUCH_USER, "no user '" + name + "'");
    }

    private static User user(Row row) throws SQLException {
        String word = row.text("role");
        Role role = Role.fromWord(word).orElseThrow(() -> new SQLException("unknown role '" + word + "'"));
        return new User(row.text("name"), role, row.text("password_hash"), row.instant("created_at"),
                row.instant("password_changed_at"));
    }
}
