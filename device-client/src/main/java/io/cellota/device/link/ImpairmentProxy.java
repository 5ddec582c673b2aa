package io.cellota.device.link;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A user-space UDP proxy that makes a loopback path behave like a cellular link: devices send to
 * {@link #address()}, the proxy forwards to one upstream server, and each direction of each device's
 * link is impaired by its own {@link LinkScheduler} (rate, bottleneck buffer, delay, jitter, loss,
 * reorder, duplication, MTU). Like a NAT, it gives each device source address its own upstream socket, so
 * the server tells devices apart by port; {@link #rebind} moves a device to a fresh port, and a profile
 * with a {@linkplain LinkProfile#natRebindInterval() NAT rebinding interval} moves every device that often.
 *
 * <p>One event-loop thread per proxy does all socket I/O and scheduling; the public methods are
 * thread-safe and return once the loop has applied them. Randomness is a {@link SplittableRandom} seeded
 * by the caller and split per device in order of first contact, so runs with the same seed and the same
 * traffic are reproducible. Counters are exact: see {@link DirectionStats}. Payloads are never inspected,
 * so garbage is forwarded like anything else. See {@code docs/link-profiles.md}.
 */
public final class ImpairmentProxy implements AutoCloseable {

    /** The most devices one proxy maps; datagrams from further source addresses are ignored. */
    public static final int MAX_DEVICES = 4096;

    private static final Logger LOG = LoggerFactory.getLogger(ImpairmentProxy.class);

    private final EventLoop loop;
    private final NatForwarder forwarder;
    private final InetSocketAddress address;
    private final InetSocketAddress upstream;
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Counts link-state commands, so a blackout's end yields to any later command. Loop thread only. */
    private long linkCommand;

    private ImpairmentProxy(EventLoop loop, NatForwarder forwarder, InetSocketAddress address,
            InetSocketAddress upstream) {
        this.loop = loop;
        this.forwarder = forwarder;
        this.address = address;
        this.upstream = upstream;
    }

    /** Starts a proxy on an ephemeral loopback port in front of {@code upstream}. */
    public static ImpairmentProxy start(InetSocketAddress upstream, LinkProfile profile, long seed) throws IOException {
        return start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), upstream, profile, seed);
    }

    /** Starts a proxy listening on {@code listenAddress} (port 0 for ephemeral) in front of {@code upstream}. */
    public static ImpairmentProxy start(InetSocketAddress listenAddress, InetSocketAddress upstream, LinkProfile profile,
            long seed) throws IOException {
        if (listenAddress == null || listenAddress.isUnresolved()) {
            throw new IllegalArgumentException("the listen address must be resolved, was " + listenAddress);
        }
        if (upstream == null || upstream.isUnresolved()) {
            throw new IllegalArgumentException("the upstream must be a resolved address, was " + upstream);
        }
        Objects.requireNonNull(profile, "profile");
        DatagramChannel listen =
                NatForwarder.openChannel(NatForwarder.familyOf(listenAddress.getAddress()), listenAddress);
        InetSocketAddress address = (InetSocketAddress) listen.getLocalAddress();
        EventLoop loop;
        NatForwarder forwarder;
        try {
            loop = new EventLoop("impairment-proxy-" + address.getPort());
            forwarder = new NatForwarder(loop, listen, upstream, profile, seed, MAX_DEVICES);
        } catch (IOException | RuntimeException e) {
            listen.close();
            throw e;
        }
        loop.start();
        LOG.info("impairment proxy listening on {}, forwarding to {}, profile {}, seed {}",
                address, upstream, profile.name(), seed);
        return new ImpairmentProxy(loop, forwarder, address, upstream);
    }

    /** Where devices send: the proxy's listening address. */
    public InetSocketAddress address() {
        return address;
    }

    /** The server the proxy forwards to. */
    public InetSocketAddress upstream() {
        return upstream;
    }

    /** The profile applied to datagrams arriving now. */
    public LinkProfile profile() {
        return forwarder.profile();
    }

    /**
     * Applies {@code profile} to every device's link, for datagrams arriving from now on. A new NAT
     * rebinding interval applies to the existing bindings at once, each measured from when it began.
     */
    public void setProfile(LinkProfile profile) {
        Objects.requireNonNull(profile, "profile");
        loop.call(() -> {
            forwarder.setProfile(profile);
            LOG.info("proxy {} now emulates {}", address, profile.name());
            return null;
        });
    }

    /** Whether the link is up; while it is down every datagram, both ways, is dropped as a blackout. */
    public boolean linkUp() {
        return forwarder.linkUp();
    }

    /**
     * Brings the link up or takes it down (coverage loss). Taking it down drops everything already on the
     * link and flushes the buffers. Cancels the end of a pending {@link #blackout}.
     */
    public void setLinkUp(boolean up) {
        loop.call(() -> {
            linkCommand++;
            forwarder.setLinkUp(up);
            return null;
        });
    }

    /** Takes the link down now and brings it back after {@code duration}, unless told otherwise before. */
    public void blackout(Duration duration) {
        if (duration == null || duration.isNegative()) {
            throw new IllegalArgumentException("a blackout needs a non-negative duration, was " + duration);
        }
        long durationNanos = duration.toNanos();
        loop.call(() -> {
            long command = ++linkCommand;
            forwarder.setLinkUp(false);
            loop.schedule(loop.nowNanos() + durationNanos, () -> {
                if (command == linkCommand) {
                    forwarder.setLinkUp(true);
                }
            });
            return null;
        });
    }

    /**
     * NAT rebinding: gives {@code device} a fresh upstream socket, so the server sees it arrive from a new
     * port, and closes the old one. Counted in {@link LinkStats#rebinds()}; periodic rebinding, if the
     * profile has it, counts its next interval from now. Returns the new source address the server sees.
     *
     * @throws IllegalArgumentException if no datagram from {@code device} has reached the proxy
     */
    public InetSocketAddress rebind(InetSocketAddress device) {
        return loop.call(() -> {
            ClientLink client = forwarder.clients().get(device);
            if (client == null) {
                throw new IllegalArgumentException("no device has sent from " + device);
            }
            return rebind(client);
        });
    }

    /** {@linkplain #rebind(InetSocketAddress) Rebinds} every device; returns how many. */
    public int rebindAll() {
        return loop.call(() -> {
            for (ClientLink client : forwarder.clients().values()) {
                rebind(client);
            }
            return forwarder.clients().size();
        });
    }

    /** The source address the server sees for {@code device}, once the device has sent a datagram. */
    public Optional<InetSocketAddress> upstreamAddress(InetSocketAddress device) {
        return Optional.ofNullable(forwarder.clients().get(device)).map(ClientLink::upstreamAddress);
    }

    /** The source addresses of the devices that have sent through the proxy. */
    public Set<InetSocketAddress> devices() {
        return Set.copyOf(forwarder.clients().keySet());
    }

    /** The counters summed over every device. */
    public LinkStats stats() {
        return forwarder.clients().values().stream().map(ClientLink::stats).reduce(LinkStats.EMPTY, LinkStats::plus);
    }

    /** The counters of {@code device}'s link, once it has sent a datagram. */
    public Optional<LinkStats> stats(InetSocketAddress device) {
        return Optional.ofNullable(forwarder.clients().get(device)).map(ClientLink::stats);
    }

    /** The counters of every device's link. */
    public Map<InetSocketAddress, LinkStats> statsByDevice() {
        return forwarder.clients().values().stream()
                .collect(Collectors.toUnmodifiableMap(client -> client.address, ClientLink::stats));
    }

    /** Whether the proxy is still forwarding. */
    public boolean isOpen() {
        return !closed.get() && loop.isRunning();
    }

    /** Closes every socket and stops the thread; datagrams still on the link are abandoned. Idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            loop.close();
            LOG.info("impairment proxy {} closed; {}", address, stats());
        }
    }

    private InetSocketAddress rebind(ClientLink client) throws IOException {
        InetSocketAddress before = client.upstreamAddress();
        forwarder.rebind(client);
        LOG.info("proxy {}: device {} rebound from {} to {}", address, client.address, before, client.upstreamAddress());
        return client.upstreamAddress();
    }
}
