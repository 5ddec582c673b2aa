package io.cellota.server.events;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fans server events out to subscribers (SSE clients) and keeps the last few hundred, so a client that
 * reconnects with {@code Last-Event-ID} misses nothing recent. Subscribers must not block.
 */
public final class EventBus {

    private static final Logger LOG = LoggerFactory.getLogger(EventBus.class);
    private static final int KEPT = 1000;

    private final Clock clock;
    private final List<Consumer<ServerEvent>> subscribers = new CopyOnWriteArrayList<>();
    private final Deque<ServerEvent> recent = new ArrayDeque<>();
    private long sequence;

    public EventBus(Clock clock) {
        this.clock = clock;
    }

    /**
     * Publishes one event. Numbering and delivery happen under one lock, so every subscriber sees the events in
     * the order of their numbers, whichever threads publish them; subscribers must therefore be quick (the event
     * stream queues per client; webhooks write one outbox row).
     */
    public void publish(String type, String endpoint, Map<String, Object> data) {
        synchronized (recent) {
            ServerEvent event = new ServerEvent(++sequence, type, clock.instant(), endpoint, data);
            recent.addLast(event);
            if (recent.size() > KEPT) {
                recent.removeFirst();
            }
            for (Consumer<ServerEvent> s : subscribers) {
                try {
                    s.accept(event);
                } catch (RuntimeException e) {
                    LOG.debug("an event subscriber failed: {}", e.toString());
                }
            }
        }
    }

    /** Subscribes; returns the events after {@code afterSequence} still kept, to replay first. */
    public List<ServerEvent> subscribe(Consumer<ServerEvent> subscriber, long afterSequence) {
        synchronized (recent) {
            subscribers.add(subscriber);
            return recent.stream().filter(e -> e.sequence() > afterSequence).toList();
        }
    }

    /** Unsubscribes; once this returns, {@code subscriber} is not called again (a delivery under way is waited for). */
    public void unsubscribe(Consumer<ServerEvent> subscriber) {
        synchronized (recent) {
            subscribers.remove(subscriber);
        }
    }
}
