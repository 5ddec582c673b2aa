package io.cellota.server.repository;

import io.cellota.server.repository.RepositoryException.Reason;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link ContentStore} in a directory: blobs at {@code <dir>/sha256/ab/abcdef…} (the full digest, under
 * its first two hex digits), uploads staged in {@code <dir>/tmp/}. A staged file is forced to disk before it
 * is renamed to its digest name, and the rename is atomic, so a crash or a full disk never leaves a partial
 * blob under a digest name; staging files a crash left behind are deleted when the store opens. One server
 * per directory.
 */
public final class FileContentStore implements ContentStore {

    private static final Logger LOG = LoggerFactory.getLogger(FileContentStore.class);
    private static final int BUFFER = 64 * 1024;
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

    private final Path blobs;
    private final Path staging;
    private final OutputOpener outputs;

    /** Opens (creating if needed) the store in {@code dir}, deleting stale staging files. */
    public FileContentStore(Path dir) throws IOException {
        this(dir, FileOutput::open);
    }

    FileContentStore(Path dir, OutputOpener outputs) throws IOException {
        this.blobs = Files.createDirectories(dir.resolve("sha256"));
        this.staging = Files.createDirectories(dir.resolve("tmp"));
        this.outputs = outputs;
        deleteStaleStagingFiles();
    }

    @Override
    public Staged stage(InputStream content, long maxSize) throws RepositoryException {
        if (maxSize < 1) {
            throw new IllegalArgumentException("maxSize must be positive, was " + maxSize);
        }
        Path file;
        try {
            file = Files.createTempFile(staging, "upload-", ".part");
        } catch (IOException e) {
            throw new RepositoryException(Reason.STORAGE, "cannot create a staging file: " + e.getMessage(), e);
        }
        boolean keep = false;
        try {
            FileStaged staged = write(content, file, maxSize);
            keep = true;
            return staged;
        } finally {
            if (!keep) {
                deleteQuietly(file);
            }
        }
    }

    private FileStaged write(InputStream content, Path file, long maxSize) throws RepositoryException {
        MessageDigest sha256 = sha256();
        long total = 0;
        try (Output out = outputs.open(file)) {
            byte[] buffer = new byte[BUFFER];
            while (true) {
                // never ask for more than one byte past the limit, so an endless body is cut off right there
                int n = read(content, buffer, (int) Math.min(buffer.length, maxSize + 1 - total));
                if (n < 0) {
                    break;
                }
                total += n;
                if (total > maxSize) {
                    throw new RepositoryException(Reason.TOO_LARGE, "the package is larger than the limit of "
                            + maxSize + " bytes");
                }
                sha256.update(buffer, 0, n);
                out.write(buffer, 0, n);
            }
            out.sync();
        } catch (IOException e) {
            throw new RepositoryException(Reason.STORAGE, "cannot store the upload: " + e.getMessage(), e);
        }
        return new FileStaged(file, total, HexFormat.of().formatHex(sha256.digest()));
    }

    private static int read(InputStream content, byte[] buffer, int length) throws RepositoryException {
        try {
            return content.read(buffer, 0, length);
        } catch (IOException e) {
            throw new RepositoryException(Reason.INCOMPLETE, "the upload could not be read to its end: "
                    + e.getMessage(), e);
        }
    }

    @Override
    public void publish(Staged staged) throws RepositoryException {
        if (!(staged instanceof FileStaged mine) || !mine.file.startsWith(staging)) {
            throw new IllegalArgumentException("not staged in this store: " + staged.file());
        }
        Path target = path(staged.sha256());
        try {
            if (Files.exists(target)) {
                LOG.debug("Content {} is stored already", staged.sha256());
            } else {
                Files.createDirectories(target.getParent());
                move(mine.file, target);
                syncDirectory(target.getParent());
            }
        } catch (IOException e) {
            throw new RepositoryException(Reason.STORAGE, "cannot store content " + staged.sha256() + ": "
                    + e.getMessage(), e);
        } finally {
            mine.close();
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException identicalContentWonTheRace) {
            LOG.debug("Content {} was stored concurrently", to.getFileName());
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the store's file system cannot rename atomically: " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<Path> find(String sha256) {
        Path path = path(sha256);
        return Files.isRegularFile(path) ? Optional.of(path) : Optional.empty();
    }

    @Override
    public void delete(String sha256) throws IOException {
        if (Files.deleteIfExists(path(sha256))) {
            LOG.debug("Deleted content {}", sha256);
        }
    }

    private Path path(String sha256) {
        if (!SHA256_HEX.matcher(sha256).matches()) {
            throw new IllegalArgumentException("not a SHA-256 in lower-case hex: " + sha256);
        }
        return blobs.resolve(sha256.substring(0, 2)).resolve(sha256);
    }

    private void deleteStaleStagingFiles() throws IOException {
        int deleted = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(staging)) {
            for (Path file : files) {
                if (Files.isRegularFile(file)) {
                    Files.delete(file);
                    deleted++;
                }
            }
        }
        if (deleted > 0) {
            LOG.info("Deleted {} staging file(s) left by an interrupted upload in {}", deleted, staging);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** Makes a rename durable; Linux can sync a directory, elsewhere this is best effort. */
    private static void syncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            LOG.trace("Cannot sync directory {}: {}", dir, e.toString());
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("Cannot delete staging file {} (it goes when the store next opens): {}", file, e.toString());
        }
    }

    /** Where staged bytes go: the seam through which tests make the disk fail. */
    interface Output extends Closeable {
        void write(byte[] bytes, int offset, int length) throws IOException;

        /** Forces everything written to the device. */
        void sync() throws IOException;
    }

    /** Opens the {@link Output} of a staging file. */
    @FunctionalInterface
    interface OutputOpener {
        Output open(Path file) throws IOException;
    }

    /** A staging file written through a {@link FileChannel}. */
    private record FileOutput(FileChannel channel) implements Output {

        static Output open(Path file) throws IOException {
            return new FileOutput(FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING));
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            ByteBuffer buffer = ByteBuffer.wrap(bytes, offset, length);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        }

        @Override
        public void sync() throws IOException {
            channel.force(true);
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }

    /** A staged upload; deleted on close unless it was published (moved away). */
    private static final class FileStaged implements Staged {
        private final Path file;
        private final long size;
        private final String sha256;

        FileStaged(Path file, long size, String sha256) {
            this.file = file;
            this.size = size;
            this.sha256 = sha256;
        }

        @Override
        public Path file() {
            return file;
        }

        @Override
        public long size() {
            return size;
        }

        @Override
        public String sha256() {
            return sha256;
        }

        @Override
        public void close() {
            deleteQuietly(file);
        }
    }
}
