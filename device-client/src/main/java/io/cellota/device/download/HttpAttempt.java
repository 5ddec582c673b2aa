package io.cellota.device.download;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledFuture;

/**
 * One GET of an HTTP download and what must be stopped when it is given up: the exchange, the body's
 * subscription and the idle timer. Guarded by its session's lock; a session ignores callbacks of any attempt
 * but its current one.
 */
final class HttpAttempt {

    final int number;
    CompletableFuture<?> exchange;
    Flow.Subscription subscription;
    ScheduledFuture<?> idle;

    HttpAttempt(int number) {
        this.number = number;
    }

    /** Replaces the idle timer. */
    void idle(ScheduledFuture<?> timer) {
        if (idle != null) {
            idle.cancel(false);
        }
        idle = timer;
    }

    /** Cancels the idle timer, the body's subscription (closing the connection) and the exchange. */
    void stop() {
        idle(null);
        if (subscription != null) {
            subscription.cancel();
        }
        if (exchange != null) {
            exchange.cancel(true);
        }
    }
}
