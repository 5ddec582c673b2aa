package io.cellota.device.download;

import io.cellota.device.download.DownloadOutcome.Failure;
import java.net.URI;
import java.time.Clock;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.core.network.Endpoint;

/**
 * Pulls a package over CoAP or CoAPs with its own block-wise transfer (RFC 7959 Block2), on a Californium
 * {@link Endpoint} the caller owns: the device's LwM2M endpoint (sharing its DTLS session) or one made by
 * {@link CoapDownloadEndpoints}. The endpoint must have transparent block-wise handling off
 * ({@link CoapConfig#MAX_RESOURCE_BODY_SIZE} = 0); otherwise Californium would reassemble block 0's transfer
 * itself.
 *
 * <p>How a download runs:
 * <ul>
 *   <li><b>Negotiation.</b> The first request carries {@code Block2(0, szx)} for the configured block size and
 *       {@code Size2 = 0} to ask for the total. A server answering with a smaller block wins (RFC 7959 §2.4);
 *       what is known is re-counted in the smaller blocks. Size2 above the sink's capacity fails with TOO_LARGE
 *       before anything is written.</li>
 *   <li><b>Window.</b> After the first answer, up to {@link DownloadOptions#window()} CON GETs are outstanding
 *       (fixed, or adaptive: see {@link DownloadPacer}). Blocks may be answered in any order; each is written in
 *       place at {@code num * size}.</li>
 *   <li><b>ETag.</b> Captured from the first answer and checked on every block. A different one means the
 *       resource changed: the sink is reset and the download starts over, once; a second change fails with
 *       INTEGRITY.</li>
 *   <li><b>Retries.</b> Each request's ACK timeout is the RFC 6298 RTO; Californium retransmits it
 *       {@link DownloadOptions#coapRetransmits()} times. When it gives up (or the server resets, or sending
 *       fails), the block is requested again after an exponential back-off, up to
 *       {@link DownloadOptions#maxRetriesPerBlock()} times, which bridges short outages.</li>
 *   <li><b>Resume.</b> If the progress store holds progress for the same URI, the first request asks for the
 *       first missing block; when its ETag matches the saved one only missing blocks are fetched, otherwise the
 *       sink is reset and the download starts over. Progress is saved, after {@link BlockSink#flush()}, on the
 *       cadence of the options, at the end, and when the download fails.</li>
 * </ul>
 *
 * <p>Outcomes: see {@link BlockAnswer} for the response codes. In short: 4.04, 4.01, 4.03 → INVALID_URI at
 * once; 5.xx, 4.29, timeouts, resets and send errors → retried, then CONNECTION_LOST; other 4.xx → retried,
 * then INTEGRITY; inconsistent blocks (offset, size, Size2, a larger block than asked) → INTEGRITY; the
 * deadline → CONNECTION_LOST; storage errors → OUT_OF_STORAGE; {@link Download#cancel()} → CANCELLED. A failed
 * download keeps its saved progress.
 *
 * <p>Threads: all work runs on the injected scheduler, including sink writes; Californium's threads only hand
 * events over.
 */
public final class CoapDownloader implements Downloader {

    private final Endpoint endpoint;
    private final DownloadOptions options;
    private final ScheduledExecutorService scheduler;
    private final Clock clock;

    /**
     * A downloader on {@code endpoint}.
     *
     * @throws IllegalArgumentException when the endpoint has transparent block-wise handling on
     */
    public CoapDownloader(Endpoint endpoint, DownloadOptions options, ScheduledExecutorService scheduler, Clock clock) {
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.options = Objects.requireNonNull(options, "options");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.clock = Objects.requireNonNull(clock, "clock");
        Integer maxBody = endpoint.getConfig().get(CoapConfig.MAX_RESOURCE_BODY_SIZE);
        if (maxBody == null || maxBody != 0) {
            throw new IllegalArgumentException("the download endpoint " + endpoint.getUri()
                    + " must have transparent block-wise off (" + CoapConfig.MAX_RESOURCE_BODY_SIZE.getKey()
                    + " = 0), but it is " + maxBody + "; see CoapDownloadEndpoints.forDownloads");
        }
    }

    /** Whether {@code uri}'s scheme is the endpoint's: {@code coap} on UDP, {@code coaps} on DTLS. */
    @Override
    public boolean supports(URI uri) {
        return uri.getScheme() != null
                && uri.getScheme().toLowerCase(Locale.ROOT).equals(endpoint.getUri().getScheme());
    }

    /**
     * Starts the download on the scheduler and returns at once.
     *
     * @throws IllegalStateException when the endpoint is not started
     */
    @Override
    public Download start(URI uri, BlockSink sink, ProgressStore progress, DownloadListener listener) {
        Objects.requireNonNull(sink, "sink");
        Objects.requireNonNull(progress, "progress");
        Objects.requireNonNull(listener, "listener");
        if (!supports(uri)) {
            return DownloadSession.alreadyFailed(Failure.UNSUPPORTED_PROTOCOL, "this downloader speaks " + endpoint.getUri().getScheme()
                    + ", not " + uri.getScheme());
        }
        if (uri.getHost() == null || uri.getFragment() != null) {
            return DownloadSession.alreadyFailed(Failure.INVALID_URI, "not a usable CoAP URI: " + uri);
        }
        if (!endpoint.isStarted()) {
            throw new IllegalStateException("the download endpoint " + endpoint.getUri() + " is not started");
        }
        CoapDownloadSession session = new CoapDownloadSession(endpoint, uri, sink, progress, listener, options,
                SessionTasks.capturing(scheduler), clock);
        session.begin();
        return session;
    }
}
