package io.cellota.device.download;

import io.cellota.device.download.DownloadOutcome.Failed;
import io.cellota.device.download.DownloadOutcome.Failure;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every running download shares, whatever its protocol: one outcome completed once, the whole-download
 * deadline, cancellation, and the ending (stop what is in flight, keep the progress of a failed download, log
 * it). State is guarded by the session object's lock, which subclasses share.
 */
abstract class DownloadSession implements Download {

    private static final Logger LOG = LoggerFactory.getLogger(DownloadSession.class);

    protected final URI uri;
    protected final BlockSink sink;
    protected final DownloadOptions options;
    protected final SessionTasks tasks;
    protected final ProgressKeeper keeper;
    private final CompletableFuture<DownloadOutcome> outcome = new CompletableFuture<>();
    private ScheduledFuture<?> deadline;
    /** Set once the outcome is decided; every callback checks it. */
    protected boolean done;

    DownloadSession(URI uri, BlockSink sink, ProgressStore store, DownloadListener listener, DownloadOptions options,
            SessionTasks tasks, Clock clock) {
        this.uri = uri;
        this.sink = sink;
        this.options = options;
        this.tasks = tasks.failingWith(this::unexpected);
        this.keeper = new ProgressKeeper(sink, store, listener, options, clock);
    }

    /** A download that failed before it started (a URI it cannot fetch). */
    static Download alreadyFailed(Failure failure, String message) {
        CompletableFuture<DownloadOutcome> failed = CompletableFuture.completedFuture(new Failed(failure, message));
        return new Download() {
            @Override
            public CompletionStage<DownloadOutcome> outcome() {
                return failed.copy();
            }

            @Override
            public void cancel() {
            }
        };
    }

    @Override
    public final CompletionStage<DownloadOutcome> outcome() {
        return outcome.copy();
    }

    @Override
    public final synchronized void cancel() {
        finish(new Failed(Failure.CANCELLED, "cancelled"));
    }

    /** Starts the download on the scheduler, with its deadline. */
    final void begin() {
        tasks.run(() -> {
            synchronized (this) {
                if (!done) {
                    deadline = tasks.schedule(this::timeUp, options.deadline());
                    resumeOrStartOver();
                }
            }
        });
    }

    /** Loads saved progress, resumes from it or starts over, and sends the first request; under the lock. */
    protected abstract void resumeOrStartOver() throws IOException;

    /** Stops every request in flight and its timers; under the lock. */
    protected abstract void stopAll();

    /** The progress worth keeping when the download fails now, if any; under the lock. */
    protected abstract Optional<DownloadProgress> progressToKeep();

    /** Ends the download complete, once {@code progress} (the final one) is saved after a flush. */
    protected final void complete(DownloadProgress progress, long size, Optional<byte[]> etag) {
        try {
            keeper.save(progress);
            finish(new DownloadOutcome.Completed(size, etag));
        } catch (IOException e) {
            finish(new Failed(Failure.OUT_OF_STORAGE, "storage failed: " + e));
        }
    }

    /** Decides the outcome, once: stops everything, keeps the progress of a failure, logs, completes. */
    protected final void finish(DownloadOutcome result) {
        if (done) {
            return;
        }
        done = true;
        if (deadline != null) {
            deadline.cancel(false);
        }
        stopAll();
        if (result instanceof Failed failed) {
            Optional<DownloadProgress> kept = progressToKeep();
            kept.ifPresent(progress -> {
                try {
                    keeper.save(progress);
                } catch (IOException | RuntimeException e) {
                    LOG.warn("Cannot save the progress of {} after it failed: {}", uri, e.toString());
                }
            });
            LOG.info("Download of {} failed: {} ({}); kept {}", uri, failed.failure(), failed.message(),
                    kept.map(Object::toString).orElse("nothing"));
        } else if (result instanceof DownloadOutcome.Completed completed) {
            LOG.info("Download of {} complete: {} bytes, ETag {}", uri, completed.size(), Etags.hex(completed.etag()));
        }
        outcome.complete(result);
    }

    private synchronized void timeUp() {
        finish(new Failed(Failure.CONNECTION_LOST, "the download deadline of " + options.deadline() + " passed"));
    }

    private synchronized void unexpected(Throwable error) {
        if (done) {
            LOG.debug("After the download of {} ended: {}", uri, error.toString());
        } else if (error instanceof IOException) {
            finish(new Failed(Failure.OUT_OF_STORAGE, "storage failed: " + error));
        } else {
            LOG.error("Download of {} failed on an unexpected error", uri, error);
            finish(new Failed(Failure.CONNECTION_LOST, "unexpected error: " + error));
        }
    }
}
