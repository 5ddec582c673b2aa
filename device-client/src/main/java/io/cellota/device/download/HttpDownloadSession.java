package io.cellota.device.download;

import static io.cellota.device.download.Etags.same;
import static java.nio.charset.StandardCharsets.ISO_8859_1;

import io.cellota.device.download.DownloadOutcome.Failed;
import io.cellota.device.download.DownloadOutcome.Failure;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodySubscriber;
import java.net.http.HttpResponse.BodySubscribers;
import java.net.http.HttpResponse.ResponseInfo;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Flow;
import javax.net.ssl.SSLHandshakeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running HTTP download (see {@link HttpDownloader} for the behaviour): a sequence of {@link HttpAttempt}s,
 * each a GET that resumes with {@code Range}/{@code If-Range} from the first byte not yet written. State is
 * guarded by this object's lock, taken by the HTTP client's threads and the timers.
 */
final class HttpDownloadSession extends DownloadSession {

    private static final Logger LOG = LoggerFactory.getLogger(HttpDownloadSession.class);

    private final HttpClient client;
    private final int unit;
    /** Bytes {@code [0, position)} of the representation {@link #etag} are in the sink. */
    private long position;
    private long total = -1;
    private Optional<byte[]> etag = Optional.empty();
    /** Whether {@link #etag} was seen in this session rather than loaded with saved progress. */
    private boolean confirmed;
    private boolean restarted;
    private int failures;
    private int attempts;
    private HttpAttempt current;

    HttpDownloadSession(HttpClient client, URI uri, BlockSink sink, ProgressStore store, DownloadListener listener,
            DownloadOptions options, SessionTasks tasks, Clock clock) {
        super(uri, sink, store, listener, options, tasks, clock);
        this.client = client;
        this.unit = options.blockSize();
    }

    @Override
    protected void resumeOrStartOver() throws IOException {
        Optional<DownloadProgress> saved = keeper.load().filter(p -> p.uri().equals(uri.toString()));
        if (saved.isPresent() && saved.get().etag().filter(Etags::strong).isPresent()) {
            etag = saved.get().etag();
            total = saved.get().totalSize().orElse(-1L);
            long resumeAt = saved.get().firstMissing() * saved.get().blockSize();
            position = total > 0 ? Math.min(resumeAt, total - 1) : resumeAt;
            LOG.info("Resuming download of {} at byte {} from {}", uri, position, saved.get());
        } else {
            keeper.startOver();
            LOG.info("Starting download of {}", uri);
        }
        send();
    }

    private synchronized void send() {
        if (done) {
            return;
        }
        HttpAttempt attempt = new HttpAttempt(++attempts);
        current = attempt;
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET().timeout(options.idleTimeout());
        if (position > 0 && etag.filter(Etags::strong).isPresent()) {
            request.header("Range", "bytes=" + position + "-").header("If-Range", new String(etag.get(), ISO_8859_1));
        } else {
            position = 0;
        }
        LOG.debug("GET {} from byte {} (attempt {})", uri, position, attempt.number);
        attempt.exchange = client.sendAsync(request.build(), info -> headers(attempt, info))
                .whenComplete((response, error) -> {
                    if (error != null) {
                        tasks.run(() -> failedBeforeBody(attempt, error));
                    }
                });
        armIdle(attempt);
    }

    private synchronized BodySubscriber<Void> headers(HttpAttempt attempt, ResponseInfo info) {
        if (done || attempt != current) {
            return BodySubscribers.replacing(null);
        }
        HttpAnswer answer = HttpAnswer.of(info.statusCode(), info.headers());
        Optional<Failed> refused = Optional.empty();
        if (answer instanceof HttpAnswer.Full full) {
            refused = fullBody(full);
        } else if (answer instanceof HttpAnswer.Partial partial) {
            refused = partialBody(attempt, partial);
        } else if (answer instanceof HttpAnswer.Unsatisfiable) {
            refused = changed("nothing at byte " + position + " (416)").or(() -> restartNow(attempt));
        } else if (answer instanceof HttpAnswer.Fatal fatal) {
            refused = Optional.of(new Failed(fatal.failure(), fatal.reason()));
        } else if (answer instanceof HttpAnswer.Retry retry) {
            failed(attempt, retry.reason(), retry.atLeast(), retry.failure());
        }
        refused.ifPresent(this::finish);
        return !done && attempt == current ? new BodyWriter(this, attempt) : BodySubscribers.replacing(null);
    }

    /** A 200: the whole representation from byte 0 (a new version, or a server that ignores Range). */
    private Optional<Failed> fullBody(HttpAnswer.Full full) {
        if (!same(etag, full.etag()) && (confirmed || position > 0)) {
            Optional<Failed> refused = changed("the ETag changed");
            if (refused.isPresent()) {
                return refused;
            }
        }
        if (full.length() > sink.capacity()) {
            return Optional.of(tooLarge(full.length()));
        }
        etag = full.etag();
        confirmed = true;
        position = 0;
        total = full.length();
        return Optional.empty();
    }

    /** A 206: the rest of the representation from where we asked, unless the resource changed meanwhile. */
    private Optional<Failed> partialBody(HttpAttempt attempt, HttpAnswer.Partial partial) {
        ContentRange range = partial.range();
        if (range.first() != position) {
            return Optional.of(new Failed(Failure.INTEGRITY, "asked for bytes from " + position + ", got " + range));
        }
        long complete = range.complete().orElse(-1);
        if ((partial.etag().isPresent() && !same(etag, partial.etag()))
                || (total >= 0 && complete >= 0 && complete != total)) {
            return changed("the server ignored If-Range for a changed resource").or(() -> restartNow(attempt));
        }
        if (complete > sink.capacity()) {
            return Optional.of(tooLarge(complete));
        }
        confirmed = true;
        total = complete;
        return Optional.empty();
    }

