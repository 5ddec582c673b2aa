package io.cellota.server.devices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cellota.server.store.Database;
import io.cellota.server.store.DatabaseConfig;
import io.cellota.server.store.StoreException;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link JdbcCredentialRepository} keeps the {@link CredentialRepositoryContract}, and what a database adds:
 * credentials survive a restart, the columns hold what {@code V4__device_credentials.sql} documents, the
 * database itself refuses a shared identity or a row of mixed modes, and a damaged row is reported without
 * its key. Run on H2 ({@link JdbcCredentialRepositoryTest}) and PostgreSQL
 * ({@link JdbcCredentialRepositoryPostgresIT}).
 */
abstract class JdbcCredentialRepositoryContract extends CredentialRepositoryContract {

    @TempDir
    Path dataDir;

    DatabaseConfig config;
    Database database;

    /** A new, empty database. */
    abstract DatabaseConfig emptyDatabase(Path dataDir);

    @Override
    protected CredentialRepository newRepository() {
        config = emptyDatabase(dataDir);
        database = Database.open(config);
        return new JdbcCredentialRepository(database);
    }

    @AfterEach
    void closeDatabase() {
        database.close();
    }

    @Test
    void credentials_survive_a_restart() throws Exception {
        DeviceCredential.Psk psk = psk("dev-1", "id-1", 16);
        DeviceCredential.Rpk rpk = new DeviceCredential.Rpk("dev-2", ecKey("secp256r1"));
        repository.put(psk);
        repository.put(rpk);

        database.close();
        database = Database.open(config);
        repository = new JdbcCredentialRepository(database);

        assertThat(repository.byPskIdentity("id-1")).hasValue(psk);
        assertThat(repository.byEndpoint("dev-2")).hasValue(rpk);
    }

    @Test
    void the_columns_hold_the_mode_the_hex_key_and_the_base64_public_key() throws Exception {
        DeviceCredential.Psk psk = psk("dev-1", "id-1", 16);
        DeviceCredential.Rpk rpk = new DeviceCredential.Rpk("dev-2", ecKey("secp256r1"));
        repository.put(psk);
        repository.put(rpk);
        repository.put(new DeviceCredential.X509("dev-3"));

        assertThat(database.query("SELECT * FROM device_credential ORDER BY endpoint", row -> List.of(
                row.text("mode"), row.optionalText("psk_identity"), row.optionalText("psk_key"),
                row.optionalText("rpk_public_key")))).containsExactly(
                List.of("psk", Optional.of("id-1"), Optional.of(HexFormat.of().formatHex(psk.key())), Optional.empty()),
                List.of("rpk", Optional.empty(), Optional.empty(),
                        Optional.of(Base64.getEncoder().encodeToString(rpk.publicKey().getEncoded()))),
                List.of("x509", Optional.empty(), Optional.empty(), Optional.empty()));
    }

    @Test
    void the_database_itself_refuses_a_shared_identity_and_a_row_of_mixed_modes() throws Exception {
        repository.put(psk("dev-1", "id-1", 16));

        assertThatThrownBy(() -> database.update("INSERT INTO device_credential (endpoint, mode, psk_identity,"
                + " psk_key) VALUES ('dev-2', 'psk', 'id-1', '00112233445566778899')"))
                .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.isUniqueViolation()).isTrue());
        assertThatThrownBy(() -> database.update("INSERT INTO device_credential (endpoint, mode, psk_identity,"
                + " psk_key) VALUES ('dev-3', 'x509', 'id-3', '00112233445566778899')"))
                .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.isUniqueViolation()).isFalse());
        assertThatThrownBy(() -> database.update("INSERT INTO device_credential (endpoint, mode)"
                + " VALUES ('dev-4', 'psk')")).isInstanceOf(StoreException.class);
    }

    @Test
    void a_damaged_row_is_reported_without_its_key() throws Exception {
        repository.put(psk("dev-1", "id-1", 16));
        repository.put(new DeviceCredential.Rpk("dev-2", ecKey("secp256r1")));
        String secret = "0123456789abcdefXY";
        database.update("UPDATE device_credential SET psk_key = ? WHERE endpoint = 'dev-1'", secret);
        database.update("UPDATE device_credential SET rpk_public_key = 'AAAA' WHERE endpoint = 'dev-2'");

        assertThatThrownBy(() -> repository.byPskIdentity("id-1")).isInstanceOf(StoreException.class)
                .hasMessageContaining("psk credential of dev-1 is corrupt")
                .hasMessageNotContaining(secret).hasMessageNotContaining("XY");
        assertThatThrownBy(() -> repository.byEndpoint("dev-2")).isInstanceOf(StoreException.class)
                .hasMessageContaining("rpk credential of dev-2 is corrupt");
        database.update("UPDATE device_credential SET psk_key = '0011' WHERE endpoint = 'dev-1'");
        assertThatThrownBy(() -> repository.list(0, 10)).isInstanceOf(StoreException.class)
                .hasMessageContaining("a PSK is 8..64 bytes");
    }
}
