package io.cellota.device.download;

import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeSet;

/**
 * The bookkeeping of a block-wise download: which blocks are received, which are outstanding, which wait
 * for a retry, and how often each was retried. Blocks are counted in the current block size; outstanding and
 * waiting blocks are keyed by byte offset, so they survive a late negotiation to a smaller block size
 * (RFC 7959 §2.4), which re-maps the received set. Not thread-safe: the session calls it under its lock.
 */
final class BlockLedger {

    private int blockSize;
    private long total = -1;
    private long endBound = Long.MAX_VALUE;
    private BitSet received = new BitSet();
    private final TreeSet<Long> inFlight = new TreeSet<>();
    private final TreeSet<Long> waiting = new TreeSet<>();
    private final Map<Long, Integer> retries = new HashMap<>();

    BlockLedger(int blockSize) {
        this.blockSize = blockSize;
    }

    /** The ledger of persisted {@code progress}, in blocks of at most {@code maxBlockSize}. */
    static BlockLedger of(DownloadProgress progress, int maxBlockSize) {
        BlockLedger ledger = new BlockLedger(progress.blockSize());
        progress.totalSize().ifPresent(size -> ledger.total = size);
        ledger.received = progress.received();
        if (maxBlockSize < ledger.blockSize) {
            ledger.shrink(maxBlockSize);
        }
        return ledger;
    }

    int blockSize() {
        return blockSize;
    }

    OptionalLong total() {
        return total < 0 ? OptionalLong.empty() : OptionalLong.of(total);
    }

    /** Sets the resource's size (from Size2, or the last block); a different known size is a broken contract. */
    void total(long size) {
        if (total >= 0 && total != size) {
            throw new IllegalArgumentException("size already known as " + total + ", now " + size);
        }
        total = size;
    }

    /** Re-counts everything in blocks of {@code newSize} (a smaller power of two). */
    void shrink(int newSize) {
        if (newSize >= blockSize || blockSize % newSize != 0) {
            throw new IllegalArgumentException("can only shrink " + blockSize + " to a smaller power of two, not "
                    + newSize);
        }
        int factor = blockSize / newSize;
        BitSet remapped = new BitSet();
        for (int block = received.nextSetBit(0); block >= 0; block = received.nextSetBit(block + 1)) {
            long end = (long) (block + 1) * factor;
            if (total >= 0) {
                end = Math.min(end, (total + newSize - 1) / newSize);
            }
            remapped.set(block * factor, Math.toIntExact(end));
        }
        received = remapped;
        blockSize = newSize;
    }

    /** Marks every block within {@code [offset, offset + length)} received (a block ending at the end counts). */
    void received(long offset, int length) {
        long end = offset + length;
        for (long block = offset / blockSize; (block + 1) * blockSize <= end
                || (total >= 0 && block * blockSize < total && end >= total); block++) {
            received.set(Math.toIntExact(block));
        }
    }

    int receivedBlocks() {
        return received.cardinality();
    }

    boolean isReceived(long offset) {
        return received.get(Math.toIntExact(offset / blockSize));
    }

    /** The offset of the lowest block that is neither received, outstanding nor waiting, below the end. */
    OptionalLong next() {
        for (int block = received.nextClearBit(0); ; block = received.nextClearBit(block + 1)) {
            long offset = (long) block * blockSize;
            if ((total >= 0 && offset >= total) || offset >= endBound) {
                return OptionalLong.empty();
            }
            if (!inFlight.contains(offset) && !waiting.contains(offset)) {
                return OptionalLong.of(offset);
            }
        }
    }

    void sending(long offset) {
        waiting.remove(offset);
        inFlight.add(offset);
    }

    /** The request for {@code offset} is answered or given up. */
    void settled(long offset) {
        inFlight.remove(offset);
    }

    /** The block at {@code offset} waits for a retry; returns how many retries it has had, this one included. */
    int retry(long offset) {
        inFlight.remove(offset);
        waiting.add(offset);
        return retries.merge(offset, 1, Integer::sum);
    }

    /** The retry timer of {@code offset} fired: it may be requested again. */
    void ready(long offset) {
        waiting.remove(offset);
    }

    /** The server said nothing exists at {@code offset} (4.02 while the size is unknown). */
    void endsBefore(long offset) {
        endBound = Math.min(endBound, offset);
    }

    int outstanding() {
        return inFlight.size();
    }

    /** Blocks waiting for a retry timer: they hold their place in the window. */
    int waiting() {
        return waiting.size();
    }

    /** The offset of the last block (0 while the size is unknown): what a resume of a complete download asks. */
    long lastBlockOffset() {
        return total <= 0 ? 0 : (total - 1) / blockSize * blockSize;
    }

    boolean complete() {
        return total >= 0 && received.nextClearBit(0) >= (total + blockSize - 1) / blockSize;
    }

    /** Forgets everything but the block size: the resource changed and the download starts over. */
    void clear() {
        total = -1;
        endBound = Long.MAX_VALUE;
        received = new BitSet();
        inFlight.clear();
        waiting.clear();
        retries.clear();
    }

    DownloadProgress progress(String uri, Optional<byte[]> etag) {
        return new DownloadProgress(uri, etag, total < 0 ? Optional.empty() : Optional.of(total), blockSize,
                received);
    }
}
