package io.cellota.server.auth;

import io.cellota.server.store.Database;
import io.cellota.server.store.Row;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * API tokens in table {@code api_token} ({@code V6__users_and_tokens.sql}): each row holds the token's public id,
 * its description and role, and the SHA-256 of its secret, never the secret. Revoking deletes the row.
 */
public final class JdbcApiTokenStore {

    private static final String COLUMNS =
            "id, name, role, secret_hash, created_by, created_at, expires_at, last_used_at";

    /** A token with the hash of its secret, as stored. */
    public record Stored(ApiToken token, String secretHash) {
    }

    private final Database database;

    public JdbcApiTokenStore(Database database) {
        this.database = database;
    }

    public void insert(ApiToken token, String secretHash) {
        database.update("INSERT INTO api_token (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)", token.id(),
                token.name(), token.role().word(), secretHash, token.createdBy(), token.createdAt(), token.expiresAt(),
                token.lastUsedAt());
    }

    public Optional<Stored> find(String id) {
        return database.queryOne("SELECT " + COLUMNS + " FROM api_token WHERE id = ?", JdbcApiTokenStore::stored, id);
    }

    /** One page of tokens, newest first. */
    public List<ApiToken> list(int offset, int limit) {
        return database.query("SELECT " + COLUMNS + " FROM api_token ORDER BY created_at DESC, id LIMIT ? OFFSET ?",
                row -> stored(row).token(), limit, offset);
    }

    public long count() {
        return database.inTransaction(sql -> sql.queryLong("SELECT COUNT(*) FROM api_token"));
    }

    /** Deletes the token; false when there was none. */
    public boolean delete(String id) {
        return database.update("DELETE FROM api_token WHERE id = ?", id) == 1;
    }

    /** Records a use at {@code now}. */
    public void touch(String id, Instant now) {
        database.update("UPDATE api_token SET last_used_at = ? WHERE id = ?", now, id);
    }

    private static Stored stored(Row row) throws SQLException {
        String word = row.text("role");
        Role role = Role.fromWord(word).orElseThrow(() -> new SQLException("unknown role '" + word + "'"));
        return new Stored(new ApiToken(row.text("id"), row.text("name"), role, row.text("created_by"),
                row.instant("created_at"), row.optionalInstant("expires_at"), row.optionalInstant("last_used_at")),
                row.text("secret_hash"));
    }
}
