package io.cellota.server.fileserver;

import io.cellota.device.download.CoapDownloadEndpoints;
import io.cellota.device.download.CoapDownloader;
import io.cellota.device.download.DownloadListener;
import io.cellota.device.download.DownloadOptions;
import io.cellota.device.download.DownloadOutcome;
import io.cellota.device.download.MemoryBlockSink;
import io.cellota.device.download.MemoryProgressStore;
import io.cellota.device.link.ImpairmentProxy;
import io.cellota.device.link.LinkProfile;
import io.cellota.server.repository.PackageFile;
import io.cellota.server.testing.MovableClock;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.eclipse.californium.core.CoapServer;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.elements.UDPConnector;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.SystemConfig;
import org.eclipse.californium.elements.config.UdpConfig;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.config.DtlsConfig.DtlsRole;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.pskstore.AdvancedMultiPskStore;

/**
 * A Californium server on an ephemeral loopback port with the firmware resource, plain CoAP or CoAPs with PSK
 * and a 6-byte Connection ID, transparent block-wise handling left on (as on Leshan's endpoints); the delivery
 * parts tests drive (packages in a temp directory, grants, tokens, a hand-moved clock, counting metrics); and
 * device endpoints made by the device client's own {@link CoapDownloadEndpoints}. Closed in reverse order.
 */
final class CoapDeliveryRig implements AutoCloseable {

    static final String ENDPOINT = "dev-1";
    static final String PSK_IDENTITY = "psk-dev-1";
    /** Known to the DTLS layer (the handshake succeeds) but to no device. */
    static final String STRANGER_IDENTITY = "psk-stranger";
    static final byte[] PSK_KEY = "not-a-real-key-0".getBytes(StandardCharsets.US_ASCII);
    static final Instant START = Instant.parse("2030-01-01T00:00:00Z");
    private static final int DTLS_RETRANSMISSION_MILLIS = 300;

    final TempPackages packages;
    final MemoryDownloadGrants grants = new MemoryDownloadGrants();
    final DownloadTokens tokens = new DownloadTokens(DownloadTokens.newSecret(), Duration.ofHours(1));
    final MovableClock clock = new MovableClock(START);
    final CountingMetrics metrics = new CountingMetrics();
    final OpenFileCache files;
    final FirmwareCoapResource resource;
    private final String scheme;
    private final CoapServer server;
    private final CoapEndpoint serverEndpoint;
    private final ExecutorService io;
    private final List<AutoCloseable> resources = new ArrayList<>();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final ScheduledExecutorService californium = Executors.newScheduledThreadPool(2);
    private ImpairmentProxy proxy;

    private CoapDeliveryRig(String scheme, Path directory, FileServerConfig settings, Consumer<Configuration> tweak,
            Executor ioOverride) {
        this.scheme = scheme;
        this.packages = new TempPackages(directory);
        this.files = new OpenFileCache(settings.openFiles());
        this.io = settings.newIoExecutor();
        DownloadAccess access = new IdentityOrTokenAccess(tokens, identity ->
                identity.equals(new PeerIdentity.Psk(PSK_IDENTITY)) ? Optional.of(ENDPOINT) : Optional.empty(), grants);
        this.resource = new FirmwareCoapResource(settings, new FirmwareDelivery(packages, files, access, metrics, clock),
                ioOverride == null ? io : ioOverride);
        Configuration config = serverConfiguration();
        tweak.accept(config);
        this.serverEndpoint = scheme.equals("coaps") ? dtlsEndpoint(config) : new CoapEndpoint.Builder()
                .setConfiguration(config).setConnector(new UDPConnector(loopback(), config)).build();
        this.server = new CoapServer(config);
        server.addEndpoint(serverEndpoint);
        server.add(resource);
        server.start();
    }

    /** A rig speaking {@code scheme}, the server preferring 1024-byte blocks as delivery recommends. */
    static CoapDeliveryRig over(String scheme, Path directory) {
        return over(scheme, directory, FileServerConfig.DEFAULTS, config -> { });
    }

    /** A rig with delivery {@code settings} and the server configuration changed by {@code tweak}. */
    static CoapDeliveryRig over(String scheme, Path directory, FileServerConfig settings, Consumer<Configuration> tweak) {
        return new CoapDeliveryRig(scheme, directory, settings, tweak, null);
    }

    /** A rig whose resource hands its work to {@code io} instead of its own executor. */
    static CoapDeliveryRig withIo(String scheme, Path directory, Executor io) {
        return new CoapDeliveryRig(scheme, directory, FileServerConfig.DEFAULTS, config -> { }, io);
    }

    /** Stores a package and grants it to {@link #ENDPOINT} for a day. */
    PackageFile serve(String packageId, byte[] bytes) {
        grants.grant(ENDPOINT, packageId, START.plus(Duration.ofDays(1)));
        return packages.add(packageId, bytes);
    }

    /** Puts an impairment proxy between devices and the server. */
    CoapDeliveryRig through(LinkProfile profile, long seed) throws IOException {
        proxy = open(ImpairmentProxy.start(serverEndpoint.getAddress(), profile, seed));
        return this;
    }

