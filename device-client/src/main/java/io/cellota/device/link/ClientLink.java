package io.cellota.device.link;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.util.EnumMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One device's mapping through the {@link ImpairmentProxy}, like a NAT binding: the device's own upstream
 * socket (whose port the server sees), a {@link LinkScheduler} and counters per direction, and the
 * datagram held back for reordering in each direction. Each device has its own link, as each cellular
 * device has its own radio bearer. Event loop thread only, except the counters and the upstream address.
 */
final class ClientLink {

    final InetSocketAddress address;
    private final Map<Direction, LinkScheduler> schedulers = new EnumMap<>(Direction.class);
    private final Map<Direction, DirectionCounters> counters = new EnumMap<>(Direction.class);
    private final Map<Direction, Parcel> held = new EnumMap<>(Direction.class);
    private final NatBinding binding;
    private final AtomicLong rebinds = new AtomicLong();
    private DatagramChannel upstream;
    private SelectionKey upstreamKey;
    private volatile InetSocketAddress upstreamAddress;

    /**
     * {@code random} is split once per direction, uplink first, so each direction draws its own stream;
     * {@code mappedAtNanos} is when the device's first NAT binding begins.
     */
    ClientLink(InetSocketAddress address, LinkProfile profile, SplittableRandom random, long mappedAtNanos) {
        this.address = address;
        this.binding = new NatBinding(mappedAtNanos);
        for (Direction direction : Direction.values()) {
            schedulers.put(direction, new LinkScheduler(direction, profile, random.split()));
            counters.put(direction, new DirectionCounters());
        }
    }

    LinkScheduler scheduler(Direction direction) {
        return schedulers.get(direction);
    }

    DirectionCounters counters(Direction direction) {
        return counters.get(direction);
    }

    LinkStats stats() {
        return new LinkStats(counters.get(Direction.UPLINK).snapshot(), counters.get(Direction.DOWNLINK).snapshot(),
                rebinds.get());
    }

    NatBinding binding() {
        return binding;
    }

    /** Counts a NAT rebinding that gave the device a new upstream port. */
    void rebound() {
        rebinds.incrementAndGet();
    }

    void setProfile(LinkProfile profile) {
        schedulers.values().forEach(scheduler -> scheduler.setProfile(profile));
    }

    /** Flushes both directions, as on coverage loss; parcels already scheduled are dropped by their epoch. */
    void reset() {
        schedulers.values().forEach(LinkScheduler::reset);
        held.clear();
    }

    void hold(Parcel parcel) {
        held.put(parcel.direction, parcel);
    }

    /** The parcel held back in {@code direction}, now released; null when none is. */
    Parcel takeHeld(Direction direction) {
        return held.remove(direction);
    }

    DatagramChannel upstream() {
        return upstream;
    }

    /** The local address of the upstream socket: the source address the server sees. */
    InetSocketAddress upstreamAddress() {
        return upstreamAddress;
    }

    /** Switches to {@code channel} and closes the previous upstream socket, if any. */
    void attach(DatagramChannel channel, SelectionKey key) throws IOException {
        DatagramChannel previous = upstream;
        SelectionKey previousKey = upstreamKey;
        upstream = channel;
        upstreamKey = key;
        upstreamAddress = (InetSocketAddress) channel.getLocalAddress();
        if (previous != null) {
            previousKey.cancel();
            previous.close();
        }
    }
}
