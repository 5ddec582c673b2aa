package io.cellota.server.repository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cellota.server.repository.RepositoryException.Reason;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Content is stored whole under its SHA-256 or not at all, streamed and cut off at the size limit. */
class FileContentStoreTest {

    private static final long LIMIT = 1024 * 1024;

    @TempDir
    Path dir;

    private static byte[] content(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every regular file under {@code dir}, relative to it. */
    static List<String> files(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            return paths.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString()).sorted().toList();
        }
    }

    private String store(FileContentStore store, byte[] bytes) throws RepositoryException {
        try (ContentStore.Staged staged = store.stage(new ByteArrayInputStream(bytes), LIMIT)) {
            store.publish(staged);
            return staged.sha256();
        }
    }

    @Test
    void content_is_stored_under_its_sha256_below_its_first_two_hex_digits() throws Exception {
        FileContentStore store = new FileContentStore(dir);
        byte[] bytes = content(200_000, 1);
        String sha = sha256(bytes);

        assertThat(store(store, bytes)).isEqualTo(sha);

        assertThat(files(dir)).containsExactly("sha256/" + sha.substring(0, 2) + "/" + sha);
        assertThat(store.find(sha)).hasValueSatisfying(path -> assertThat(path).hasBinaryContent(bytes));
    }

    @Test
    void a_staged_upload_knows_its_size_and_digest_before_it_is_published() throws Exception {
        FileContentStore store = new FileContentStore(dir);
        byte[] bytes = content(70_000, 2);

        try (ContentStore.Staged staged = store.stage(new ByteArrayInputStream(bytes), LIMIT)) {
            assertThat(staged.size()).isEqualTo(bytes.length);
            assertThat(staged.sha256()).isEqualTo(sha256(bytes));
            assertThat(staged.file()).hasBinaryContent(bytes);
            assertThat(store.find(staged.sha256())).isEmpty();
        }
    }

    @Test
    void identical_content_is_stored_once() throws Exception {
        FileContentStore store = new FileContentStore(dir);
        byte[] bytes = content(5_000, 3);

        store(store, bytes);
        store(store, bytes.clone());

        assertThat(files(dir)).hasSize(1);
    }

    @Test
    void an_upload_closed_without_publishing_leaves_nothing() throws Exception {
        FileContentStore store = new FileContentStore(dir);

        try (ContentStore.Staged staged = store.stage(new ByteArrayInputStream(content(5_000, 4)), LIMIT)) {
            assertThat(files(dir)).containsExactly("tmp/" + staged.file().getFileName());
        }

        assertThat(files(dir)).isEmpty();
    }

    @Test
    void an_endless_upload_is_cut_off_one_byte_past_the_limit_and_leaves_nothing() throws Exception {
        FileContentStore store = new FileContentStore(dir);
        EndlessStream endless = new EndlessStream();

        assertThatThrownBy(() -> store.stage(endless, LIMIT))
                .isInstanceOfSatisfying(RepositoryException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.TOO_LARGE))
                .hasMessageContaining("limit of 1048576 bytes");

        assertThat(endless.served()).isEqualTo(LIMIT + 1);
        assertThat(files(dir)).isEmpty();
    }

    @Test
    void content_of_exactly_the_limit_fits() throws Exception {
        FileContentStore store = new FileContentStore(dir);
        byte[] bytes = content((int) LIMIT, 5);

        assertThat(store(store, bytes)).isEqualTo(sha256(bytes));
    }

    @Test
    void a_disk_that_fills_up_mid_write_leaves_no_blob_and_no_staging_file() throws Exception {
        FailingDisk disk = FailingDisk.fullAfter(100_000);
        FileContentStore store = new FileContentStore(dir, disk);

        assertThatThrownBy(() -> store.stage(new ByteArrayInputStream(content(300_000, 6)), LIMIT))
                .isInstanceOfSatisfying(RepositoryException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.STORAGE))
                .hasMessageContaining("No space left on device");

        assertThat(disk.opened()).isOne();
        assertThat(files(dir)).isEmpty();
    }

    @Test
    void a_write_that_cannot_be_forced_to_disk_is_not_kept() throws Exception {
        FileContentStore store = new FileContentStore(dir, FailingDisk.failingSync());

        assertThatThrownBy(() -> store.stage(new ByteArrayInputStream(content(10_000, 7)), LIMIT))
                .isInstanceOfSatisfying(RepositoryException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.STORAGE))
                .hasMessageContaining("Input/output error");

        assertThat(files(dir)).isEmpty();
    }

    @Test
    void a_body_that_breaks_off_is_incomplete_and_leaves_nothing() throws Exception {
        FileContentStore store = new FileContentStore(dir);
        InputStream breaksOff = new InputStream() {
            private int served;

            @Override
            public int read() throws IOException {
                if (served++ >= 3000) {
                    throw new IOException("Connection reset by peer");
                }
                return 1;
            }
        };

        assertThatThrownBy(() -> store.stage(breaksOff, LIMIT))
                .isInstanceOfSatisfying(RepositoryException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.INCOMPLETE))
                .hasMessageContaining("Connection reset by peer");

        assertThat(files(dir)).isEmpty();
    }

    @Test
    void staging_files_left_by_a_crash_are_deleted_when_the_store_opens() throws Exception {
        new FileContentStore(dir);
        String kept = store(new FileContentStore(dir), content(1000, 8));
        Files.write(dir.resolve("tmp/upload-123.part"), content(1000, 9));

        FileContentStore reopened = new FileContentStore(dir);

        assertThat(files(dir)).containsExactly("sha256/" + kept.substring(0, 2) + "/" + kept);
        assertThat(reopened.find(kept)).isPresent();
    }

    @Test
    void deleting_removes_the_blob_and_deleting_again_is_harmless() throws Exception {
        FileContentStore store = new FileContentStore(dir);
        String sha = store(store, content(1000, 10));

        store.delete(sha);
        store.delete(sha);

        assertThat(store.find(sha)).isEmpty();
        assertThat(files(dir)).isEmpty();
    }

    @Test
    void a_digest_that_is_not_lower_case_hex_is_a_bug() throws Exception {
        FileContentStore store = new FileContentStore(dir);

        assertThatThrownBy(() -> store.find("../../etc/passwd")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.find("AB".repeat(32))).isInstanceOf(IllegalArgumentException.class);
    }
}
