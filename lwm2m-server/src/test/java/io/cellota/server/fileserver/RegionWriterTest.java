package io.cellota.server.fileserver;

import static org.assertj.core.api.Assertions.assertThat;

import io.cellota.device.download.TestImages;
import io.cellota.server.repository.PackageFile;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The non-blocking region writer: writes while the output is ready, resumes when called again, ends once. */
class RegionWriterTest {

    @TempDir
    Path directory;

    private final OpenFileCache cache = new OpenFileCache(2);
    private final byte[] bytes = TestImages.random(100_000, 8);

    @AfterEach
    void close() {
        cache.close();
    }

    @Test
    void the_region_is_written_in_bursts_while_the_output_is_ready_and_done_after_the_last() throws IOException {
        PackageFile file = new TempPackages(directory).add("a", bytes);
        ThrottledOutput out = new ThrottledOutput();
        RegionWriter writer = new RegionWriter(out, new FileRegion(cache, file.path(), 500, 90_000), 1024);

        int calls = 0;
        while (!writer.done().isDone()) {
            out.allow(7);
            writer.onWritePossible();
            calls++;
        }

        assertThat(out.bytes()).isEqualTo(Arrays.copyOfRange(bytes, 500, 90_500));
        assertThat(out.writes()).isEqualTo(88);
        assertThat(calls).isEqualTo(13);
        assertThat(writer.done()).isCompletedWithValue(90_000L);
    }

    @Test
    void a_failed_response_ends_with_the_bytes_read_so_far() throws IOException {
        PackageFile file = new TempPackages(directory).add("a", bytes);
        ThrottledOutput out = new ThrottledOutput();
        RegionWriter writer = new RegionWriter(out, new FileRegion(cache, file.path(), 0, bytes.length), 1000);
        out.allow(3);
        writer.onWritePossible();

        writer.onError(new IOException("the device went away"));

        assertThat(writer.done()).isCompletedWithValue(3000L);
    }

    /** An output that is ready for a given number of writes, then busy until allowed more. */
    private static final class ThrottledOutput extends ServletOutputStream {
        private final ByteArrayOutputStream written = new ByteArrayOutputStream();
        private int allowed;
        private int writes;

        void allow(int count) {
            allowed = count;
        }

        byte[] bytes() {
            return written.toByteArray();
        }

        int writes() {
            return writes;
        }

        @Override
        public boolean isReady() {
            return allowed > 0;
        }

        @Override
        public void setWriteListener(WriteListener listener) {
        }

        @Override
        public void write(int b) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void write(byte[] b, int off, int len) {
            written.write(b, off, len);
            writes++;
            allowed--;
        }
    }
}
