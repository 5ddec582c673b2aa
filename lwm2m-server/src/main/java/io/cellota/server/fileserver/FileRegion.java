package io.cellota.server.fileserver;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.Path;

/**
 * Bytes {@code start .. start + length} of a package file as a channel, read positionally through the
 * {@link OpenFileCache} into whatever buffer the caller brings, so a body of any size costs no memory of its
 * own. Closing it releases nothing: the file stays in the cache.
 * Not thread-safe: one response reads it.
 */
final class FileRegion implements ReadableByteChannel {

    private final OpenFileCache files;
    private final Path path;
    private final long start;
    private final long length;
    private long done;
    private boolean open = true;

    FileRegion(OpenFileCache files, Path path, long start, long length) {
        if (start < 0 || length < 0) {
            throw new IllegalArgumentException("a region starts and extends at or after 0");
        }
        this.files = files;
        this.path = path;
        this.start = start;
        this.length = length;
    }

    @Override
    public int read(ByteBuffer target) throws IOException {
        if (!open) {
            throw new ClosedChannelException();
        }
        if (done == length) {
            return -1;
        }
        int limit = target.limit();
        target.limit(target.position() + (int) Math.min(target.remaining(), length - done));
        try {
            int read = files.read(path, start + done, target);
            if (read == 0 && target.position() < target.limit()) {
                throw new IOException(path + " ends at " + (start + done) + ", before the " + (start + length)
                        + " bytes it was recorded with");
            }
            done += read;
            return read;
        } finally {
            target.limit(limit);
        }
    }

    /** The bytes in the region. */
    long length() {
        return length;
    }

    @Override
    public String toString() {
        return path.getFileName() + "[" + start + "+" + length + "]";
    }

    /** The bytes read so far. */
    long transferred() {
        return done;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public void close() {
        open = false;
    }
}
