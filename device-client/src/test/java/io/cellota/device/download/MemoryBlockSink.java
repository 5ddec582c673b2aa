package io.cellota.device.download;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A {@link BlockSink} in memory for tests: a slot of fixed capacity that records every write's offset in
 * order, and counts flushes and resets. Thread-safe.
 */
public final class MemoryBlockSink implements BlockSink {

    private final byte[] slot;
    private final List<Long> writes = new ArrayList<>();
    private long end;
    private int flushes;
    private int resets;

    public MemoryBlockSink(int capacity) {
        this.slot = new byte[capacity];
    }

    @Override
    public long capacity() {
        return slot.length;
    }

    @Override
    public synchronized void write(long offset, ByteBuffer data) throws OutOfStorageException {
        int length = data.remaining();
        if (offset < 0 || offset + length > slot.length) {
            throw new OutOfStorageException("write of " + length + " bytes at " + offset + " exceeds " + slot.length);
        }
        data.get(slot, (int) offset, length);
        writes.add(offset);
        end = Math.max(end, offset + length);
    }

    @Override
    public synchronized void flush() {
        flushes++;
    }

    @Override
    public synchronized void reset() {
        Arrays.fill(slot, (byte) 0);
        end = 0;
        resets++;
    }

    /** The bytes from 0 to the end of the furthest write. */
    public synchronized byte[] content() {
        return Arrays.copyOf(slot, (int) end);
    }

    /** The offsets written, in the order of the writes. */
    public synchronized List<Long> writes() {
        return List.copyOf(writes);
    }

    public synchronized int flushes() {
        return flushes;
    }

    public synchronized int resets() {
        return resets;
    }
}
