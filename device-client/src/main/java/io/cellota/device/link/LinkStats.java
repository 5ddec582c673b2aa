package io.cellota.device.link;

import java.util.Objects;

/**
 * A snapshot of the {@link ImpairmentProxy}'s counters for both directions of one device's link, or
 * summed over every device.
 *
 * @param uplink device to server
 * @param downlink server to device
 */
public record LinkStats(DirectionStats uplink, DirectionStats downlink) {

    /** No traffic. */
    public static final LinkStats EMPTY = new LinkStats(DirectionStats.EMPTY, DirectionStats.EMPTY);

    public LinkStats {
        Objects.requireNonNull(uplink, "uplink");
        Objects.requireNonNull(downlink, "downlink");
    }

    /** The counters of {@code direction}. */
    public DirectionStats direction(Direction direction) {
        return direction == Direction.UPLINK ? uplink : downlink;
    }

    /** Datagrams received in either direction and not yet forwarded or dropped. */
    public long inFlight() {
        return uplink.inFlight() + downlink.inFlight();
    }

    /** The sum of this snapshot and {@code other}. */
    public LinkStats plus(LinkStats other) {
        return new LinkStats(uplink.plus(other.uplink), downlink.plus(other.downlink));
    }
}
