package io.cellota.server.webhooks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cellota.server.events.EventBus;
import io.cellota.server.events.ServerEvent;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Webhooks in a running server: every event published on the {@link EventBus} goes into the outbox of the
 * webhooks that want it, synchronously, before {@code publish} returns; a thread of its own sends it at once,
 * then looks for due retries every second, and re-reads the webhooks every half minute.
 *
 * <p>The body of a delivery is the event as the event stream shows it:
 * {@code {"type": …, "time": …, "endpoint": …, "data": {…}}}.
 */
public final class WebhookService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookService.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final WebhookStore store;
    private final EventBus events;
    private final Clock clock;
    private final Consumer<ServerEvent> subscriber = this::onEvent;
    private final ScheduledExecutorService scheduler;
    private final Runnable send;
    private final java.util.concurrent.atomic.AtomicBoolean sendQueued =
            new java.util.concurrent.atomic.AtomicBoolean();

    private WebhookService(WebhookStore store, EventBus events, WebhookDispatcher dispatcher, Clock clock) {
        this.store = store;
        this.events = events;
        this.clock = clock;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "cellota-webhooks");
            t.setDaemon(true);
            return t;
        });
        this.send = () -> {
            try {
                dispatcher.runDue(clock.instant());
            } catch (RuntimeException e) {
                LOG.warn("sending webhooks failed: {}", e.toString());
            }
        };
        scheduler.scheduleWithFixedDelay(send, 1, 1, TimeUnit.SECONDS);
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                store.refresh();
            } catch (RuntimeException e) {
                LOG.warn("reading webhooks failed: {}", e.toString());
            }
        }, 30, 30, TimeUnit.SECONDS);
        events.subscribe(subscriber, Long.MAX_VALUE);
    }

    /** Subscribes to {@code events} and starts sending. */
    public static WebhookService start(WebhookStore store, EventBus events, Clock clock) {
        return new WebhookService(store, events,
                new WebhookDispatcher(store, RetryPolicy.DEFAULT, Duration.ofSeconds(10), clock), clock);
    }

    /** The JSON body of a delivery of {@code event}. */
    public static String payload(ServerEvent event) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", event.type());
        body.put("time", event.time().toString());
        body.put("endpoint", event.endpoint());
        body.put("data", event.data());
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("event " + event.type() + " is not JSON-ready: " + e.getMessage(), e);
        }
    }

    private void onEvent(ServerEvent event) {
        try {
            // a burst of events queues one send, not one per event: the send takes everything due
            if (store.enqueue(event.type(), payload(event), clock.instant()) > 0
                    && sendQueued.compareAndSet(false, true)) {
                scheduler.execute(() -> {
                    sendQueued.set(false);
                    send.run();
                });
            }
        } catch (java.util.concurrent.RejectedExecutionException closing) {
            // the server is closing: the event is in the outbox and goes out after the next start
        } catch (RuntimeException e) {
            LOG.error("event {} of {} could not be queued for webhooks: {}", event.type(), event.endpoint(),
                    e.toString());
        }
    }

    @Override
    public void close() {
        events.unsubscribe(subscriber);
        scheduler.shutdownNow();
    }
}