    /** The resource is not what the progress was for: start over from byte 0 (once, if seen in this session). */
    private Optional<Failed> changed(String reason) {
        if (confirmed && restarted) {
            return Optional.of(new Failed(Failure.INTEGRITY, "the resource changed twice during the download"));
        }
        restarted |= confirmed;
        LOG.info("{}: {}; starting over", uri, reason);
        try {
            keeper.startOver();
        } catch (IOException e) {
            return Optional.of(new Failed(Failure.OUT_OF_STORAGE, "cannot reset the slot: " + e));
        }
        position = 0;
        total = -1;
        confirmed = false;
        etag = Optional.empty();
        return Optional.empty();
    }

    /** Gives {@code attempt} up without counting it as a failure, and sends a new one at once. */
    private Optional<Failed> restartNow(HttpAttempt attempt) {
        current = null;
        attempt.stop();
        tasks.run(this::send);
        return Optional.empty();
    }

    synchronized boolean subscribed(HttpAttempt attempt, Flow.Subscription subscription) {
        attempt.subscription = subscription;
        return !done && attempt == current;
    }

    synchronized boolean received(HttpAttempt attempt, List<ByteBuffer> buffers) {
        if (done || attempt != current) {
            return false;
        }
        for (ByteBuffer buffer : buffers) {
            long end = position + buffer.remaining();
            Optional<Failed> refused = total < 0 && end > sink.capacity() ? Optional.of(tooLarge(end))
                    : total >= 0 && end > total
                            ? Optional.of(new Failed(Failure.INTEGRITY, "more bytes than the announced " + total))
                            : keeper.write(position, buffer);
            if (refused.isPresent()) {
                finish(refused.get());
                return false;
            }
            int blocks = (int) (end / unit - position / unit);
            position = end;
            failures = 0;
            try {
                keeper.blocksWritten(blocks, progress());
            } catch (IOException e) {
                finish(new Failed(Failure.OUT_OF_STORAGE, "storage failed: " + e));
                return false;
            }
        }
        armIdle(attempt);
        return true;
    }

    synchronized void ended(HttpAttempt attempt) {
        if (done || attempt != current) {
            return;
        }
        if (total >= 0 && position < total) {
            failed(attempt, "the body ended at byte " + position + " of " + total, Duration.ZERO, Failure.CONNECTION_LOST);
            return;
        }
        total = position;
        complete(progress(), total, etag);
    }

    synchronized void dropped(HttpAttempt attempt, Throwable error) {
        failed(attempt, "connection dropped: " + error, Duration.ZERO, Failure.CONNECTION_LOST);
    }

    private synchronized void failedBeforeBody(HttpAttempt attempt, Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof SSLHandshakeException || cause.getCause() instanceof SSLHandshakeException) {
            if (attempt == current) {
                finish(new Failed(Failure.CONNECTION_LOST, "TLS handshake failed: " + cause.getMessage()));
            }
            return;
        }
        failed(attempt, "request failed: " + cause, Duration.ZERO, Failure.CONNECTION_LOST);
    }

    /** Gives {@code attempt} up and sends the next one after a back-off, or fails when out of retries. */
    private void failed(HttpAttempt attempt, String reason, Duration atLeast, Failure failure) {
        if (done || attempt != current) {
            return;
        }
        current = null;
        attempt.stop();
        failures++;
        if (failures > options.maxRetriesPerBlock()) {
            finish(new Failed(failure, reason + " (after " + options.maxRetriesPerBlock() + " retries)"));
            return;
        }
        Duration backoff = options.backoff(failures);
        Duration wait = backoff.compareTo(atLeast) < 0 ? atLeast : backoff;
        LOG.debug("{}: {}; retry {} of {} from byte {} in {} ms", uri, reason, failures, options.maxRetriesPerBlock(),
                position, wait.toMillis());
        tasks.schedule(this::send, wait);
    }

    private void armIdle(HttpAttempt attempt) {
        attempt.idle(tasks.schedule(() -> stalled(attempt), options.idleTimeout()));
    }

    private synchronized void stalled(HttpAttempt attempt) {
        failed(attempt, "no data for " + options.idleTimeout().toMillis() + " ms", Duration.ZERO,
                Failure.CONNECTION_LOST);
    }

    @Override
    protected void stopAll() {
        if (current != null) {
            current.stop();
            current = null;
        }
    }

    @Override
    protected Optional<DownloadProgress> progressToKeep() {
        return etag.isPresent() && position >= unit ? Optional.of(progress()) : Optional.empty();
    }

    private Failed tooLarge(long bytes) {
        return new Failed(Failure.TOO_LARGE, "the package (" + bytes + " bytes or more) exceeds the "
                + sink.capacity() + "-byte slot");
    }

    /** Whole blocks of {@code unit} bytes below {@link #position}, or every block once complete. */
    private DownloadProgress progress() {
        BitSet received = new BitSet();
        boolean complete = total >= 0 && position >= total;
        received.set(0, (int) (complete ? (total + unit - 1) / unit : position / unit));
        return new DownloadProgress(uri.toString(), etag, total < 0 ? Optional.empty() : Optional.of(total), unit,
                received);
    }
}
