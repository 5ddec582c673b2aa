package io.cellota.device.download;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Progress survives in a file, is replaced atomically, and a damaged file is reported, not trusted. */
class FileProgressStoreTest {

    @TempDir
    Path directory;

    private static DownloadProgress progress() {
        BitSet received = new BitSet();
        received.set(0, 7);
        received.set(9);
        received.set(200);
        return new DownloadProgress("coaps://[::1]:5684/fw/app?v=2", Optional.of(new byte[] {1, 2, (byte) 0xfe}),
                Optional.of(230_000L), 1024, received);
    }

    @Test
    void an_empty_store_loads_nothing() throws IOException {
        assertThat(new FileProgressStore(directory.resolve("progress.json")).load()).isEmpty();
    }

    @Test
    void saved_progress_round_trips() throws IOException {
        FileProgressStore store = new FileProgressStore(directory.resolve("progress.json"));

        store.save(progress());

        assertThat(new FileProgressStore(directory.resolve("progress.json")).load()).contains(progress());
    }

    @Test
    void progress_without_etag_or_size_round_trips() throws IOException {
        FileProgressStore store = new FileProgressStore(directory.resolve("progress.json"));
        DownloadProgress bare = DownloadProgress.start("http://host/fw.bin", 4096);

        store.save(bare);

        assertThat(store.load()).contains(bare);
    }

    @Test
    void a_save_replaces_the_previous_progress_and_leaves_no_temporary_file() throws IOException {
        FileProgressStore store = new FileProgressStore(directory.resolve("progress.json"));
        store.save(DownloadProgress.start("coap://a/fw", 512));

        store.save(progress());

        assertThat(store.load()).contains(progress());
        try (var files = Files.list(directory)) {
            assertThat(files).containsExactly(store.file());
        }
    }

    @Test
    void clearing_deletes_the_file() throws IOException {
        FileProgressStore store = new FileProgressStore(directory.resolve("progress.json"));
        store.save(progress());

        store.clear();
        store.clear();

        assertThat(store.load()).isEmpty();
        assertThat(store.file()).doesNotExist();
    }

    @Test
    void a_truncated_file_is_reported_as_corrupt() throws IOException {
        FileProgressStore store = new FileProgressStore(directory.resolve("progress.json"));
        store.save(progress());
        byte[] bytes = Files.readAllBytes(store.file());
        Files.write(store.file(), java.util.Arrays.copyOf(bytes, bytes.length / 2));

        assertThatThrownBy(store::load).isInstanceOf(IOException.class).hasMessageContaining("corrupt");
    }

    @Test
    void every_single_byte_flip_is_either_reported_or_read_as_a_valid_progress() throws IOException {
        FileProgressStore store = new FileProgressStore(directory.resolve("progress.json"));
        store.save(progress());
        byte[] original = Files.readAllBytes(store.file());

        for (int i = 0; i < original.length; i++) {
            byte[] damaged = original.clone();
            damaged[i] ^= 0x5a;
            Files.write(store.file(), damaged);
            try {
                assertThat(store.load()).isPresent();
            } catch (IOException expected) {
                assertThat(expected).hasMessageContaining(store.file().toString());
            }
        }
    }

    @Test
    void invalid_values_are_reported_as_corrupt() throws IOException {
        FileProgressStore store = new FileProgressStore(directory.resolve("progress.json"));
        Files.writeString(store.file(), "{\"version\":1,\"uri\":\"coap://a\",\"blockSize\":3,\"received\":\"\"}",
                StandardCharsets.UTF_8);

        assertThatThrownBy(store::load).isInstanceOf(IOException.class).hasMessageContaining("corrupt");
    }

    @Test
    void an_unknown_version_is_refused() throws IOException {
        FileProgressStore store = new FileProgressStore(directory.resolve("progress.json"));
        Files.writeString(store.file(), "{\"version\":2,\"uri\":\"coap://a\",\"blockSize\":16,\"received\":\"\"}",
                StandardCharsets.UTF_8);

        assertThatThrownBy(store::load).isInstanceOf(IOException.class).hasMessageContaining("version");
    }
}
