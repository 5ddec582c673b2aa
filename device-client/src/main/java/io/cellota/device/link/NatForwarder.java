package io.cellota.device.link;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.time.Duration;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link ImpairmentProxy}'s data path, run by its {@link EventLoop}: maps each device address to its
 * own upstream socket (a NAT binding), admits every datagram through that device's {@link LinkScheduler},
 * and delivers or drops it when its release time comes, counting each outcome. When the profile has a
 * {@linkplain LinkProfile#natRebindInterval() NAT rebinding interval}, a loop timer per device moves its
 * binding to a new upstream port on the schedule its {@link NatBinding} keeps. Only the loop thread calls
 * its methods, except the thread-safe {@link #clients()}, {@link #profile()} and {@link #linkUp()}.
 */
final class NatForwarder {

    private static final Logger LOG = LoggerFactory.getLogger(NatForwarder.class);
    /** Larger than any UDP payload, so no datagram is truncated on receipt. */
    private static final int RECEIVE_BUFFER = 65_536;
    private static final int SOCKET_BUFFER_BYTES = 1 << 20;
    private static final int READ_BURST = 64;

    private final EventLoop loop;
    private final DatagramChannel listen;
    private final InetSocketAddress address;
    private final InetSocketAddress upstream;
    private final SplittableRandom random;
    private final int maxClients;
    private final Map<InetSocketAddress, ClientLink> clients = new ConcurrentHashMap<>();
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(RECEIVE_BUFFER);
    private volatile LinkProfile profile;
    private volatile boolean linkUp = true;
    private long epoch;

    /** Registers {@code listen} with {@code loop}; call before the loop starts. */
    NatForwarder(EventLoop loop, DatagramChannel listen, InetSocketAddress upstream, LinkProfile profile, long seed,
            int maxClients) throws IOException {
        this.loop = loop;
        this.listen = listen;
        this.address = (InetSocketAddress) listen.getLocalAddress();
        this.upstream = upstream;
        this.profile = profile;
        this.random = new SplittableRandom(seed);
        this.maxClients = maxClients;
        loop.register(listen, key -> onDeviceReadable());
    }

    Map<InetSocketAddress, ClientLink> clients() {
        return clients;
    }

    LinkProfile profile() {
        return profile;
    }

    boolean linkUp() {
        return linkUp;
    }

    /** A new rebinding interval applies to existing bindings at once, measured from when each began. */
    void setProfile(LinkProfile newProfile) {
        boolean rebindingChanged = !newProfile.natRebindInterval().equals(profile.natRebindInterval());
        profile = newProfile;
        for (ClientLink client : clients.values()) {
            client.setProfile(newProfile);
            if (rebindingChanged) {
                client.binding().intervalChanged();
                scheduleRebinding(client);
            }
        }
    }

    /**
     * NAT rebinding on demand: a new upstream socket now, counted, and the periodic schedule (if any) starts
     * over from this binding. Returns the new source address the server sees.
     */
    InetSocketAddress rebind(ClientLink client) throws IOException {
        attachUpstream(client);
        client.rebound();
        client.binding().reboundAt(loop.nowNanos());
        scheduleRebinding(client);
        return client.upstreamAddress();
    }

    /** Going down drops everything on the link (by epoch) and flushes every buffer. */
    void setLinkUp(boolean up) {
        if (up == linkUp) {
            return;
        }
        if (!up) {
            epoch++;
            clients.values().forEach(ClientLink::reset);
        }
        linkUp = up;
        LOG.info("proxy {}: link {}", address, up ? "up" : "down");
    }

    /** Opens the new socket before closing the old one, so the port always changes. */
    void attachUpstream(ClientLink client) throws IOException {
        InetAddress upstreamHost = upstream.getAddress();
        DatagramChannel channel = openChannel(familyOf(upstreamHost),
                upstreamHost.isLoopbackAddress() ? new InetSocketAddress(upstreamHost, 0) : null);
        try {
            SelectionKey key = loop.register(channel, selected -> onUpstreamReadable(client, selected));
            client.attach(channel, key);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private void onDeviceReadable() throws IOException {
        for (int i = 0; i < READ_BURST; i++) {
            InetSocketAddress from = (InetSocketAddress) listen.receive(buffer.clear());
            if (from == null) {
                return;
            }
            ClientLink client = clients.get(from);
            if (client == null) {
                client = map(from);
            }
            if (client != null) {
                admit(client, Direction.UPLINK, payload());
            }
        }
    }

    private void onUpstreamReadable(ClientLink client, SelectionKey key) throws IOException {
        DatagramChannel channel = (DatagramChannel) key.channel();
        for (int i = 0; i < READ_BURST; i++) {
            InetSocketAddress from = (InetSocketAddress) channel.receive(buffer.clear());
            if (from == null) {
                return;
            }
            if (upstream.equals(from)) {
                admit(client, Direction.DOWNLINK, payload());
            } else {
                LOG.trace("ignoring a datagram from {}: not the upstream", from);
            }
        }
    }

    private ClientLink map(InetSocketAddress device) {
        if (clients.size() >= maxClients) {
            LOG.warn("proxy {} already maps {} devices; ignoring {}", address, maxClients, device);
            return null;
        }
        ClientLink client = new ClientLink(device, profile, random.split(), loop.nowNanos());
        try {
            attachUpstream(client);
        } catch (IOException e) {
            LOG.warn("no upstream socket for {}; ignoring its datagram", device, e);
            return null;
        }
        clients.put(device, client);
        scheduleRebinding(client);
        LOG.debug("device {} mapped to upstream {}", device, client.upstreamAddress());
        return client;
    }

    /** Sets a timer for the binding's next periodic move, if the profile rebinds. */
    private void scheduleRebinding(ClientLink client) {
        NatBinding binding = client.binding();
        long generation = binding.generation();
        binding.dueNanos(profile.natRebindInterval(), loop.nowNanos())
                .ifPresent(at -> loop.schedule(at, () -> rebindPeriodically(client, generation)));
    }

    /** A timer set for {@code generation}: stale if the binding or the interval changed since. */
    private void rebindPeriodically(ClientLink client, long generation) {
        NatBinding binding = client.binding();
        if (generation != binding.generation() || profile.natRebindInterval().isEmpty()) {
            return;
        }
        Duration interval = profile.natRebindInterval().get();
        InetSocketAddress before = client.upstreamAddress();
        try {
            attachUpstream(client);
            client.rebound();
            LOG.debug("proxy {}: device {} rebound from {} to {} (every {})", address, client.address, before,
                    client.upstreamAddress(), interval);
        } catch (IOException e) {
            LOG.warn("proxy {}: no new upstream socket for {}; it keeps {} for another {}", address, client.address,
                    before, interval, e);
        }
        binding.reboundPeriodically(interval, loop.nowNanos());
        scheduleRebinding(client);
    }

    private void admit(ClientLink client, Direction direction, byte[] payload) {
        client.counters(direction).received(payload.length);
        if (!linkUp) {
            drop(client, direction, payload, DropReason.BLACKOUT);
            return;
        }
        LinkScheduler.Verdict verdict = client.scheduler(direction).offer(loop.nowNanos(), payload.length);
        if (verdict instanceof LinkScheduler.Drop drop) {
            drop(client, direction, payload, drop.reason());
            return;
        }
        LinkScheduler.Forward forward = (LinkScheduler.Forward) verdict;
        Parcel parcel = new Parcel(client, direction, payload, epoch);
        if (forward.heldBack()) {
            client.hold(parcel);
        }
        loop.schedule(forward.releaseNanos(), () -> deliver(parcel, false));
        Parcel held = forward.releasesHeld() ? client.takeHeld(direction) : null;
        if (held != null) {
            loop.schedule(forward.releaseNanos(), () -> deliver(held, false));
        }
        forward.duplicateReleaseNanos().ifPresent(at -> loop.schedule(at, () -> deliver(parcel, true)));
    }

    /** Sends {@code parcel} on; a {@code copy} is counted as a duplicate, and its failures not at all. */
    private void deliver(Parcel parcel, boolean copy) {
        if (!copy && !parcel.settle()) {
            return;
        }
        DirectionCounters counters = parcel.client.counters(parcel.direction);
        if (!linkUp || parcel.epoch != epoch) {
            if (!copy) {
                drop(parcel.client, parcel.direction, parcel.payload, DropReason.BLACKOUT);
            }
            return;
        }
        boolean sent = send(parcel);
        if (sent && copy) {
            counters.duplicated(parcel.payload.length);
        } else if (sent) {
            counters.forwarded(parcel.payload.length);
            LOG.trace("{} {}: forwarded {} bytes", parcel.client.address, parcel.direction, parcel.payload.length);
        } else if (!copy) {
            drop(parcel.client, parcel.direction, parcel.payload, DropReason.UNDELIVERABLE);
        }
    }

    private boolean send(Parcel parcel) {
        ByteBuffer datagram = ByteBuffer.wrap(parcel.payload);
        try {
            if (parcel.direction == Direction.UPLINK) {
                parcel.client.upstream().send(datagram, upstream);
            } else {
                listen.send(datagram, parcel.client.address);
            }
            return !datagram.hasRemaining();
        } catch (IOException | RuntimeException e) {
            LOG.debug("{} {}: sending failed: {}", parcel.client.address, parcel.direction, e.toString());
            return false;
        }
    }

    private void drop(ClientLink client, Direction direction, byte[] payload, DropReason reason) {
        client.counters(direction).dropped(reason, payload.length);
        LOG.debug("{} {}: dropped {} bytes ({})", client.address, direction, payload.length, reason);
    }

    private byte[] payload() {
        buffer.flip();
        byte[] payload = new byte[buffer.remaining()];
        buffer.get(payload);
        return payload;
    }

    /** A non-blocking channel bound to {@code bindAddress}, or to an ephemeral wildcard port when null. */
    static DatagramChannel openChannel(ProtocolFamily family, InetSocketAddress bindAddress) throws IOException {
        DatagramChannel channel = DatagramChannel.open(family);
        try {
            channel.setOption(StandardSocketOptions.SO_RCVBUF, SOCKET_BUFFER_BYTES);
            channel.setOption(StandardSocketOptions.SO_SNDBUF, SOCKET_BUFFER_BYTES);
            channel.configureBlocking(false);
            channel.bind(bindAddress);
            return channel;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    static ProtocolFamily familyOf(InetAddress host) {
        return host instanceof Inet4Address ? StandardProtocolFamily.INET : StandardProtocolFamily.INET6;
    }
}
