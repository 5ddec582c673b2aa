package io.cellota.device.download;

import static io.cellota.device.download.Etags.hex;
import static io.cellota.device.download.Etags.same;

import io.cellota.device.download.BlockAnswer.Block;
import io.cellota.device.download.DownloadOutcome.Failed;
import io.cellota.device.download.DownloadOutcome.Failure;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.core.network.Endpoint;
import org.eclipse.californium.elements.DtlsEndpointContext;
import org.eclipse.californium.elements.MapBasedEndpointContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running CoAP download (see {@link CoapDownloader} for the behaviour). All state is guarded by this
 * object's lock; Californium's callbacks and the timers hop onto the scheduler ({@link SessionTasks}) and take
 * the lock there. Sink writes happen on the scheduler's threads.
 */
final class CoapDownloadSession extends DownloadSession {

    private static final Logger LOG = LoggerFactory.getLogger(CoapDownloadSession.class);
    static final int SILENT_RETRIES_BEFORE_HANDSHAKE = 2;

    private final Endpoint endpoint;
    private final Clock clock;
    private final InFlight inFlight = new InFlight();
    private final DownloadPacer pacer;
    private BlockLedger ledger;
    private Optional<byte[]> etag = Optional.empty();
    /** The ETag of resumed progress, until the first answer confirms or refutes it. */
    private Optional<byte[]> savedEtag = Optional.empty();
    /** Until the first answer: one request at a time, asking for Size2. */
    private boolean probing = true;
    private boolean restarted;
    /** Counts restarts from scratch; answers and timers of an older generation are ignored. */
    private int generation;
    /**
     * Set when a block of a CoAPs download went unanswered {@value #SILENT_RETRIES_BEFORE_HANDSHAKE} times in a
     * row: the next request forces a new DTLS handshake, since the server may have lost the session (it
     * restarted, or a NAT mapping changed under a session without Connection ID) and drops what it cannot
     * decrypt without a word.
     */
    private boolean renewSession;

    CoapDownloadSession(Endpoint endpoint, URI uri, BlockSink sink, ProgressStore store, DownloadListener listener,
            DownloadOptions options, SessionTasks tasks, Clock clock) {
        super(uri, sink, store, listener, options, tasks, clock);
        this.endpoint = endpoint;
        this.clock = clock;
        this.pacer = new DownloadPacer(options);
    }

    @Override
    protected void resumeOrStartOver() throws IOException {
        Optional<DownloadProgress> saved = keeper.load().filter(p -> p.uri().equals(uri.toString()));
        if (saved.isPresent() && saved.get().etag().isPresent()) {
            ledger = BlockLedger.of(saved.get(), options.blockSize());
            savedEtag = saved.get().etag();
            LOG.info("Resuming download of {} from {}", uri, saved.get());
        } else {
            keeper.startOver();
            ledger = new BlockLedger(options.blockSize());
            LOG.info("Starting download of {} in {}-byte blocks, window {}", uri, options.blockSize(),
                    options.window());
        }
        pacer.blockSize(ledger.blockSize());
        fill();
    }

    /**
     * Sends requests while the pacer gives room ({@link DownloadPacer#room}: a fixed window counts waiting retries,
     * an adaptive one neither those nor requests presumed lost): one at a time until the first answer.
     */
    private void fill() {
        while (!done && (probing ? ledger.outstanding() + ledger.waiting() < 1
                : pacer.room(ledger.outstanding(), presumedLost(), ledger.waiting()) > 0)) {
            OptionalLong next = ledger.next();
            if (next.isEmpty() && !probing) {
                if (ledger.outstanding() + ledger.waiting() == 0) {
                    finish(new Failed(Failure.INTEGRITY, "the server ended the resource before its last block"));
                }
                return;
            }
            send(next.orElse(ledger.lastBlockOffset()), probing || ledger.total().isEmpty());
        }
    }

