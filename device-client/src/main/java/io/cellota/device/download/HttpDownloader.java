package io.cellota.device.download;

import io.cellota.device.download.DownloadOutcome.Failure;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import javax.net.ssl.SSLContext;

/**
 * Pulls a package over HTTP or HTTPS with the JDK {@link HttpClient}, streaming the body into the sink at
 * its offsets (never holding it whole), and resuming with {@code Range: bytes=N-} plus {@code If-Range: <ETag>}
 * from the first byte not yet written (RFC 9110 §14.2, §13.1.5), so that a changed resource comes back whole
 * (200) and the download starts over.
 *
 * <ul>
 *   <li><b>Sizes.</b> A Content-Length (200) or Content-Range total (206) above the sink's capacity fails with
 *       TOO_LARGE before anything is written; without either, the download fails the moment it overflows.</li>
 *   <li><b>Retries.</b> A connection that drops, stalls for {@link DownloadOptions#idleTimeout()} or cannot be
 *       opened, and 408, 429 and 5xx answers, are retried from the first missing byte after an exponential
 *       back-off; {@link DownloadOptions#maxRetriesPerBlock()} counts failed attempts in a row without a byte of
 *       progress. Then: CONNECTION_LOST. A TLS handshake failure is not retried.</li>
 *   <li><b>Resume.</b> Progress for the same URI with a strong ETag resumes at its first missing block (in
 *       units of {@link DownloadOptions#blockSize()}); a 200 with another ETag starts over. A resource that
 *       changes twice during one download fails with INTEGRITY.</li>
 *   <li><b>Outcomes.</b> See {@link HttpAnswer}: 404, 410, 401, 403 → INVALID_URI; other 4xx → INTEGRITY after
 *       the retries; the deadline → CONNECTION_LOST; storage errors → OUT_OF_STORAGE; cancel → CANCELLED.</li>
 * </ul>
 * Sink writes happen on the HTTP client's executor; timers on the injected scheduler.
 */
public final class HttpDownloader implements Downloader {

    private final HttpClient client;
    private final DownloadOptions options;
    private final ScheduledExecutorService scheduler;
    private final Clock clock;

    public HttpDownloader(HttpClient client, DownloadOptions options, ScheduledExecutorService scheduler, Clock clock) {
        this.client = Objects.requireNonNull(client, "client");
        this.options = Objects.requireNonNull(options, "options");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * An HTTP/1.1 client for downloads: redirects followed (except HTTPS to HTTP), the options' idle timeout as
     * connect timeout, the caller's TLS context (for a private CA or a pinned certificate) and executor.
     */
    public static HttpClient client(DownloadOptions options, Optional<SSLContext> tls, Executor executor) {
        HttpClient.Builder builder = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(options.idleTimeout())
                .executor(executor);
        tls.ifPresent(builder::sslContext);
        return builder.build();
    }

    @Override
    public boolean supports(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        return scheme.equals("http") || scheme.equals("https");
    }

    @Override
    public Download start(URI uri, BlockSink sink, ProgressStore progress, DownloadListener listener) {
        Objects.requireNonNull(sink, "sink");
        Objects.requireNonNull(progress, "progress");
        Objects.requireNonNull(listener, "listener");
        if (!supports(uri)) {
            return DownloadSession.alreadyFailed(Failure.UNSUPPORTED_PROTOCOL, "this downloader speaks http and https, not "
                    + uri.getScheme());
        }
        if (uri.getHost() == null) {
            return DownloadSession.alreadyFailed(Failure.INVALID_URI, "not a usable HTTP URI: " + uri);
        }
        HttpDownloadSession session = new HttpDownloadSession(client, uri, sink, progress, listener, options,
                SessionTasks.capturing(scheduler), clock);
        session.begin();
        return session;
    }
}
