package io.cellota.device.download;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A download's side of the slot: writes blocks to the sink, and persists progress on a cadence (after
 * {@code saveEveryBlocks} new blocks or {@code saveInterval}, whichever comes first) and on demand. Flushes the
 * sink before each save, so that saved progress never counts bytes that are not durable, then tells the
 * listener. Not thread-safe: its session calls it under its lock.
 */
final class ProgressKeeper {

    private static final Logger LOG = LoggerFactory.getLogger(ProgressKeeper.class);

    private final BlockSink sink;
    private final ProgressStore store;
    private final DownloadListener listener;
    private final DownloadOptions options;
    private final Clock clock;
    private int unsaved;
    private Instant lastSave;

    ProgressKeeper(BlockSink sink, ProgressStore store, DownloadListener listener, DownloadOptions options,
            Clock clock) {
        this.sink = sink;
        this.store = store;
        this.listener = listener;
        this.options = options;
        this.clock = clock;
        this.lastSave = clock.instant();
    }

    /** The persisted progress; empty, with a warning, when the store cannot be read. */
    Optional<DownloadProgress> load() {
        try {
            return store.load();
        } catch (IOException | RuntimeException e) {
            LOG.warn("Cannot read the saved download progress, starting over: {}", e.toString());
            return Optional.empty();
        }
    }

    /** Forgets the sink's content and the saved progress: a download from scratch. */
    void startOver() throws IOException {
        sink.reset();
        try {
            store.clear();
        } catch (IOException e) {
            LOG.warn("Cannot clear the saved download progress: {}", e.toString());
        }
        unsaved = 0;
    }

    /** Writes {@code bytes} at {@code offset}; a failure is OUT_OF_STORAGE. */
    Optional<DownloadOutcome.Failed> write(long offset, byte[] bytes) {
        return write(offset, ByteBuffer.wrap(bytes));
    }

    /** Writes {@code bytes} (position to limit) at {@code offset}; a failure is OUT_OF_STORAGE. */
    Optional<DownloadOutcome.Failed> write(long offset, ByteBuffer bytes) {
        try {
            sink.write(offset, bytes);
            return Optional.empty();
        } catch (OutOfStorageException e) {
            return Optional.of(new DownloadOutcome.Failed(DownloadOutcome.Failure.OUT_OF_STORAGE,
                    "out of storage at offset " + offset + ": " + e.getMessage()));
        } catch (IOException e) {
            return Optional.of(new DownloadOutcome.Failed(DownloadOutcome.Failure.OUT_OF_STORAGE,
                    "storage failed at offset " + offset + ": " + e));
        }
    }

    /** Counts one more durable-to-be block and saves {@code progress} if the cadence says so. */
    void blockWritten(DownloadProgress progress) throws IOException {
        blocksWritten(1, progress);
    }

    /** Counts {@code blocks} more durable-to-be blocks and saves {@code progress} if the cadence says so. */
    void blocksWritten(int blocks, DownloadProgress progress) throws IOException {
        unsaved += blocks;
        if (unsaved >= options.saveEveryBlocks()
                || Duration.between(lastSave, clock.instant()).compareTo(options.saveInterval()) >= 0) {
            save(progress);
        }
    }

    /** Flushes the sink, then saves {@code progress}; a failing store is logged, a failing sink thrown. */
    void save(DownloadProgress progress) throws IOException {
        sink.flush();
        try {
            store.save(progress);
        } catch (IOException e) {
            LOG.warn("Cannot save the download progress {}: {}", progress, e.toString());
        }
        unsaved = 0;
        lastSave = clock.instant();
        try {
            listener.onProgress(progress.bytesReceived(), progress.totalSize().orElse(-1L));
        } catch (RuntimeException e) {
            LOG.warn("A download listener failed: {}", e.toString());
        }
    }
}
