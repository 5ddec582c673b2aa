package io.cellota.device.download;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Runs a download's work on the injected scheduler: carries the caller's MDC (endpoint, campaign) into each
 * task, and hands any exception a task throws to the session, so that a download never hangs on a bug.
 */
final class SessionTasks {

    private static final Logger LOG = LoggerFactory.getLogger(SessionTasks.class);

    /** A piece of session work that may fail. */
    interface Task {
        void run() throws Exception;
    }

    private final ScheduledExecutorService scheduler;
    private final Map<String, String> mdc;
    private final Consumer<Throwable> onError;

    private SessionTasks(ScheduledExecutorService scheduler, Map<String, String> mdc, Consumer<Throwable> onError) {
        this.scheduler = scheduler;
        this.mdc = mdc;
        this.onError = onError;
    }

    /** Tasks on {@code scheduler} carrying the calling thread's MDC. */
    static SessionTasks capturing(ScheduledExecutorService scheduler) {
        return new SessionTasks(scheduler, MDC.getCopyOfContextMap(), error -> LOG.error("Task failed", error));
    }

    SessionTasks failingWith(Consumer<Throwable> handler) {
        return new SessionTasks(scheduler, mdc, handler);
    }

    /** Runs {@code task} on the scheduler; a refusal (a scheduler shut down too early) goes to the error handler. */
    void run(Task task) {
        try {
            scheduler.execute(wrap(task));
        } catch (RejectedExecutionException e) {
            onError.accept(e);
        }
    }

    /** Schedules {@code task} after {@code delay}; null, after the error handler, when the scheduler refuses. */
    ScheduledFuture<?> schedule(Task task, Duration delay) {
        try {
            return scheduler.schedule(wrap(task), Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            onError.accept(e);
            return null;
        }
    }

    private Runnable wrap(Task task) {
        return () -> {
            Map<String, String> previous = MDC.getCopyOfContextMap();
            if (mdc != null) {
                MDC.setContextMap(mdc);
            }
            try {
                task.run();
            } catch (Exception e) {
                onError.accept(e);
            } finally {
                if (previous != null) {
                    MDC.setContextMap(previous);
                } else {
                    MDC.clear();
                }
            }
        };
    }
}
