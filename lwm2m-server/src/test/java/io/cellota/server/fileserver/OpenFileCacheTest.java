package io.cellota.server.fileserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cellota.device.download.TestImages;
import io.cellota.server.repository.PackageFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The open-file cache: positional reads, reuse, a bounded number of open files, eviction, closing. */
class OpenFileCacheTest {

    @TempDir
    Path directory;

    private final OpenFileCache cache = new OpenFileCache(3);

    @AfterEach
    void close() {
        cache.close();
    }

    @Test
    void a_read_fills_the_buffer_from_the_position() throws IOException {
        byte[] bytes = TestImages.random(10_000, 1);
        PackageFile file = new TempPackages(directory).add("a", bytes);
        ByteBuffer buffer = ByteBuffer.allocate(100);

        assertThat(cache.read(file.path(), 4321, buffer)).isEqualTo(100);
        assertThat(buffer.array()).isEqualTo(Arrays.copyOfRange(bytes, 4321, 4421));
    }

    @Test
    void a_read_stops_at_the_end_of_the_file() throws IOException {
        PackageFile file = new TempPackages(directory).add("a", TestImages.random(1000, 1));

        assertThat(cache.read(file.path(), 990, ByteBuffer.allocate(100))).isEqualTo(10);
        assertThat(cache.read(file.path(), 1000, ByteBuffer.allocate(100))).isZero();
        assertThat(cache.read(file.path(), 5000, ByteBuffer.allocate(100))).isZero();
    }

    @Test
    void a_file_is_opened_once_for_many_reads() throws IOException {
        PackageFile file = new TempPackages(directory).add("a", TestImages.random(1000, 1));
        for (int i = 0; i < 100; i++) {
            cache.read(file.path(), i, ByteBuffer.allocate(10));
        }

        assertThat(cache.opens()).isEqualTo(1);
        assertThat(cache.openFiles()).isEqualTo(1);
    }

    @Test
    void the_least_recently_used_file_is_closed_beyond_the_capacity() throws IOException {
        TempPackages packages = new TempPackages(directory);
        List<PackageFile> files = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            files.add(packages.add("p" + i, TestImages.random(100, i)));
        }
        for (PackageFile file : files) {
            cache.read(file.path(), 0, ByteBuffer.allocate(1));
            assertThat(cache.openFiles()).isLessThanOrEqualTo(3);
        }
        cache.read(files.get(9).path(), 0, ByteBuffer.allocate(1));
        cache.read(files.get(0).path(), 0, ByteBuffer.allocate(1));

        assertThat(cache.size()).isEqualTo(3);
        assertThat(cache.openFiles()).isEqualTo(3);
        assertThat(cache.opens()).isEqualTo(11);
    }

    @Test
    void concurrent_readers_of_many_files_stay_within_capacity_plus_readers_and_read_correctly() throws Exception {
        TempPackages packages = new TempPackages(directory);
        List<byte[]> contents = new ArrayList<>();
        List<PackageFile> files = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            contents.add(TestImages.random(4096, i));
            files.add(packages.add("p" + i, contents.get(i)));
        }
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<CompletableFuture<Void>> reads = new ArrayList<>();
            for (int n = 0; n < 2000; n++) {
                int which = n % files.size();
                int offset = (n * 97) % 4000;
                reads.add(CompletableFuture.runAsync(() -> {
                    ByteBuffer buffer = ByteBuffer.allocate(64);
                    try {
                        cache.read(files.get(which).path(), offset, buffer);
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                    assertThat(buffer.array()).isEqualTo(Arrays.copyOfRange(contents.get(which), offset, offset + 64));
                    assertThat(cache.openFiles()).isLessThanOrEqualTo(3 + 4);
                }, threads));
            }
            CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new)).get();
        } finally {
            threads.shutdownNow();
        }

        assertThat(cache.size()).isEqualTo(3);
        assertThat(cache.openFiles()).isEqualTo(3);
    }

    @Test
    void a_missing_file_is_reported_and_not_cached() {
        assertThatThrownBy(() -> cache.read(directory.resolve("nope"), 0, ByteBuffer.allocate(1)))
                .isInstanceOf(NoSuchFileException.class);
        assertThat(cache.openFiles()).isZero();
    }

    @Test
    void a_forgotten_file_is_reopened_and_sees_the_current_content() throws IOException {
        Path path = directory.resolve("f");
        Files.write(path, new byte[] {1});
        cache.read(path, 0, ByteBuffer.allocate(1));
        Files.delete(path);
        Files.write(path, new byte[] {2});

        ByteBuffer stale = ByteBuffer.allocate(1);
        cache.read(path, 0, stale);
        cache.forget(path);
        ByteBuffer fresh = ByteBuffer.allocate(1);
        cache.read(path, 0, fresh);

        assertThat(stale.get(0)).isEqualTo((byte) 1);
        assertThat(fresh.get(0)).isEqualTo((byte) 2);
        assertThat(cache.opens()).isEqualTo(2);
    }

    @Test
    void a_reader_interrupted_elsewhere_does_not_break_the_others() throws Exception {
        PackageFile file = new TempPackages(directory).add("a", TestImages.random(1000, 1));
        Thread interrupted = new Thread(() -> {
            Thread.currentThread().interrupt();
            try {
                cache.read(file.path(), 0, ByteBuffer.allocate(10));
            } catch (IOException expected) {
                // ClosedByInterruptException: the shared channel is now closed
            }
        });
        cache.read(file.path(), 0, ByteBuffer.allocate(1));
        interrupted.start();
        interrupted.join();

        ByteBuffer buffer = ByteBuffer.allocate(10);
        assertThat(cache.read(file.path(), 0, buffer)).isEqualTo(10);
        assertThat(cache.openFiles()).isEqualTo(1);
    }

    @Test
    void a_closed_cache_closes_its_files_and_refuses_reads() throws IOException {
        PackageFile file = new TempPackages(directory).add("a", TestImages.random(1000, 1));
        cache.read(file.path(), 0, ByteBuffer.allocate(1));

        cache.close();

        assertThat(cache.openFiles()).isZero();
        assertThatThrownBy(() -> cache.read(file.path(), 0, ByteBuffer.allocate(1))).isInstanceOf(IOException.class);
    }

    @Test
    void a_cache_holds_at_least_one_file() {
        assertThatThrownBy(() -> new OpenFileCache(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
