package io.cellota.device.link;

import java.util.EnumMap;
import java.util.Map;

/**
 * The live counters behind one {@link DirectionStats}: written by the proxy's event loop, snapshotted by
 * any thread. One lock, so every snapshot is consistent: {@code received == forwarded + dropped + in flight}.
 */
final class DirectionCounters {

    private final long[] drops = new long[DropReason.values().length];
    private final long[] dropBytes = new long[DropReason.values().length];
    private long received;
    private long receivedBytes;
    private long forwarded;
    private long forwardedBytes;
    private long duplicated;
    private long duplicatedBytes;

    synchronized void received(int bytes) {
        received++;
        receivedBytes += bytes;
    }

    synchronized void forwarded(int bytes) {
        forwarded++;
        forwardedBytes += bytes;
    }

    synchronized void duplicated(int bytes) {
        duplicated++;
        duplicatedBytes += bytes;
    }

    synchronized void dropped(DropReason reason, int bytes) {
        drops[reason.ordinal()]++;
        dropBytes[reason.ordinal()] += bytes;
    }

    synchronized DirectionStats snapshot() {
        Map<DropReason, Long> dropsByReason = new EnumMap<>(DropReason.class);
        Map<DropReason, Long> dropBytesByReason = new EnumMap<>(DropReason.class);
        for (DropReason reason : DropReason.values()) {
            dropsByReason.put(reason, drops[reason.ordinal()]);
            dropBytesByReason.put(reason, dropBytes[reason.ordinal()]);
        }
        return new DirectionStats(received, receivedBytes, forwarded, forwardedBytes, duplicated, duplicatedBytes,
                dropsByReason, dropBytesByReason);
    }
}
