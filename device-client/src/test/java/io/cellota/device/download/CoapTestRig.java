package io.cellota.device.download;

import io.cellota.device.link.ImpairmentProxy;
import io.cellota.device.link.LinkProfile;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.scandium.config.DtlsConfig;

/**
 * Everything a CoAP download test needs on loopback, closed in reverse order: a {@link CoapFileServer}
 * (plain or DTLS), optionally an {@link ImpairmentProxy} in front of it, a device endpoint made by
 * {@link CoapDownloadEndpoints}, and the executors. Ports are ephemeral; nothing is written to disk.
 */
public final class CoapTestRig implements AutoCloseable {

    /** Timeouts for loopback: RTO 50..500 ms, 4 retries from 50 ms. */
    public static final DownloadOptions LOOPBACK_OPTIONS = DownloadOptions.LTE_M
            .withRto(Duration.ofMillis(200), Duration.ofMillis(50), Duration.ofMillis(500), 2)
            .withRetries(4, Duration.ofMillis(50), Duration.ofMillis(400))
            .withDeadline(Duration.ofSeconds(40));

    private final List<AutoCloseable> resources = new ArrayList<>();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final ScheduledExecutorService californium = Executors.newScheduledThreadPool(2);
    private final CoapFileServer server;
    private ImpairmentProxy proxy;
    private CoapEndpoint endpoint;

    private CoapTestRig(boolean secure) {
        server = open(secure ? CoapFileServer.dtls() : CoapFileServer.plain());
    }

    /** A rig speaking {@code scheme} ({@code coap} or {@code coaps}). */
    public static CoapTestRig over(String scheme) {
        return new CoapTestRig(scheme.equals("coaps"));
    }

    /** Puts an impairment proxy with {@code profile} between the device and the server. */
    public CoapTestRig through(LinkProfile profile, long seed) throws IOException {
        proxy = open(ImpairmentProxy.start(server.address(), profile, seed));
        return this;
    }

    public CoapFileServer server() {
        return server;
    }

    public ImpairmentProxy proxy() {
        return proxy;
    }

    /** The URI of {@code /fw/<name>} as the device sees it (through the proxy when there is one). */
    public URI uri(String name) {
        return proxy == null ? server.uri(name) : server.uri(name, proxy.address());
    }

    /** The device's download endpoint, started on first use. */
    public CoapEndpoint endpoint() throws IOException {
        if (endpoint == null) {
            endpoint = newEndpoint();
        }
        return endpoint;
    }

    /** A fresh device endpoint (a new port and, over DTLS, a new session): a restarted process. */
    public CoapEndpoint newEndpoint() throws IOException {
        Configuration config = CoapDownloadEndpoints.configuration();
        config.set(DtlsConfig.DTLS_RETRANSMISSION_TIMEOUT, CoapFileServer.DTLS_RETRANSMISSION_MILLIS,
                TimeUnit.MILLISECONDS);
        InetSocketAddress bind = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        CoapDownloadEndpoints.Executors executors = new CoapDownloadEndpoints.Executors(californium, californium);
        CoapEndpoint created = server.scheme().equals("coaps")
                ? CoapDownloadEndpoints.psk(config, bind, CoapFileServer.PSK_IDENTITY, CoapFileServer.PSK_KEY, executors)
                : CoapDownloadEndpoints.plain(config, bind, executors);
        created.start();
        open(created::destroy);
        return created;
    }

    /** A downloader on the device endpoint. */
    public CoapDownloader downloader(DownloadOptions options) throws IOException {
        return new CoapDownloader(endpoint(), options, scheduler, Clock.systemUTC());
    }

    /** A downloader on a fresh endpoint: what a restarted device process would build. */
    public CoapDownloader restartedDownloader(DownloadOptions options) throws IOException {
        endpoint = newEndpoint();
        return downloader(options);
    }

    @Override
    public void close() throws Exception {
        for (int i = resources.size() - 1; i >= 0; i--) {
            resources.get(i).close();
        }
        scheduler.shutdownNow();
        californium.shutdownNow();
    }

    private <T extends AutoCloseable> T open(T resource) {
        resources.add(resource);
        return resource;
    }
}