    ImpairmentProxy proxy() {
        return proxy;
    }

    /** The Package URI of {@code packageId} for {@link #ENDPOINT}: with a token over CoAP, without over CoAPs. */
    URI uri(String packageId) {
        return scheme.equals("coaps") ? base().resolve("/fw/" + packageId)
                : base().resolve("/fw/" + packageId + "/" + tokens.issue(packageId, ENDPOINT, clock.instant()).value());
    }

    /** {@code scheme://host:port} of the server as devices reach it (through the proxy when there is one). */
    URI base() {
        InetSocketAddress address = proxy == null ? serverEndpoint.getAddress() : proxy.address();
        return URI.create(scheme + "://" + address.getAddress().getHostAddress() + ":" + address.getPort());
    }

    /** A started device endpoint: plain, or DTLS with {@link #PSK_IDENTITY}. */
    CoapEndpoint device() throws IOException {
        return device(PSK_IDENTITY);
    }

    /** A started device endpoint; over CoAPs authenticating as {@code pskIdentity}. */
    CoapEndpoint device(String pskIdentity) throws IOException {
        Configuration config = CoapDownloadEndpoints.configuration();
        config.set(DtlsConfig.DTLS_RETRANSMISSION_TIMEOUT, DTLS_RETRANSMISSION_MILLIS, TimeUnit.MILLISECONDS);
        CoapDownloadEndpoints.Executors executors = new CoapDownloadEndpoints.Executors(californium, californium);
        CoapEndpoint endpoint = scheme.equals("coaps")
                ? CoapDownloadEndpoints.psk(config, loopback(), pskIdentity, PSK_KEY, executors)
                : CoapDownloadEndpoints.plain(config, loopback(), executors);
        endpoint.start();
        open(endpoint::destroy);
        return endpoint;
    }

    CoapDownloader downloader(CoapEndpoint device, DownloadOptions options) {
        return new CoapDownloader(device, options, scheduler, Clock.systemUTC());
    }

    /** Downloads {@code uri} with the device's real downloader into a fresh 1 MiB memory slot. */
    DownloadOutcome download(CoapEndpoint device, DownloadOptions options, URI uri, MemoryBlockSink sink)
            throws Exception {
        return downloader(device, options).start(uri, sink, new MemoryProgressStore(), DownloadListener.NONE)
                .outcome().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }

    /** Sends {@code request} from {@code device} and waits for the answer (failing after 10 s). */
    static Response send(CoapEndpoint device, Request request) throws InterruptedException {
        device.sendRequest(request);
        Response response = request.waitForResponse(10_000);
        if (response == null) {
            throw new AssertionError("no answer to " + request);
        }
        return response;
    }

    @Override
    public void close() throws Exception {
        for (int i = resources.size() - 1; i >= 0; i--) {
            resources.get(i).close();
        }
        server.destroy();
        io.shutdownNow();
        files.close();
        scheduler.shutdownNow();
        californium.shutdownNow();
    }

    private CoapEndpoint dtlsEndpoint(Configuration config) {
        AdvancedMultiPskStore psk = new AdvancedMultiPskStore();
        psk.setKey(PSK_IDENTITY, PSK_KEY);
        psk.setKey(STRANGER_IDENTITY, PSK_KEY);
        DtlsConnectorConfig dtls = DtlsConnectorConfig.builder(config)
                .setAddress(loopback())
                .setAdvancedPskStore(psk)
                .set(DtlsConfig.DTLS_ROLE, DtlsRole.SERVER_ONLY)
                .set(DtlsConfig.DTLS_CONNECTION_ID_LENGTH, 6)
                .setLoggingTag("fw-server")
                .build();
        return new CoapEndpoint.Builder().setConfiguration(config).setConnector(new DTLSConnector(dtls)).build();
    }

    /** Californium's defaults built in code (transparent block-wise on), preferring 1024-byte blocks. */
    private static Configuration serverConfiguration() {
        Configuration config = new Configuration(SystemConfig.DEFINITIONS, CoapConfig.DEFINITIONS, UdpConfig.DEFINITIONS,
                DtlsConfig.DEFINITIONS);
        config.set(CoapConfig.PREFERRED_BLOCK_SIZE, 1024);
        config.set(CoapConfig.PROTOCOL_STAGE_THREAD_COUNT, 2);
        config.set(DtlsConfig.DTLS_MAX_CONNECTIONS, 1000);
        config.set(DtlsConfig.DTLS_RECEIVER_THREAD_COUNT, 1);
        config.set(DtlsConfig.DTLS_CONNECTOR_THREAD_COUNT, 1);
        config.set(DtlsConfig.DTLS_RETRANSMISSION_TIMEOUT, DTLS_RETRANSMISSION_MILLIS, TimeUnit.MILLISECONDS);
        config.set(UdpConfig.UDP_RECEIVER_THREAD_COUNT, 1);
        config.set(UdpConfig.UDP_SENDER_THREAD_COUNT, 1);
        return config;
    }

    private <T extends AutoCloseable> T open(T resource) {
        resources.add(resource);
        return resource;
    }

    private static InetSocketAddress loopback() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    }
}
