package io.cellota.device.download;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Base64;
import java.util.BitSet;
import java.util.HexFormat;
import java.util.Optional;

/**
 * A {@link ProgressStore} in one small JSON file (a device's state directory, in the simulator):
 * <pre>{"version":1,"uri":"coaps://…","etag":"a1b2…","totalSize":123456,"blockSize":1024,"received":"&lt;base64&gt;"}</pre>
 * where {@code received} is the Base64 of {@link BitSet#toByteArray()}. A save writes a temporary file beside
 * it, forces it to disk, renames it over the old one atomically, then forces the directory, so after a crash
 * either the old or the new progress is read back. A file that cannot be parsed is reported as an
 * {@link IOException}; the downloaders then start over. Thread-safe.
 */
public final class FileProgressStore implements ProgressStore {

    /** The largest file accepted on load: a 16 MiB image in 16-byte blocks needs about 180 KiB. */
    static final long MAX_FILE_BYTES = 4L << 20;
    private static final int VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final Path file;
    private final Path temporary;

    private record Stored(int version, String uri, String etag, Long totalSize, int blockSize, String received) {
    }

    /** A store in {@code file}; its directory must exist. */
    public FileProgressStore(Path file) {
        this.file = file.toAbsolutePath();
        this.temporary = this.file.resolveSibling(this.file.getFileName() + ".tmp");
    }

    public Path file() {
        return file;
    }

    @Override
    public synchronized Optional<DownloadProgress> load() throws IOException {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        if (Files.size(file) > MAX_FILE_BYTES) {
            throw new IOException("progress file " + file + " is larger than " + MAX_FILE_BYTES + " bytes");
        }
        try {
            Stored stored = JSON.readValue(Files.readAllBytes(file), Stored.class);
            if (stored.version() != VERSION || stored.uri() == null || stored.received() == null) {
                throw new IOException("progress file " + file + " has an unknown version or misses fields");
            }
            return Optional.of(new DownloadProgress(stored.uri(),
                    Optional.ofNullable(stored.etag()).map(HexFormat.of()::parseHex),
                    Optional.ofNullable(stored.totalSize()), stored.blockSize(),
                    BitSet.valueOf(Base64.getDecoder().decode(stored.received()))));
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new IOException("progress file " + file + " is corrupt: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void save(DownloadProgress progress) throws IOException {
        Stored stored = new Stored(VERSION, progress.uri(), progress.etag().map(HexFormat.of()::formatHex).orElse(null),
                progress.totalSize().orElse(null), progress.blockSize(),
                Base64.getEncoder().encodeToString(progress.received().toByteArray()));
        ByteBuffer bytes = ByteBuffer.wrap(JSON.writeValueAsBytes(stored));
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            channel.force(true);
        }
        try {
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("cannot replace " + file + " atomically", e);
        }
        forceDirectory();
    }

    @Override
    public synchronized void clear() throws IOException {
        boolean deleted = Files.deleteIfExists(file);
        Files.deleteIfExists(temporary);
        if (deleted) {
            forceDirectory();
        }
    }

    /** Makes the rename durable (POSIX); where directories cannot be opened, there is nothing to force. */
    private void forceDirectory() throws IOException {
        try (FileChannel directory = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
            directory.force(true);
        } catch (UnsupportedOperationException | java.nio.file.AccessDeniedException e) {
            // Windows cannot open a directory as a channel; its rename is durable enough for a simulator
        }
    }
}
