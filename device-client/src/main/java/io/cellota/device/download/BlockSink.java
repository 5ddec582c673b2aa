package io.cellota.device.download;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Where downloaded bytes land: random-access writes into the secondary slot. Blocks may arrive out of order
 * and are written in place; the same bytes may be written twice (a retried block).
 */
public interface BlockSink {

    /** The most bytes the sink can take: the slot's capacity for an image. */
    long capacity();

    /**
     * Writes {@code data} (position to limit) at {@code offset}.
     *
     * @throws OutOfStorageException when the write does not fit or storage fails for lack of space
     * @throws IOException           on any other storage failure
     */
    void write(long offset, ByteBuffer data) throws IOException;

    /** Makes every write so far durable; called before progress that counts them is persisted. */
    void flush() throws IOException;

    /** Discards everything written (a download restarted from scratch, e.g. after the ETag changed). */
    void reset() throws IOException;
}
