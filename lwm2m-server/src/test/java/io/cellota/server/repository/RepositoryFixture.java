package io.cellota.server.repository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.cellota.firmware.signing.TrustedKey;
import io.cellota.firmware.testkit.ReferenceImages;
import io.cellota.server.store.Database;
import io.cellota.server.store.DatabaseConfig;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * A firmware repository on a fresh database and content directory, trusting the reference test keys, with
 * helpers to upload the reference images and to look at what is on disk. The database comes from the
 * subclass, so every contract runs on H2 and on PostgreSQL.
 */
abstract class RepositoryFixture {

    /** With nanoseconds, which the databases do not keep. */
    static final Instant NOW = Instant.parse("2026-03-01T10:15:30.123456789Z");
    static final String OPERATOR = "alice@example.com";

    @TempDir
    Path dataDir;

    DatabaseConfig databaseConfig;
    Database database;
    FirmwareRepository repository;
    final Set<String> inUse = ConcurrentHashMap.newKeySet();

    /** A new, empty database. */
    abstract DatabaseConfig emptyDatabase(Path dataDir);

    @BeforeEach
    void openRepository() throws IOException {
        databaseConfig = emptyDatabase(dataDir);
        database = Database.open(databaseConfig);
        repository = repository(trusting("ecdsa-p256", "ed25519", "rsa-2048"));
    }

    @AfterEach
    void closeDatabase() {
        database.close();
    }

    /** A repository over the fixture's database and content directory. */
    FirmwareRepository repository(RepositoryConfig config) throws IOException {
        return repository(config, new FileContentStore(contentDir()));
    }

    FirmwareRepository repository(RepositoryConfig config, ContentStore store) {
        return new FirmwareRepository(database, store, config, inUse::contains, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    /** Closes the database and opens everything again on the same data, as a restarted server does. */
    void restart() throws IOException {
        database.close();
        database = Database.open(databaseConfig);
        repository = repository(trusting("ecdsa-p256", "ed25519", "rsa-2048"));
    }

    static RepositoryConfig trusting(String... keyTypes) {
        List<TrustedKey> keys = Arrays.stream(keyTypes).map(ReferenceImages::publicKey).toList();
        return RepositoryConfig.trusting(keys);
    }

    Path contentDir() {
        return dataDir.resolve("firmware");
    }

    FirmwarePackage upload(String referenceImage) throws RepositoryException {
        return upload(ReferenceImages.bytes(referenceImage), UploadRequest.mcuboot());
    }

    FirmwarePackage upload(byte[] content, UploadRequest request) throws RepositoryException {
        return repository.upload(new ByteArrayInputStream(content), request, OPERATOR);
    }

    static RepositoryException refusal(ThrowingCallable call) {
        RepositoryException refusal = catchThrowableOfType(RepositoryException.class, call);
        assertThat(refusal).as("a refusal").isNotNull();
        return refusal;
    }

    static byte[] randomContent(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    /** The blobs stored, by digest. */
    List<String> blobs() throws IOException {
        Path dir = contentDir().resolve("sha256");
        return Files.isDirectory(dir) ? FileContentStoreTest.files(dir).stream()
                .map(p -> p.substring(p.indexOf('/') + 1)).toList() : List.of();
    }

    List<String> stagingFiles() throws IOException {
        Path dir = contentDir().resolve("tmp");
        return Files.isDirectory(dir) ? FileContentStoreTest.files(dir) : List.of();
    }

    /** Nothing was stored: no row, no blob, no staging file. */
    void assertNothingStored() throws IOException {
        assertThat(repository.count()).as("packages").isZero();
        assertThat(blobs()).as("blobs").isEmpty();
        assertThat(stagingFiles()).as("staging files").isEmpty();
    }
}
