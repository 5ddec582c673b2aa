package io.cellota.server.repository;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Staging files on a disk that fills up: writes succeed until {@code capacity} bytes, then fail as a full
 * disk does. The bytes before that really reach the file, so a half-written upload would show.
 */
final class FailingDisk implements FileContentStore.OutputOpener {

    private final long capacity;
    private final boolean failSync;
    private final AtomicInteger opened = new AtomicInteger();

    private FailingDisk(long capacity, boolean failSync) {
        this.capacity = capacity;
        this.failSync = failSync;
    }

    /** A disk that is full after {@code capacity} bytes. */
    static FailingDisk fullAfter(long capacity) {
        return new FailingDisk(capacity, false);
    }

    /** A disk that takes every write but fails to force it to the device. */
    static FailingDisk failingSync() {
        return new FailingDisk(Long.MAX_VALUE, true);
    }

    int opened() {
        return opened.get();
    }

    @Override
    public FileContentStore.Output open(Path file) throws IOException {
        opened.incrementAndGet();
        var out = Files.newOutputStream(file, StandardOpenOption.WRITE);
        return new FileContentStore.Output() {
            private long written;

            @Override
            public void write(byte[] bytes, int offset, int length) throws IOException {
                int fits = (int) Math.min(length, capacity - written);
                out.write(bytes, offset, fits);
                written += fits;
                if (fits < length) {
                    throw new IOException("No space left on device");
                }
            }

            @Override
            public void sync() throws IOException {
                out.flush();
                if (failSync) {
                    throw new IOException("Input/output error");
                }
            }

            @Override
            public void close() throws IOException {
                out.close();
            }
        };
    }
}
