package io.cellota.server.app;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SIGINT and SIGTERM as a stop request. A shutdown hook asks the command to stop, waits until it has closed the
 * server and reported its exit code (at most {@link #GRACE}), then ends the JVM with that code. Without the
 * last step the JVM would exit with 128 + the signal (130, 143) after a clean stop, which service managers
 * such as systemd count as a failure.
 *
 * <p>When the command ends by itself (a failed start, a stop from a test) {@link #finished(int)} removes the
 * hook, so that a later {@code System.exit} runs no hook of the server's.
 */
public final class ShutdownSignals {

    /** How long the hook waits for the server to close before the JVM exits anyway. */
    static final Duration GRACE = Duration.ofSeconds(30);

    private static final Logger LOG = LoggerFactory.getLogger(ShutdownSignals.class);

    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile int exitCode;
    private final Thread hook;

    private ShutdownSignals(Runnable stop) {
        this.hook = new Thread(() -> {
            stop.run();
            try {
                if (finished.await(GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                    Runtime.getRuntime().halt(exitCode);
                }
                LOG.warn("the server did not close within {}; exiting anyway", GRACE);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "cellota-server-shutdown");
    }

    /** Installs the hook; {@code stop} is called from it when the JVM is asked to exit. */
    public static ShutdownSignals install(Runnable stop) {
        ShutdownSignals signals = new ShutdownSignals(stop);
        Runtime.getRuntime().addShutdownHook(signals.hook);
        return signals;
    }

    /** The command is done, with {@code code}: the hook, if it is running, ends the JVM with it. */
    public void finished(int code) {
        exitCode = code;
        finished.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook is what stopped the command, and it exits with the code
        }
    }
}