    private void send(long offset, boolean askSize) {
        BlockExchange exchange = new BlockExchange(offset, ledger.blockSize(), generation, pacer.sent(clock.instant()));
        Duration rto = pacer.rto(ledger.outstanding());
        Request request = exchange.request(uri, askSize, rto, options);
        if (renewSession) {
            renewSession = false;
            LOG.info("{}: no answer to {} requests for one block: forcing a new DTLS handshake", uri,
                    SILENT_RETRIES_BEFORE_HANDSHAKE);
            request.setDestinationContext(MapBasedEndpointContext.addEntries(request.getDestinationContext(),
                    DtlsEndpointContext.ATTRIBUTE_HANDSHAKE_MODE_FORCE));
        }
        request.addMessageObserver(new BlockObserver(this, request, exchange, tasks));
        ledger.sending(offset);
        inFlight.add(request, exchange);
        exchange.watchdog = tasks.schedule(() -> unanswered(request, "no answer in time"),
                exchange.span(rto, options).multipliedBy(2).plus(options.maxRto()));
        LOG.trace("GET {} block {} ({} bytes at {})", uri, offset / exchange.size, exchange.size, offset);
        try {
            endpoint.sendRequest(request);
        } catch (RuntimeException e) {
            tasks.run(() -> unanswered(request, "cannot send: " + e));
        }
    }

    synchronized void answered(Request request, Response response) throws IOException {
        BlockExchange exchange = settle(request);
        if (exchange == null) {
            return;
        }
        BlockAnswer answer = BlockAnswer.of(response, exchange.offset, exchange.size);
        LOG.trace("{} block at {}: {}", uri, exchange.offset, response.getCode());
        if (answer instanceof Block block) {
            accept(exchange, block);
        } else if (answer instanceof BlockAnswer.BeyondEnd) {
            if (probing && savedEtag.isPresent()) {
                forgetSavedProgress("it no longer has a block at " + exchange.offset);
                fill();
            } else if (ledger.total().isPresent() && exchange.offset < ledger.total().getAsLong()) {
                finish(new Failed(Failure.INTEGRITY, "4.02 for offset " + exchange.offset + " inside the resource"));
            } else {
                ledger.endsBefore(exchange.offset);
                fill();
            }
        } else if (answer instanceof BlockAnswer.Fatal fatal) {
            finish(new Failed(fatal.failure(), fatal.reason()));
        } else if (answer instanceof BlockAnswer.Retry retry) {
            retryLater(exchange.offset, retry.failure(), retry.reason(), retry.atLeast());
        }
    }

    private void accept(BlockExchange exchange, Block block) throws IOException {
        if (probing) {
            if (savedEtag.isPresent() && !same(savedEtag, block.etag())) {
                forgetSavedProgress("its ETag is " + hex(block.etag()) + ", not " + hex(savedEtag));
            }
            savedEtag = Optional.empty();
            etag = block.etag();
        } else if (!same(etag, block.etag())) {
            resourceChanged(block.etag());
            return;
        }
        if (block.size() < ledger.blockSize()) {
            LOG.debug("{}: the server prefers {}-byte blocks over {}", uri, block.size(), ledger.blockSize());
            ledger.shrink(block.size());
            pacer.blockSize(block.size());
        }
        Optional<Failed> conflict = block.conflict(ledger.total(), sink.capacity())
                .or(() -> keeper.write(block.offset(), block.payload()));
        if (conflict.isPresent()) {
            finish(conflict.get());
            return;
        }
        probing = false;
        block.impliedSize().ifPresent(ledger::total);
        ledger.received(block.offset(), block.payload().length);
        pacer.answered(exchange.sent, block.payload().length, exchange.noRttSample, clock.instant());
        detectLosses();
        if (ledger.complete()) {
            complete(progress(), ledger.total().getAsLong(), etag);
            return;
        }
        keeper.blockWritten(progress());
        fill();
    }

    /** The resource is not the one the saved progress was for: start over (not counted as a change). */
    private void forgetSavedProgress(String reason) throws IOException {
        LOG.info("{} changed since the progress was saved ({}): starting over", uri, reason);
        keeper.startOver();
        ledger.clear();
        savedEtag = Optional.empty();
    }

