package io.cellota.server.fileserver;

import io.cellota.device.download.DownloadListener;
import io.cellota.device.download.DownloadOptions;
import io.cellota.device.download.DownloadOutcome;
import io.cellota.device.download.HttpDownloader;
import io.cellota.device.download.MemoryBlockSink;
import io.cellota.device.download.MemoryProgressStore;
import io.cellota.server.repository.PackageFile;
import io.cellota.server.testing.MovableClock;
import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * A Javalin app on ephemeral loopback ports with the firmware routes mounted, plain HTTP and optionally an
 * HTTPS connector presenting a test certificate; the delivery parts tests drive; and clients: the device's
 * {@link HttpDownloader} and the JDK client for single requests.
 */
final class HttpDeliveryRig implements AutoCloseable {

    static final String ENDPOINT = "dev-1";
    static final Instant START = Instant.parse("2030-01-01T00:00:00Z");

    final TempPackages packages;
    final MemoryDownloadGrants grants = new MemoryDownloadGrants();
    final DownloadTokens tokens = new DownloadTokens(DownloadTokens.newSecret(), Duration.ofHours(1));
    final MovableClock clock = new MovableClock(START);
    final CountingMetrics metrics = new CountingMetrics();
    final OpenFileCache files = new OpenFileCache(8);
    private final Javalin app;
    private final Optional<SSLContext> clientTls;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final ExecutorService httpThreads = Executors.newCachedThreadPool();
    private final HttpClient client;

    private HttpDeliveryRig(Path directory, Optional<SSLContext> serverTls, Optional<SSLContext> clientTls) {
        this.packages = new TempPackages(directory);
        this.clientTls = clientTls;
        DownloadAccess access = new IdentityOrTokenAccess(tokens, identity -> Optional.empty(), grants);
        FirmwareHttpRoutes routes = new FirmwareHttpRoutes(FileServerConfig.DEFAULTS,
                new FirmwareDelivery(packages, files, access, metrics, clock));
        this.app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.jetty.host = "127.0.0.1";
            config.jetty.port = 0;
            serverTls.ifPresent(tls -> config.jetty.addConnector((server, http) -> {
                HttpConfiguration https = new HttpConfiguration(http);
                https.addCustomizer(new SecureRequestCustomizer(false));
                SslContextFactory.Server ssl = new SslContextFactory.Server();
                ssl.setSslContext(tls);
                ServerConnector connector = new ServerConnector(server, new SslConnectionFactory(ssl, "http/1.1"),
                        new HttpConnectionFactory(https));
                connector.setHost("127.0.0.1");
                connector.setPort(0);
                return connector;
            }));
            routes.mount(config);
        }).start();
        HttpClient.Builder builder = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(httpThreads);
        clientTls.ifPresent(builder::sslContext);
        this.client = builder.build();
    }

    static HttpDeliveryRig plain(Path directory) {
        return new HttpDeliveryRig(directory, Optional.empty(), Optional.empty());
    }

    /** A rig that also listens for HTTPS with {@code server}, its clients trusting {@code client}. */
    static HttpDeliveryRig withHttps(Path directory, SSLContext server, SSLContext client) {
        return new HttpDeliveryRig(directory, Optional.of(server), Optional.of(client));
    }

    /** Stores a package and grants it to {@link #ENDPOINT} for a day. */
    PackageFile serve(String packageId, byte[] bytes) {
        grants.grant(ENDPOINT, packageId, START.plus(Duration.ofDays(1)));
        return packages.add(packageId, bytes);
    }

    /** The public URIs of this server: HTTP on the default connector, HTTPS on the TLS one (if any). */
    PackageUris uris() {
        return new PackageUris("127.0.0.1", 0, 0, app.port(), httpsPort(), "fw");
    }

    /** The HTTP Package URI of {@code packageId} for {@link #ENDPOINT}, with a fresh token. */
    URI uri(String packageId) {
        return uris().http(packageId, token(packageId));
    }

    DownloadToken token(String packageId) {
        return tokens.issue(packageId, ENDPOINT, clock.instant());
    }

    /** {@code http://127.0.0.1:port} plus {@code pathAndQuery}. */
    URI http(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + app.port() + pathAndQuery);
    }

    int port() {
        return app.port();
    }

    /** Downloads {@code uri} with the device's HTTP downloader. */
    DownloadOutcome download(URI uri, MemoryBlockSink sink, DownloadOptions options) throws Exception {
        HttpDownloader downloader = new HttpDownloader(HttpDownloader.client(options, clientTls, httpThreads), options,
                scheduler, Clock.systemUTC());
        return downloader.start(uri, sink, new MemoryProgressStore(), DownloadListener.NONE).outcome()
                .toCompletableFuture().get(60, TimeUnit.SECONDS);
    }

    /** Sends one request and reads the whole body. */
    HttpResponse<byte[]> send(HttpRequest request) throws Exception {
        return client.send(request, HttpResponse.BodyHandlers.ofByteArray());
    }

    @Override
    public void close() {
        app.stop();
        files.close();
        scheduler.shutdownNow();
        httpThreads.shutdownNow();
    }

    private int httpsPort() {
        return java.util.Arrays.stream(app.jettyServer().server().getConnectors())
                .filter(connector -> connector.getConnectionFactory(SslConnectionFactory.class) != null)
                .mapToInt(connector -> ((ServerConnector) connector).getLocalPort()).findFirst().orElse(0);
    }
}
