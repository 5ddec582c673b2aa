package io.cellota.server.bench;

import io.cellota.device.download.CoapDownloadEndpoints;
import io.cellota.device.download.CoapDownloader;
import io.cellota.device.download.DownloadOptions;
import io.cellota.device.download.DownloadListener;
import io.cellota.device.download.DownloadOutcome;
import io.cellota.device.link.DirectionStats;
import io.cellota.device.link.DropReason;
import io.cellota.device.link.ImpairmentProxy;
import io.cellota.device.link.LinkProfile;
import io.cellota.device.link.LinkStats;
import io.cellota.device.lwm2m.CoapTiming;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.dtls.cipher.CipherSuite;

/**
 * One download of one package by the device's own downloader ({@link CoapDownloader}) on a fresh device
 * endpoint, through a fresh {@link ImpairmentProxy} with the given link profile and seed. Before the clock
 * starts the device sets up its session with one request for {@code /fw} (answered 4.04): over CoAPs that is the
 * DTLS handshake, which a device updating over its LwM2M session has already done. The time is from the
 * download's start to its outcome; the byte counts are the proxy's, taken once the link is quiet. The
 * downloaded bytes are compared with the package: a download that is not byte-exact fails the run.
 */
final class DownloadRun {

    /** The longest the session setup may take (a DTLS handshake over a lossy NB-IoT link). */
    static final Duration SETUP_TIMEOUT = Duration.ofMinutes(3);

    /**
     * What one download measured.
     *
     * @param seconds  from the download's start to its outcome
     * @param setup    the link's counters for the session setup (handshake and one small exchange)
     * @param transfer the link's counters for the download alone
     * @param trace    bytes received over time
     */
    record Measurement(double seconds, LinkStats setup, LinkStats transfer, List<MemorySlot.Point> trace) {

        /** UDP payload bytes of the download, both ways. */
        long udpBytes() {
            return transfer.uplink().receivedBytes() + transfer.downlink().receivedBytes();
        }
    }

    /** What the device uses: the executors its endpoints and downloaders share. */
    record DeviceSide(ScheduledExecutorService californium, ScheduledExecutorService scheduler) {
    }

    private DownloadRun() {
    }

    /** The device endpoint configuration for {@code profile}: the download defaults, nRF91's cipher suite. */
    static Configuration deviceConfiguration(LinkProfile profile) {
        Configuration config = CoapDownloadEndpoints.configuration();
        config.set(DtlsConfig.DTLS_CIPHER_SUITES, List.of(CipherSuite.TLS_PSK_WITH_AES_128_CCM_8));
        long ack = CoapTiming.forProfile(profile.name()).ackTimeout().toMillis();
        config.set(DtlsConfig.DTLS_RETRANSMISSION_TIMEOUT, (int) ack, TimeUnit.MILLISECONDS);
        return config;
    }

    /** The token length the device's endpoint uses for requests. */
    static int deviceTokenBytes(LinkProfile profile) {
        return deviceConfiguration(profile).get(CoapConfig.TOKEN_SIZE_LIMIT);
    }

    static Measurement run(DeliveryRig rig, String scheme, String packageId, LinkProfile profile, long seed,
            DownloadOptions options, String endpointName, DeviceSide side) throws Exception {
        byte[] expected = rig.content(packageId);
        DeliveryRig.Device device = rig.device(endpointName);
        InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        try (ImpairmentProxy proxy = ImpairmentProxy.start(rig.address(scheme), profile, seed)) {
            CoapDownloadEndpoints.Executors executors = new CoapDownloadEndpoints.Executors(side.californium(),
                    side.californium());
            Configuration config = deviceConfiguration(profile);
            CoapEndpoint endpoint = scheme.equals("coaps")
                    ? CoapDownloadEndpoints.psk(config, loopback, device.identity(), device.key(), executors)
                    : CoapDownloadEndpoints.plain(config, loopback, executors);
            endpoint.start();
            try {
                URI uri = rig.uri(scheme, packageId, device, proxy.address());
                setUp(endpoint, uri.resolve("/fw"));
                LinkStats setup = quiet(proxy);
                MemorySlot slot = new MemorySlot(expected.length + 4096);
                CoapDownloader downloader = new CoapDownloader(endpoint, options, side.scheduler(),
                        Clock.systemUTC());
                long start = System.nanoTime();
                slot.start(start);
                DownloadOutcome outcome = downloader.start(uri, slot, MemorySlot.NO_PROGRESS, DownloadListener.NONE)
                        .outcome().toCompletableFuture().get(options.deadline().toSeconds() + 60, TimeUnit.SECONDS);
                double seconds = (System.nanoTime() - start) / 1e9;
                if (!(outcome instanceof DownloadOutcome.Completed completed)) {
                    throw new IllegalStateException("the download over " + profile.name() + " failed: " + outcome);
                }
                if (completed.size() != expected.length
                        || !Arrays.equals(slot.content(expected.length), expected)) {
                    throw new IllegalStateException("the download over " + profile.name() + " is not byte-exact");
                }
                LinkStats after = quiet(proxy);
                return new Measurement(seconds, setup, minus(after, setup), slot.trace());
            } finally {
                endpoint.destroy();
            }
        }
    }

    /** One GET for {@code uri} (a path the server answers 4.04): the DTLS handshake over CoAPs. */
    static void setUp(CoapEndpoint endpoint, URI uri) throws InterruptedException, TimeoutException {
        Request request = Request.newGet();
        request.setURI(uri);
        endpoint.sendRequest(request);
        Response response = request.waitForResponse(SETUP_TIMEOUT.toMillis());
        if (response == null) {
            throw new TimeoutException("no answer to the session setup in " + SETUP_TIMEOUT.toSeconds() + " s");
        }
        if (response.getCode() != ResponseCode.NOT_FOUND) {
            throw new IllegalStateException("the session setup got " + response.getCode() + ", not 4.04");
        }
    }

    /** The proxy's counters once nothing is in flight (at most ten seconds later). */
    private static LinkStats quiet(ImpairmentProxy proxy) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        LinkStats stats = proxy.stats();
        while (stats.inFlight() > 0 && System.nanoTime() < until) {
            Thread.sleep(5);
            stats = proxy.stats();
        }
        return stats;
    }

    /** {@code after} less {@code before}: received and forwarded counts and bytes, per direction. */
    static LinkStats minus(LinkStats after, LinkStats before) {
        return new LinkStats(minus(after.uplink(), before.uplink()), minus(after.downlink(), before.downlink()),
                after.rebinds() - before.rebinds());
    }

    private static DirectionStats minus(DirectionStats a, DirectionStats b) {
        Map<DropReason, Long> drops = new EnumMap<>(DropReason.class);
        Map<DropReason, Long> dropBytes = new EnumMap<>(DropReason.class);
        for (DropReason reason : DropReason.values()) {
            drops.put(reason, a.dropped(reason) - b.dropped(reason));
            dropBytes.put(reason, a.droppedBytes(reason) - b.droppedBytes(reason));
        }
        return new DirectionStats(a.received() - b.received(), a.receivedBytes() - b.receivedBytes(),
                a.forwarded() - b.forwarded(), a.forwardedBytes() - b.forwardedBytes(),
                a.duplicated() - b.duplicated(), a.duplicatedBytes() - b.duplicatedBytes(), drops, dropBytes);
    }
}
