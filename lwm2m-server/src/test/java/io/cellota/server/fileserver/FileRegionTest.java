package io.cellota.server.fileserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cellota.device.download.TestImages;
import io.cellota.server.repository.PackageFile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A file region as a channel: exactly its bytes, in any buffer size, and an error for a short file. */
class FileRegionTest {

    @TempDir
    Path directory;

    private final OpenFileCache cache = new OpenFileCache(2);
    private final byte[] bytes = TestImages.random(100_000, 5);

    @AfterEach
    void close() {
        cache.close();
    }

    @Test
    void a_region_reads_exactly_its_bytes_whatever_the_buffer() throws IOException {
        PackageFile file = new TempPackages(directory).add("a", bytes);
        for (int bufferSize : new int[] {1, 7, 4096, 200_000}) {
            FileRegion region = new FileRegion(cache, file.path(), 1234, 50_000);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteBuffer buffer = ByteBuffer.allocateDirect(bufferSize);
            while (region.read(buffer.clear()) >= 0) {
                byte[] chunk = new byte[buffer.flip().remaining()];
                buffer.get(chunk);
                out.write(chunk);
            }

            assertThat(out.toByteArray()).isEqualTo(Arrays.copyOfRange(bytes, 1234, 51_234));
            assertThat(region.transferred()).isEqualTo(50_000);
        }
    }

    @Test
    void a_file_shorter_than_its_record_is_an_error() throws IOException {
        PackageFile file = new TempPackages(directory).add("a", bytes);

        FileRegion region = new FileRegion(cache, file.path(), 99_000, 2000);

        assertThat(region.read(ByteBuffer.allocate(512))).isEqualTo(512);
        assertThat(region.read(ByteBuffer.allocate(4096))).isEqualTo(488);
        assertThatThrownBy(() -> region.read(ByteBuffer.allocate(512))).isInstanceOf(IOException.class)
                .hasMessageContaining("before");
    }

    @Test
    void an_empty_region_ends_at_once_and_a_closed_one_refuses_reads() throws IOException {
        PackageFile file = new TempPackages(directory).add("a", bytes);
        FileRegion region = new FileRegion(cache, file.path(), 10, 0);

        assertThat(region.read(ByteBuffer.allocate(10))).isEqualTo(-1);
        region.close();
        assertThat(region.isOpen()).isFalse();
        assertThatThrownBy(() -> region.read(ByteBuffer.allocate(10))).isInstanceOf(ClosedChannelException.class);
    }
}
