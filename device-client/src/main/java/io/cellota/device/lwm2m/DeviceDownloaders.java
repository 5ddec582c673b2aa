package io.cellota.device.lwm2m;

import io.cellota.device.download.BlockSink;
import io.cellota.device.download.CoapDownloadEndpoints;
import io.cellota.device.download.CoapDownloader;
import io.cellota.device.download.Download;
import io.cellota.device.download.DownloadListener;
import io.cellota.device.download.DownloadOptions;
import io.cellota.device.download.DownloadOutcome;
import io.cellota.device.download.Downloader;
import io.cellota.device.download.HttpDownloader;
import io.cellota.device.download.ProgressStore;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.core.network.Endpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The downloaders of one simulated device: CoAP/CoAPs and HTTP/HTTPS. A CoAP package on the device's own LwM2M
 * server is fetched over the device's LwM2M endpoint (the same DTLS session and Connection ID, no extra
 * handshake, as the nRF Connect SDK does when the download host is the server); a package elsewhere over a
 * dedicated endpoint, with the device's PSK for CoAPs, destroyed once the download ends.
 */
public final class DeviceDownloaders {

    private static final Logger LOG = LoggerFactory.getLogger(DeviceDownloaders.class);

    private DeviceDownloaders() {
    }

    /**
     * @param client      the device's LwM2M client now (it changes at every reboot)
     * @param serverUri   the LwM2M server, to recognise packages it serves itself
     * @param credentials the device's credentials, reused for CoAPs downloads elsewhere (PSK only)
     * @param tls         trust for HTTPS; the JDK's default trust store when empty
     */
    public static List<Downloader> create(Supplier<LeshanDeviceClient> client, DownloadOptions options, URI serverUri,
                                          DeviceCredentials credentials, InetAddress localAddress,
                                          Optional<SSLContext> tls, ClientResources shared, Clock clock) {
        Downloader coap = new Coap(client, options, serverUri, credentials, localAddress, shared, clock);
        return List.of(coap, new Http(options, tls, shared, clock));
    }

    /**
     * HTTP and HTTPS with a client of its own per download, as a device opens its own connection: built when a
     * download starts, not with the device, because a JDK 17 {@link java.net.http.HttpClient} keeps a selector
     * thread until it is collected, and a fleet must not cost a thread per device.
     */
    private record Http(DownloadOptions options, Optional<SSLContext> tls, ClientResources shared, Clock clock)
            implements Downloader {

        @Override
        public boolean supports(URI uri) {
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            return scheme.equals("http") || scheme.equals("https");
        }

        @Override
        public Download start(URI uri, BlockSink sink, ProgressStore progress, DownloadListener listener) {
            return new HttpDownloader(HttpDownloader.client(options, tls, shared.scheduler()), options,
                    shared.scheduler(), clock).start(uri, sink, progress, listener);
        }
    }

    /** CoAP and CoAPs, choosing the endpoint per download. */
    private record Coap(Supplier<LeshanDeviceClient> client, DownloadOptions options, URI serverUri,
                        DeviceCredentials credentials, InetAddress localAddress, ClientResources shared, Clock clock)
            implements Downloader {

        @Override
        public boolean supports(URI uri) {
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            return scheme.equals("coap") || scheme.equals("coaps");
        }

        @Override
        public Download start(URI uri, BlockSink sink, ProgressStore progress, DownloadListener listener) {
            LeshanDeviceClient current = client.get();
            Optional<Endpoint> own = current == null ? Optional.empty() : current.serverEndpoint();
            if (own.isPresent() && sameServer(uri)) {
                return new CoapDownloader(own.get(), options, shared.scheduler(), clock).start(uri, sink, progress,
                        listener);
            }
            CoapEndpoint dedicated;
            try {
                dedicated = dedicatedEndpoint(uri);
                dedicated.start();
            } catch (IOException | IllegalArgumentException | IllegalStateException e) {
                return failed(DownloadOutcome.Failure.UNSUPPORTED_PROTOCOL, "cannot open a download endpoint for "
                        + uri + ": " + e.getMessage());
            }
            Download download = new CoapDownloader(dedicated, options, shared.scheduler(), clock).start(uri, sink,
                    progress, listener);
            download.outcome().whenComplete((outcome, error) -> dedicated.destroy());
            return download;
        }

        private boolean sameServer(URI uri) {
            return uri.getScheme().equalsIgnoreCase(serverUri.getScheme()) && port(uri) == port(serverUri)
                    && resolves(uri.getHost(), serverUri.getHost());
        }

        private static int port(URI u) {
            return u.getPort() >= 0 ? u.getPort() : "coaps".equalsIgnoreCase(u.getScheme()) ? 5684 : 5683;
        }

        private static boolean resolves(String a, String b) {
            try {
                return InetAddress.getByName(a).equals(InetAddress.getByName(b));
            } catch (IOException e) {
                return false;
            }
        }

        private CoapEndpoint dedicatedEndpoint(URI uri) {
            InetSocketAddress bind = new InetSocketAddress(localAddress, 0);
            CoapDownloadEndpoints.Executors executors =
                    new CoapDownloadEndpoints.Executors(shared.californiumExecutor(), shared.californiumTimer());
            if ("coap".equalsIgnoreCase(uri.getScheme())) {
                return CoapDownloadEndpoints.plain(shared.configuration(), bind, executors);
            }
            if (credentials instanceof DeviceCredentials.Psk psk) {
                return CoapDownloadEndpoints.psk(shared.configuration(), bind, psk.identity(), psk.key(), executors);
            }
            throw new IllegalArgumentException("CoAPs downloads from another host need PSK credentials");
        }

        private static Download failed(DownloadOutcome.Failure failure, String why) {
            LOG.warn(why);
            CompletableFuture<DownloadOutcome> done = CompletableFuture.completedFuture(new DownloadOutcome.Failed(failure, why));
            return new Download() {
                @Override
                public CompletionStage<DownloadOutcome> outcome() {
                    return done;
                }

                @Override
                public void cancel() {
                }
            };
        }
    }
}
