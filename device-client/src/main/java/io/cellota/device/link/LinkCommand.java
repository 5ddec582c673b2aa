package io.cellota.device.link;

import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.NANOSECONDS;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code cellota link}: the {@link ImpairmentProxy} on its own, in front of any UDP server, until interrupted,
 * printing the counters every {@code --stats-every}. Devices send to {@code --listen}; the proxy forwards to
 * {@code --upstream} over the link that {@code --profile} describes ({@link LinkProfile#parse}). The options
 * become one {@link Settings} value, which {@link #settings()} returns without starting anything. See
 * {@code docs/link-profiles.md}.
 */
@Command(name = "link", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run the cellular link emulator, a UDP proxy, in front of a server until interrupted.",
            "Devices send to --listen; the proxy forwards to --upstream over the link --profile describes."})
public final class LinkCommand implements Callable<Integer> {

    /** How long the shutdown hook waits for the last stats line and the sockets to close. */
    private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(2);

    /**
     * What {@code cellota link} runs.
     *
     * @param listen where devices send; port 0 for any free port
     * @param upstream the server the proxy forwards to
     * @param profile the link to emulate
     * @param seed seeds loss, jitter, reorder and duplicate draws
     * @param statsEvery how often a stats line is printed
     */
    public record Settings(InetSocketAddress listen, InetSocketAddress upstream, LinkProfile profile, long seed,
            Duration statsEvery) {
        public Settings {
            Objects.requireNonNull(listen, "listen");
            Objects.requireNonNull(upstream, "upstream");
            Objects.requireNonNull(profile, "profile");
            if (upstream.getPort() == 0) {
                throw new IllegalArgumentException("the upstream needs a port, not 0");
            }
            if (statsEvery == null || statsEvery.isNegative() || statsEvery.isZero()) {
                throw new IllegalArgumentException("the stats interval must be positive, was " + statsEvery);
            }
        }

        /** Starts the proxy these settings describe. */
        public ImpairmentProxy start() throws IOException {
            return ImpairmentProxy.start(listen, upstream, profile, seed);
        }
    }

    @Spec
    CommandSpec spec;

    @Option(names = "--listen", required = true, paramLabel = "HOST:PORT", converter = SocketAddressConverter.class,
            description = "Where devices send: 127.0.0.1:15684, [::1]:15684; port 0 for any free port.")
    InetSocketAddress listen;

    @Option(names = "--upstream", required = true, paramLabel = "HOST:PORT", converter = SocketAddressConverter.class,
            description = "The UDP server to forward to, e.g. 127.0.0.1:5684.")
    InetSocketAddress upstream;

    @Option(names = "--profile", defaultValue = "lte-m", paramLabel = "PROFILE", converter = ProfileConverter.class,
            description = {"A built-in link (lte-m, nb-iot, lte-m-lossy, nb-iot-lossy, loopback), then optional",
                "key=value overrides: nb-iot,loss=0.1,rebind=30s. Keys: down, up, delay, jitter, loss, reorder,",
                "duplicate, queue, mtu, overhead, rebind (default: ${DEFAULT-VALUE})."})
    LinkProfile profile;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "N",
            description = "Seeds loss, jitter, reorder and duplication; same seed, same traffic, same run (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--stats-every", defaultValue = "5s", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "How often to print the counters, e.g. 500ms, 5s, 1min (default: ${DEFAULT-VALUE}).")
    Duration statsEvery;

    /** The proxy settings the options give; starts nothing. */
    public Settings settings() {
        try {
            return new Settings(listen, upstream, profile, seed, statsEvery);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }

    @Override
    public Integer call() throws Exception {
        Settings settings = settings();
        PrintWriter out = spec.commandLine().getOut();
        CountDownLatch stop = new CountDownLatch(1);
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stop.countDown();
            awaitQuietly(stopped);
        }, "cellota-link-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try (ImpairmentProxy proxy = settings.start()) {
            out.printf("link: listening on %s, forwarding to %s, profile %s, seed %d%n", hostPort(proxy.address()),
                    hostPort(proxy.upstream()), proxy.profile().toText(), settings.seed());
            out.flush();
            long startNanos = System.nanoTime();
            try {
                while (!stop.await(settings.statsEvery().toNanos(), NANOSECONDS)) {
                    out.println(statsLine(Duration.ofNanos(System.nanoTime() - startNanos), proxy.devices().size(),
                            proxy.stats()));
                    out.flush();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            out.println("link stopped: " + statsLine(Duration.ofNanos(System.nanoTime() - startNanos),
                    proxy.devices().size(), proxy.stats()));
            out.flush();
        } finally {
            stopped.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is shutting down: the hook is what stopped us
            }
        }
        return 0;
    }

    /**
     * One line of counters, cumulative since the start: datagrams and payload bytes per direction, drops by
     * reason, and NAT rebindings, e.g. {@code t=5s devices=1 rebinds=0 | up received=3/12B forwarded=3/12B
     * duplicated=0/0B dropped=0 (loss=0 queue=0 mtu=0 blackout=0 undeliverable=0) in-flight=0 | down ...}.
     */
    static String statsLine(Duration elapsed, int devices, LinkStats stats) {
        return "t=" + elapsed.toSeconds() + "s devices=" + devices + " rebinds=" + stats.rebinds()
                + " | up " + directionLine(stats.uplink()) + " | down " + directionLine(stats.downlink());
    }

    /** {@code ip:port} ({@code host:port} if unresolved), an IPv6 address in brackets; never a name lookup. */
    static String hostPort(InetSocketAddress address) {
        String host = address.isUnresolved() ? address.getHostString() : address.getAddress().getHostAddress();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
    }

    /**
     * Reads {@code HOST:PORT}: {@code 127.0.0.1:5684}, {@code localhost:5684}, {@code [::1]:5684}.
     *
     * @throws IllegalArgumentException saying what is wrong: no port, a bad port, an IPv6 address without
     *     brackets, an unknown host
     */
    static InetSocketAddress socketAddress(String text) {
        String value = text.strip();
        int colon = value.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("'" + text + "' has no port; write HOST:PORT, e.g. 127.0.0.1:5684");
        }
        String host = value.substring(0, colon);
        String port = value.substring(colon + 1);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.contains(":") || host.contains("[") || host.contains("]")) {
            throw new IllegalArgumentException("'" + text + "': write an IPv6 address in brackets, e.g. [::1]:5684");
        }
        if (host.isEmpty()) {
            throw new IllegalArgumentException("'" + text + "' has no host; write HOST:PORT, e.g. 127.0.0.1:5684");
        }
        int portNumber = port.matches("\\d{1,5}") ? Integer.parseInt(port) : -1;
        if (portNumber < 0 || portNumber > 65_535) {
            throw new IllegalArgumentException("'" + text + "': the port must be a number 0..65535, was '" + port + "'");
        }
        try {
            return new InetSocketAddress(InetAddress.getByName(host), portNumber);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("'" + text + "': unknown host '" + host + "'");
        }
    }

    private static String directionLine(DirectionStats stats) {
        StringBuilder line = new StringBuilder()
                .append("received=").append(stats.received()).append('/').append(stats.receivedBytes()).append('B')
                .append(" forwarded=").append(stats.forwarded()).append('/').append(stats.forwardedBytes()).append('B')
                .append(" duplicated=").append(stats.duplicated()).append('/').append(stats.duplicatedBytes()).append('B')
                .append(" dropped=").append(stats.droppedTotal()).append(" (");
        for (DropReason reason : DropReason.values()) {
            line.append(reason.ordinal() == 0 ? "" : " ").append(reason.name().toLowerCase(Locale.ROOT))
                    .append('=').append(stats.dropped(reason));
        }
        return line.append(") in-flight=").append(stats.inFlight()).toString();
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(SHUTDOWN_GRACE.toMillis(), MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** {@code --listen} and {@code --upstream}: {@link #socketAddress(String)}. */
    public static final class SocketAddressConverter implements ITypeConverter<InetSocketAddress> {
        @Override
        public InetSocketAddress convert(String value) {
            try {
                return socketAddress(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** {@code --profile}: {@link LinkProfile#parse(String)}. */
    public static final class ProfileConverter implements ITypeConverter<LinkProfile> {
        @Override
        public LinkProfile convert(String value) {
            try {
                return LinkProfile.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** {@code --stats-every}: a duration as the profile text writes one ({@code 500ms}, {@code 5s}, {@code 1min}). */
    public static final class DurationConverter implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            try {
                return LinkQuantities.duration(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
