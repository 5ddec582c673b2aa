package io.cellota.device.link;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * A snapshot of the {@link ImpairmentProxy}'s counters for one direction (of one device, or summed over
 * all). Byte counts are UDP payload bytes, exactly as received; add {@link LinkProfile#overheadBytes()}
 * per datagram for wire bytes.
 *
 * <p>Every received datagram ends up either forwarded or dropped for one {@link DropReason}; until it
 * does it is {@linkplain #inFlight() in flight}, so {@code received == forwarded + droppedTotal + inFlight}
 * holds in every snapshot. Duplicates are extra copies delivered on top of the forwarded originals.
 *
 * @param received datagrams that arrived at the proxy in this direction
 * @param receivedBytes their payload bytes
 * @param forwarded datagrams delivered onwards (originals only)
 * @param forwardedBytes their payload bytes
 * @param duplicated extra copies delivered
 * @param duplicatedBytes their payload bytes
 * @param drops dropped datagrams by reason, every reason present
 * @param dropBytes payload bytes of the dropped datagrams by reason, every reason present
 */
public record DirectionStats(
        long received,
        long receivedBytes,
        long forwarded,
        long forwardedBytes,
        long duplicated,
        long duplicatedBytes,
        Map<DropReason, Long> drops,
        Map<DropReason, Long> dropBytes) {

    /** No traffic. */
    public static final DirectionStats EMPTY = new DirectionStats(0, 0, 0, 0, 0, 0, Map.of(), Map.of());

    public DirectionStats {
        requireNonNegative(received, receivedBytes, forwarded, forwardedBytes, duplicated, duplicatedBytes);
        drops = complete(drops);
        dropBytes = complete(dropBytes);
    }

    /** Datagrams dropped for {@code reason}. */
    public long dropped(DropReason reason) {
        return drops.get(reason);
    }

    /** Payload bytes dropped for {@code reason}. */
    public long droppedBytes(DropReason reason) {
        return dropBytes.get(reason);
    }

    /** Datagrams dropped for any reason. */
    public long droppedTotal() {
        return drops.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Payload bytes dropped for any reason. */
    public long droppedBytesTotal() {
        return dropBytes.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Datagrams received but not yet forwarded or dropped: queued, propagating or held back. */
    public long inFlight() {
        return received - forwarded - droppedTotal();
    }

    /** Datagrams that came out of the link, copies included. */
    public long delivered() {
        return forwarded + duplicated;
    }

    /** Payload bytes that came out of the link, copies included. */
    public long deliveredBytes() {
        return forwardedBytes + duplicatedBytes;
    }

    /** The sum of this snapshot and {@code other}. */
    public DirectionStats plus(DirectionStats other) {
        Map<DropReason, Long> sumDrops = new EnumMap<>(DropReason.class);
        Map<DropReason, Long> sumDropBytes = new EnumMap<>(DropReason.class);
        for (DropReason reason : DropReason.values()) {
            sumDrops.put(reason, dropped(reason) + other.dropped(reason));
            sumDropBytes.put(reason, droppedBytes(reason) + other.droppedBytes(reason));
        }
        return new DirectionStats(received + other.received, receivedBytes + other.receivedBytes,
                forwarded + other.forwarded, forwardedBytes + other.forwardedBytes,
                duplicated + other.duplicated, duplicatedBytes + other.duplicatedBytes, sumDrops, sumDropBytes);
    }

    private static Map<DropReason, Long> complete(Map<DropReason, Long> byReason) {
        Objects.requireNonNull(byReason, "drops by reason");
        Map<DropReason, Long> copy = new EnumMap<>(DropReason.class);
        for (DropReason reason : DropReason.values()) {
            long count = byReason.getOrDefault(reason, 0L);
            requireNonNegative(count);
            copy.put(reason, count);
        }
        return Collections.unmodifiableMap(copy);
    }

    private static void requireNonNegative(long... counts) {
        for (long count : counts) {
            if (count < 0) {
                throw new IllegalArgumentException("counts must not be negative, was " + count);
            }
        }
    }
}
