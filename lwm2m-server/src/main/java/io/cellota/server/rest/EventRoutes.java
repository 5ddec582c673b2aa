package io.cellota.server.rest;

import io.cellota.server.events.EventBus;
import io.cellota.server.events.ServerEvent;
import io.javalin.config.RoutesConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * {@code GET /api/v1/events}: Server-Sent Events of device, update and campaign transitions (an event of no one
 * device, such as a campaign's own, has no {@code endpoint}); each event's id is its
 * sequence, so a client reconnecting with {@code Last-Event-ID} gets what it missed (of the last thousand).
 */
public final class EventRoutes implements RouteModule {

    private final EventBus bus;
    private final Set<Consumer<ServerEvent>> streams = ConcurrentHashMap.newKeySet();
    private boolean stopped;

    public EventRoutes(EventBus bus) {
        this.bus = bus;
    }

    @Override
    public void mount(RoutesConfig routes) {
        routes.sse("/api/v1/events", client -> {
            client.keepAlive();
            long after = lastEventId(client.ctx().header("Last-Event-ID"));
            Consumer<ServerEvent> send = event -> {
                if (!client.terminated()) {
                    client.sendEvent(event.type(), view(event), String.valueOf(event.sequence()));
                }
            };
            client.onClose(() -> {
                bus.unsubscribe(send);
                streams.remove(send);
            });
            synchronized (streams) {
                if (stopped) {
                    client.close();
                    return;
                }
                streams.add(send);
            }
            bus.subscribe(send, after).forEach(send);
        });
    }

    /**
     * Detaches every stream from the bus before the HTTP server stops: an event published while the server closes
     * (Leshan cancelling requests in flight) must not be written to a connection Jetty has already dropped.
     */
    @Override
    public void stop() {
        synchronized (streams) {
            stopped = true;
        }
        streams.forEach(bus::unsubscribe);
        streams.clear();
    }

    private static long lastEventId(String header) {
        try {
            return header == null ? Long.MAX_VALUE : Long.parseLong(header.strip());
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    private static Map<String, Object> view(ServerEvent e) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("type", e.type());
        v.put("time", e.time().toString());
        if (!e.endpoint().isEmpty()) {
            v.put("endpoint", e.endpoint());
        }
        v.putAll(e.data());
        return v;
    }
}
