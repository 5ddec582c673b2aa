package io.cellota.device.download;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;
import org.eclipse.californium.core.coap.BlockOption;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.network.stack.ReliabilityLayerParameters;

/**
 * One block request in flight: which block, in which generation of the download, when it was sent, and
 * whether its round trip may be sampled. Builds the CON GET with an explicit Block2 option and per-request
 * reliability parameters whose ACK timeout is the current RTO.
 */
final class BlockExchange {

    /** CoAP's exponential back-off between the transmissions of one request (RFC 7252 §4.2). */
    static final float TIMEOUT_SCALE = 2.0f;

    final long offset;
    final int size;
    final int generation;
    final DownloadPacer.Sent sent;
    /** Set when the request was retransmitted or waited for a handshake (Karn: no RTT sample). */
    volatile boolean noRttSample;
    /** When its latest transmission left (the session's lock guards this and {@link #presumedLost}). */
    Instant transmittedAt;
    /** Presumed lost by the pacer ({@link DownloadPacer#presumedLost}) since its latest transmission. */
    boolean presumedLost;
    ScheduledFuture<?> watchdog;

    BlockExchange(long offset, int size, int generation, DownloadPacer.Sent sent) {
        this.offset = offset;
        this.size = size;
        this.generation = generation;
        this.sent = sent;
        this.transmittedAt = sent.at();
    }

    /** The CON GET for this block, asking for Size2 when {@code askSize} (RFC 7959 §4). */
    Request request(URI uri, boolean askSize, Duration rto, DownloadOptions options) {
        Request request = Request.newGet();
        request.setURI(uri);
        request.getOptions().setBlock2(BlockOption.size2Szx(size), false, Math.toIntExact(offset / size));
        if (askSize) {
            request.getOptions().setSize2(0);
        }
        request.setReliabilityLayerParameters(parameters(rto, options));
        return request;
    }

    /** How long Californium keeps trying before it reports a timeout: every transmission's timeout added up. */
    Duration span(Duration rto, DownloadOptions options) {
        ReliabilityLayerParameters parameters = parameters(rto, options);
        long timeout = parameters.getAckTimeout();
        long total = 0;
        for (int i = 0; i <= parameters.getMaxRetransmit(); i++) {
            total += Math.min(timeout, parameters.getMaxAckTimeout());
            timeout = (long) (timeout * TIMEOUT_SCALE);
        }
        return Duration.ofMillis(total);
    }

    void cancelWatchdog() {
        if (watchdog != null) {
            watchdog.cancel(false);
        }
    }

    private static ReliabilityLayerParameters parameters(Duration rto, DownloadOptions options) {
        int ackTimeout = (int) Math.max(1, Math.min(rto.toMillis(), options.maxRto().toMillis()));
        return ReliabilityLayerParameters.builder()
                .ackTimeout(ackTimeout)
                .ackRandomFactor(1.0f)
                .ackTimeoutScale(TIMEOUT_SCALE)
                .maxRetransmit(options.coapRetransmits())
                .maxAckTimeout((int) options.maxRto().toMillis())
                .nstart(1)
                .build();
    }
}
