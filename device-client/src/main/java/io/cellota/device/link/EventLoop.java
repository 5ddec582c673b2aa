package io.cellota.device.link;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Duration;
import java.util.Comparator;
import java.util.PriorityQueue;
import java.util.Queue;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One thread that owns a selector, a timer queue and all the state they touch (the proxy's sockets, link
 * schedulers and held datagrams), so none of that state needs a lock. Other threads reach it only through
 * {@link #call}. Timers run in time order, equal times in the order they were scheduled; a timer runs at
 * most about a millisecond late, the selector's granularity. When the loop stops it closes every channel
 * registered with it.
 */
final class EventLoop implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EventLoop.class);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);
    private static final long NANOS_PER_MILLI = 1_000_000L;

    /** Reacts to its channel becoming readable; registered as the selection key's attachment. */
    interface ReadHandler {
        void onReadable(SelectionKey key) throws IOException;
    }

    private record Timer(long atNanos, long sequence, Runnable action) {}

    private final Selector selector;
    private final Thread thread;
    private final PriorityQueue<Timer> timers = new PriorityQueue<>(
            Comparator.comparingLong(Timer::atNanos).thenComparingLong(Timer::sequence));
    private final Queue<FutureTask<?>> commands = new ConcurrentLinkedQueue<>();
    private volatile boolean running = true;
    private volatile boolean started;
    private long sequence;

    EventLoop(String threadName) throws IOException {
        this.selector = Selector.open();
        this.thread = new Thread(this::run, threadName);
        this.thread.setDaemon(true);
    }

    void start() {
        started = true;
        thread.start();
    }

    /** The loop's time, in nanoseconds on the {@link System#nanoTime()} scale. */
    long nowNanos() {
        return System.nanoTime();
    }

    /** Watches {@code channel} for datagrams. Loop thread only, or before {@link #start()}. */
    SelectionKey register(SelectableChannel channel, ReadHandler handler) throws ClosedChannelException {
        return channel.register(selector, SelectionKey.OP_READ, handler);
    }

    /** Runs {@code action} on the loop at {@code atNanos}. Loop thread only, or before {@link #start()}. */
    void schedule(long atNanos, Runnable action) {
        timers.add(new Timer(atNanos, sequence++, action));
    }

    /**
     * Runs {@code action} on the loop thread and returns its result; its unchecked exceptions are rethrown
     * here, an {@link IOException} as {@link UncheckedIOException}.
     *
     * @throws IllegalStateException if the loop is closed or does not answer within ten seconds
     */
    <T> T call(Callable<T> action) {
        FutureTask<T> task = new FutureTask<>(action);
        if (Thread.currentThread() == thread) {
            task.run();
        } else {
            requireRunning();
            commands.add(task);
            selector.wakeup();
            if (!running) {
                cancelCommands();
            }
        }
        try {
            return task.get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw unwrap(e.getCause());
        } catch (CancellationException e) {
            throw new IllegalStateException(thread.getName() + " is closed", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException(thread.getName() + " did not answer within " + CALL_TIMEOUT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + thread.getName(), e);
        }
    }

    /** Stops the loop and waits for its thread to end, which closes the channels on its way out. */
    @Override
    public void close() {
        running = false;
        selector.wakeup();
        if (!started) {
            closeChannels();
            return;
        }
        if (Thread.currentThread() != thread) {
            try {
                thread.join(CALL_TIMEOUT.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    boolean isRunning() {
        return running && thread.isAlive();
    }

    private void run() {
        try {
            while (running) {
                runCommands();
                runDueTimers();
                long waitMillis = millisUntilNextTimer();
                if (waitMillis == 0) {
                    selector.selectNow(this::dispatch);
                } else {
                    selector.select(this::dispatch, Math.max(waitMillis, 0));
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.error("{} stopped: its selector failed", thread.getName(), e);
        } finally {
            running = false;
            closeChannels();
            cancelCommands();
        }
    }

    private void dispatch(SelectionKey key) {
        if (!key.isValid()) {
            return;
        }
        try {
            ((ReadHandler) key.attachment()).onReadable(key);
        } catch (IOException | RuntimeException e) {
            LOG.warn("{}: reading from {} failed; carrying on", thread.getName(), key.channel(), e);
        }
    }

    private void runCommands() {
        FutureTask<?> command;
        while ((command = commands.poll()) != null) {
            command.run();
        }
    }

    private void runDueTimers() {
        long now = nowNanos();
        while (!timers.isEmpty() && timers.peek().atNanos() - now <= 0) {
            try {
                timers.poll().action().run();
            } catch (RuntimeException e) {
                LOG.warn("{}: a timed action failed; carrying on", thread.getName(), e);
            }
        }
    }

    /** -1 when no timer is pending, 0 when one is due, else the wait rounded up to a millisecond. */
    private long millisUntilNextTimer() {
        if (timers.isEmpty()) {
            return -1;
        }
        long waitNanos = timers.peek().atNanos() - nowNanos();
        return waitNanos <= 0 ? 0 : (waitNanos + NANOS_PER_MILLI - 1) / NANOS_PER_MILLI;
    }

    private void closeChannels() {
        for (SelectionKey key : selector.keys()) {
            try {
                key.channel().close();
            } catch (IOException e) {
                LOG.debug("closing {} failed", key.channel(), e);
            }
        }
        try {
            selector.close();
        } catch (IOException e) {
            LOG.debug("closing the selector of {} failed", thread.getName(), e);
        }
    }

    private void cancelCommands() {
        FutureTask<?> command;
        while ((command = commands.poll()) != null) {
            command.cancel(false);
        }
    }

    private void requireRunning() {
        if (!running) {
            throw new IllegalStateException(thread.getName() + " is closed");
        }
    }

    private static RuntimeException unwrap(Throwable cause) {
        if (cause instanceof RuntimeException runtime) {
            return runtime;
        }
        if (cause instanceof Error error) {
            throw error;
        }
        if (cause instanceof IOException io) {
            return new UncheckedIOException(io);
        }
        return new IllegalStateException(cause);
    }
}
