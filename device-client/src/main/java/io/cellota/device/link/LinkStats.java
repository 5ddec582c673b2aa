package io.cellota.device.link;

import java.util.Objects;

/**
 * A snapshot of the {@link ImpairmentProxy}'s counters for both directions of one device's link, or
 * summed over every device.
 *
 * @param uplink device to server
 * @param downlink server to device
 * @param rebinds NAT rebindings: how many times the device's mapping moved to a new upstream source port,
 *     periodically ({@link LinkProfile#natRebindInterval()}) or on demand ({@link ImpairmentProxy#rebind})
 */
public record LinkStats(DirectionStats uplink, DirectionStats downlink, long rebinds) {

    /** No traffic. */
    public static final LinkStats EMPTY = new LinkStats(DirectionStats.EMPTY, DirectionStats.EMPTY, 0);

    public LinkStats {
        Objects.requireNonNull(uplink, "uplink");
        Objects.requireNonNull(downlink, "downlink");
        if (rebinds < 0) {
            throw new IllegalArgumentException("rebinds must not be negative, was " + rebinds);
        }
    }

    /** Traffic without rebindings. */
    public LinkStats(DirectionStats uplink, DirectionStats downlink) {
        this(uplink, downlink, 0);
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
        return new LinkStats(uplink.plus(other.uplink), downlink.plus(other.downlink), rebinds + other.rebinds);
    }
}