    /** A different ETag mid-download: start over once, then give up. */
    private void resourceChanged(Optional<byte[]> newEtag) throws IOException {
        if (restarted) {
            finish(new Failed(Failure.INTEGRITY, "the resource changed twice during the download"));
            return;
        }
        LOG.info("{} changed during the download (ETag {} -> {}): starting over", uri, hex(etag), hex(newEtag));
        restarted = true;
        generation++;
        inFlight.cancelAll();
        keeper.startOver();
        ledger.clear();
        etag = Optional.empty();
        probing = true;
        fill();
    }

    synchronized void unanswered(Request request, String reason) {
        BlockExchange exchange = settle(request);
        if (exchange == null) {
            return;
        }
        request.cancel();
        pacer.lost(clock.instant());
        int retry = retryLater(exchange.offset, Failure.CONNECTION_LOST, reason, Duration.ZERO);
        if (retry == SILENT_RETRIES_BEFORE_HANDSHAKE && "coaps".equalsIgnoreCase(uri.getScheme())) {
            renewSession = true;
        }
    }

    synchronized void retransmitting(BlockExchange exchange) {
        if (!done && exchange.generation == generation) {
            if (!exchange.presumedLost) {
                pacer.lost(clock.instant());
            }
            exchange.presumedLost = false;
            exchange.transmittedAt = clock.instant();
        }
    }

    /**
     * Marks the requests the pacer now presumes lost, each once per transmission, and tells it of each; adaptive
     * windows only (a fixed window behaves as it always did: every loss is found by its timeout).
     */
    private void detectLosses() {
        if (!options.window().adaptive()) {
            return;
        }
        Instant now = clock.instant();
        for (BlockExchange e : inFlight.exchanges()) {
            if (!e.presumedLost && pacer.presumedLost(e.transmittedAt, now)) {
                e.presumedLost = true;
                LOG.trace("{}: block at {} presumed lost", uri, e.offset);
                pacer.lossInferred(now);
            }
        }
    }

    private int presumedLost() {
        int n = 0;
        for (BlockExchange e : inFlight.exchanges()) {
            n += e.presumedLost ? 1 : 0;
        }
        return n;
    }

    /** Removes an answered or abandoned request; null when it no longer counts (old, or the download ended). */
    private BlockExchange settle(Request request) {
        BlockExchange exchange = inFlight.remove(request);
        if (exchange == null || done) {
            return null;
        }
        ledger.settled(exchange.offset);
        return exchange;
    }

    /** Schedules a retry of the block at {@code offset}, or fails the download; returns the block's retry count. */
    private int retryLater(long offset, Failure failure, String reason, Duration atLeast) {
        int retry = ledger.retry(offset);
        if (retry > options.maxRetriesPerBlock()) {
            finish(new Failed(failure, reason + " (block at offset " + offset + ", after "
                    + options.maxRetriesPerBlock() + " retries)"));
            return retry;
        }
        Duration backoff = options.backoff(retry);
        Duration wait = backoff.compareTo(atLeast) < 0 ? atLeast : backoff;
        LOG.debug("{}: {} for the block at {}; retry {} of {} in {} ms", uri, reason, offset, retry,
                options.maxRetriesPerBlock(), wait.toMillis());
        int current = generation;
        tasks.schedule(() -> retryDue(offset, current), wait);
        return retry;
    }

    private synchronized void retryDue(long offset, int ofGeneration) {
        if (!done && ofGeneration == generation) {
            ledger.ready(offset);
            fill();
        }
    }

    @Override
    protected void stopAll() {
        inFlight.cancelAll();
    }

    @Override
    protected Optional<DownloadProgress> progressToKeep() {
        return ledger != null && etag.isPresent() && ledger.receivedBlocks() > 0 ? Optional.of(progress())
                : Optional.empty();
    }

    private DownloadProgress progress() {
        return ledger.progress(uri.toString(), etag);
    }
}
