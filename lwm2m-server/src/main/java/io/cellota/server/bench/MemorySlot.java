package io.cellota.server.bench;

import io.cellota.device.download.BlockSink;
import io.cellota.device.download.DownloadProgress;
import io.cellota.device.download.OutOfStorageException;
import io.cellota.device.download.ProgressStore;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;

/**
 * A device's secondary slot in memory for the download benchmarks, which also records the download's progress
 * over time: after each block that brings new bytes, the time since {@link #start} and the bytes received so far
 * (the plots' curves). Flash timing is not modelled, so what is measured is the link and the protocol. Its
 * progress store keeps nothing: a benchmark download never resumes. Thread-safe: the downloader writes from its
 * scheduler's threads.
 */
final class MemorySlot implements BlockSink {

    /** One point of a progress curve: {@code bytes} received {@code nanos} after the start. */
    record Point(long nanos, long bytes) {
    }

    /** A {@link ProgressStore} that keeps nothing. */
    static final ProgressStore NO_PROGRESS = new ProgressStore() {
        @Override
        public Optional<DownloadProgress> load() {
            return Optional.empty();
        }

        @Override
        public void save(DownloadProgress progress) {
        }

        @Override
        public void clear() {
        }
    };

    private final byte[] slot;
    private final BitSet written;
    private final List<Point> trace = new ArrayList<>();
    private long received;
    private long start;

    MemorySlot(int capacity) {
        this.slot = new byte[capacity];
        this.written = new BitSet(capacity);
    }

    /** Marks the start of the download: the trace's time zero. */
    synchronized void start(long nanoTime) {
        start = nanoTime;
        trace.clear();
        trace.add(new Point(0, 0));
    }

    @Override
    public long capacity() {
        return slot.length;
    }

    @Override
    public synchronized void write(long offset, ByteBuffer data) throws OutOfStorageException {
        int length = data.remaining();
        if (offset < 0 || offset + length > slot.length) {
            throw new OutOfStorageException("a write of " + length + " bytes at " + offset + " does not fit "
                    + slot.length);
        }
        int fresh = length - written.get((int) offset, (int) offset + length).cardinality();
        data.get(slot, (int) offset, length);
        written.set((int) offset, (int) offset + length);
        if (fresh > 0) {
            received += fresh;
            trace.add(new Point(System.nanoTime() - start, received));
        }
    }

    @Override
    public void flush() {
    }

    @Override
    public synchronized void reset() {
        Arrays.fill(slot, (byte) 0);
        written.clear();
        received = 0;
    }

    /** The first {@code length} bytes written. */
    synchronized byte[] content(int length) {
        return Arrays.copyOf(slot, length);
    }

    synchronized List<Point> trace() {
        return List.copyOf(trace);
    }
}
