package io.cellota.server.devices;

import io.cellota.server.store.Database;
import io.cellota.server.store.Row;
import io.cellota.server.store.Sql;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The durable {@link CredentialRepository}: table {@code device_credential} ({@code V4__device_credentials.sql})
 * on H2 or PostgreSQL through {@link Database}. One row per endpoint: the mode, and the PSK identity and key
 * (hex), or the RPK's SubjectPublicKeyInfo (base64); an X.509 device needs nothing more than its name.
 *
 * <p>The database decides conflicts: the PSK identity column is UNIQUE, and {@link #put} writes the row and
 * catches the violation in the same transaction (after a savepoint, so PostgreSQL can still read who holds
 * the identity), instead of checking first and racing another writer. Two racing puts for one endpoint end
 * with the last one's credential, as in memory. {@link #list} orders by endpoint as the database collates:
 * H2 as {@link String#compareTo}, PostgreSQL by the database's collation (the same for ASCII names under
 * {@code C}). A row that no longer makes a valid credential fails loudly, without printing key material.
 */
public final class JdbcCredentialRepository implements CredentialRepository {

    /** SQLSTATE 23505, unique violation, on H2 and PostgreSQL (as {@code StoreException.isUniqueViolation}). */
    private static final String UNIQUE_VIOLATION = "23505";
    /** A put retries when a racing put inserted its endpoint first; more than a few means something else. */
    private static final int ATTEMPTS = 3;
    private static final String COLUMNS = "endpoint, mode, psk_identity, psk_key, rpk_public_key";

    private final Database database;

    /** A repository over {@code database}, which must have been migrated to V4 (as {@link Database#open} does). */
    public JdbcCredentialRepository(Database database) {
        this.database = database;
    }

    @Override
    public Optional<DeviceCredential> byEndpoint(String endpoint) {
        return database.queryOne("SELECT " + COLUMNS + " FROM device_credential WHERE endpoint = ?",
                JdbcCredentialRepository::toCredential, endpoint);
    }

    @Override
    public Optional<DeviceCredential.Psk> byPskIdentity(String identity) {
        return database.queryOne("SELECT " + COLUMNS + " FROM device_credential WHERE psk_identity = ?",
                row -> (DeviceCredential.Psk) toCredential(row), identity);
    }

    @Override
    public void put(DeviceCredential credential) throws CredentialConflictException {
        Columns columns = Columns.of(credential);
        database.inTransaction(sql -> {
            for (int attempt = 1; ; attempt++) {
                Savepoint savepoint = sql.connection().setSavepoint();
                try {
                    write(sql, columns);
                    sql.connection().releaseSavepoint(savepoint);
                    return null;
                } catch (SQLException e) {
                    if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
                        throw e;
                    }
                    sql.connection().rollback(savepoint);
                    Optional<String> holder = sql.queryOne("SELECT endpoint FROM device_credential"
                                    + " WHERE psk_identity = ? AND endpoint <> ?", row -> row.text("endpoint"),
                            columns.pskIdentity(), columns.endpoint());
                    if (holder.isPresent()) {
                        throw new CredentialConflictException("PSK identity '" + columns.pskIdentity().orElseThrow()
                                + "' is already used by " + holder.get());
                    }
                    if (attempt == ATTEMPTS) {
                        throw e;
                    }
                    // a racing put inserted this endpoint after our UPDATE found nothing: update it now
                }
            }
        });
    }

    @Override
    public boolean remove(String endpoint) {
        return database.update("DELETE FROM device_credential WHERE endpoint = ?", endpoint) == 1;
    }

    /** One page of credentials by endpoint name; a negative offset or limit is refused, as in memory. */
    @Override
    public List<DeviceCredential> list(int offset, int limit) {
        if (offset < 0 || limit < 0) {
            throw new IllegalArgumentException("offset and limit must not be negative: " + offset + ", " + limit);
        }
        if (limit == 0) {
            return List.of();
        }
        return database.query("SELECT " + COLUMNS + " FROM device_credential ORDER BY endpoint LIMIT ? OFFSET ?",
                JdbcCredentialRepository::toCredential, limit, offset);
    }

    private static void write(Sql sql, Columns c) throws SQLException {
        int changed = sql.update("UPDATE device_credential SET mode = ?, psk_identity = ?, psk_key = ?,"
                + " rpk_public_key = ? WHERE endpoint = ?", c.mode(), c.pskIdentity(), c.pskKey(), c.rpkPublicKey(),
                c.endpoint());
        if (changed == 0) {
            sql.update("INSERT INTO device_credential (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?)", c.endpoint(),
                    c.mode(), c.pskIdentity(), c.pskKey(), c.rpkPublicKey());
        }
    }

    /** A credential as the row's columns. */
    private record Columns(String endpoint, String mode, Optional<String> pskIdentity, Optional<String> pskKey,
                           Optional<String> rpkPublicKey) {

        static Columns of(DeviceCredential credential) {
            if (credential instanceof DeviceCredential.Psk psk) {
                return new Columns(psk.endpoint(), psk.mode(), Optional.of(psk.identity()),
                        Optional.of(HexFormat.of().formatHex(psk.key())), Optional.empty());
            } else if (credential instanceof DeviceCredential.Rpk rpk) {
                return new Columns(rpk.endpoint(), rpk.mode(), Optional.empty(), Optional.empty(),
                        Optional.of(Base64.getEncoder().encodeToString(rpk.publicKey().getEncoded())));
            } else if (credential instanceof DeviceCredential.X509 x509) {
                return new Columns(x509.endpoint(), x509.mode(), Optional.empty(), Optional.empty(), Optional.empty());
            }
            throw new IllegalArgumentException("no columns for " + credential.getClass().getName());
        }
    }

    private static DeviceCredential toCredential(Row row) throws SQLException {
        String endpoint = row.text("endpoint");
        String mode = row.text("mode");
        try {
            return switch (mode) {
                case "psk" -> new DeviceCredential.Psk(endpoint, row.text("psk_identity"), pskKey(row.text("psk_key")));
                case "rpk" -> new DeviceCredential.Rpk(endpoint, publicKey(row.text("rpk_public_key")));
                case "x509" -> new DeviceCredential.X509(endpoint);
                default -> throw new IllegalArgumentException("unknown mode '" + mode + "'");
            };
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            throw new SQLException("the " + mode + " credential of " + endpoint + " is corrupt: " + e.getMessage(), e);
        }
    }

    /** The key; an error never quotes it. */
    private static byte[] pskKey(String hex) {
        try {
            return HexFormat.of().parseHex(hex);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("psk_key is not an even number of hex digits");
        }
    }

    private static PublicKey publicKey(String base64) throws GeneralSecurityException {
        byte[] encoded;
        try {
            encoded = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("rpk_public_key is not base64", e);
        }
        return KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(encoded));
    }
}
