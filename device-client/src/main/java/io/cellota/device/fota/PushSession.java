package io.cellota.device.fota;

import io.cellota.device.download.BlockSink;
import io.cellota.device.download.OutOfStorageException;
import io.cellota.firmware.object5.Transition;
import io.cellota.firmware.object5.Trigger;
import io.cellota.firmware.object5.UpdateResult;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One push of the Package (/5/0/0) received block by block: each block is written to the slot as it arrives,
 * never held whole in memory. A push that stalls longer than the idle timeout fails with Update Result 4; a
 * storage failure with 3; the end validates the package like a pulled one.
 */
public final class PushSession {

    /** How a push starts: with a session, or refused by the state machine (the device answers 4.00). */
    public sealed interface Start {
        record Started(PushSession session) implements Start {
        }

        record Refused(Transition transition) implements Start {
        }
    }

    private final FirmwareUpdateService service;
    private final long generation;
    private final BlockSink sink;
    private final Duration idleTimeout;
    private final ScheduledExecutorService scheduler;
    private final Object lock = new Object();
    private ScheduledFuture<?> watchdog;
    private UpdateResult failure;
    private boolean finished;

    PushSession(FirmwareUpdateService service, long generation, BlockSink sink, Duration idleTimeout,
                ScheduledExecutorService scheduler) {
        this.service = service;
        this.generation = generation;
        this.sink = sink;
        this.idleTimeout = idleTimeout;
        this.scheduler = scheduler;
    }

    /** The Update Result this push failed with, if it did; the device answers the block with an error then. */
    public Optional<UpdateResult> failure() {
        synchronized (lock) {
            return Optional.ofNullable(failure);
        }
    }

    /** Writes one block at {@code offset}; false when the push has failed (see {@link #failure()}). */
    public boolean write(long offset, ByteBuffer data) {
        synchronized (lock) {
            if (failure != null || finished) {
                return failure == null;
            }
        }
        try {
            if (offset + data.remaining() > sink.capacity()) {
                fail(UpdateResult.NOT_ENOUGH_FLASH, "the package outgrows the slot's " + sink.capacity() + " bytes");
                return false;
            }
            sink.write(offset, data);
        } catch (OutOfStorageException e) {
            fail(UpdateResult.OUT_OF_RAM, "out of storage: " + e.getMessage());
            return false;
        } catch (IOException e) {
            fail(UpdateResult.OUT_OF_RAM, "storage failed: " + e.getMessage());
            return false;
        }
        arm();
        return true;
    }

    /** The last block was written: the package is {@code size} bytes; validate it. */
    public void complete(long size) {
        synchronized (lock) {
            if (failure != null || finished) {
                return;
            }
            finished = true;
        }
        disarm();
        try {
            sink.flush();
        } catch (IOException e) {
            fail(UpdateResult.OUT_OF_RAM, "storage failed: " + e.getMessage());
            return;
        }
        service.packageComplete(generation, size, "firmware");
    }

    /** Fails the push with {@code result}. */
    public void fail(UpdateResult result, String why) {
        synchronized (lock) {
            if (failure != null) {
                return;
            }
            failure = result;
            finished = true;
        }
        disarm();
        service.downloadFinished(generation, new Trigger.DownloadFailed(result), Optional.empty(), why);
    }

    void arm() {
        synchronized (lock) {
            if (watchdog != null) {
                watchdog.cancel(false);
            }
            if (!finished) {
                watchdog = scheduler.schedule(() -> fail(UpdateResult.CONNECTION_LOST, "no block for " + idleTimeout),
                        idleTimeout.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
    }

    /** The push was superseded (reset, cancel, a new push): later blocks are refused, nothing is reported. */
    void abandon() {
        synchronized (lock) {
            finished = true;
            if (failure == null) {
                failure = UpdateResult.CANCELLED;
            }
        }
        disarm();
    }

    void disarm() {
        synchronized (lock) {
            if (watchdog != null) {
                watchdog.cancel(false);
                watchdog = null;
            }
        }
    }
}
