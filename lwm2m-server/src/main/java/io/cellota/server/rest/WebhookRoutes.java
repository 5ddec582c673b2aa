package io.cellota.server.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.cellota.server.webhooks.Delivery;
import io.cellota.server.webhooks.EventPatterns;
import io.cellota.server.webhooks.Webhook;
import io.cellota.server.webhooks.WebhookStore;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /api/v1/webhooks}: register a callback URL for chosen event types (the secret deliveries are signed
 * with is shown once, in the answer to the creation), list and get webhooks with their delivery counts, delete
 * one, and page through its delivery history.
 */
public final class WebhookRoutes implements RouteModule {

    private final WebhookStore store;
    private final Clock clock;

    public WebhookRoutes(WebhookStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    @Override
    public void mount(RoutesConfig routes) {
        routes.post("/api/v1/webhooks", this::create);
        routes.get("/api/v1/webhooks", this::list);
        routes.get("/api/v1/webhooks/{id}", ctx -> ctx.json(view(find(ctx.pathParam("id")))));
        routes.delete("/api/v1/webhooks/{id}", this::delete);
        routes.get("/api/v1/webhooks/{id}/deliveries", this::deliveries);
    }

    private void create(Context ctx) {
        JsonNode body = Json.body(ctx);
        JsonNode events = body.get("events");
        if (events == null || !events.isArray()) {
            throw new ApiException(ApiError.INVALID_REQUEST, "'events' is required: an array of event types or patterns"
                    + " such as [\"update.*\", \"device.registered\"] or [\"*\"]");
        }
        List<String> patterns = new ArrayList<>();
        for (JsonNode e : events) {
            if (!e.isTextual()) {
                throw new ApiException(ApiError.INVALID_REQUEST, "'events' must hold strings");
            }
            patterns.add(e.asText());
        }
        Webhook created;
        try {
            created = store.create(Webhook.checkedUrl(Json.text(body, "url")), new EventPatterns(patterns),
                    Json.optionalText(body, "secret"), Json.optionalText(body, "description").orElse(""),
                    clock.instant());
        } catch (IllegalArgumentException e) {
            throw new ApiException(ApiError.INVALID_REQUEST, e.getMessage());
        } catch (IllegalStateException e) {
            throw new ApiException(ApiError.CONFLICT, e.getMessage());
        }
        Map<String, Object> view = view(created);
        view.put("secret", created.secret());
        ctx.status(201).json(view);
    }

    private void list(Context ctx) {
        Paging p = Paging.of(ctx);
        List<Webhook> all = store.list();
        List<Map<String, Object>> items = all.stream().skip(p.offset()).limit(p.limit()).map(this::view).toList();
        ctx.json(new Page<>(items, p.offset(), p.limit(), all.size()));
    }

    private void delete(Context ctx) {
        if (!store.delete(ctx.pathParam("id"))) {
            throw notFound(ctx.pathParam("id"));
        }
        ctx.status(204);
    }

    private void deliveries(Context ctx) throws IOException {
        Webhook webhook = find(ctx.pathParam("id"));
        Paging p = Paging.of(ctx);
        Optional<Delivery.State> state = Optional.ofNullable(ctx.queryParam("state")).map(s -> {
            try {
                return Delivery.State.valueOf(s.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new ApiException(ApiError.INVALID_REQUEST, "state must be PENDING, DELIVERED or FAILED, was '"
                        + s + "'");
            }
        });
        Map<Delivery.State, Long> counts = store.counts(webhook.id());
        long total = state.map(counts::get).orElse(counts.values().stream().mapToLong(Long::longValue).sum());
        List<Map<String, Object>> items = new ArrayList<>();
        for (Delivery d : store.deliveries(webhook.id(), state, p.offset(), p.limit())) {
            items.add(view(d));
        }
        ctx.json(new Page<>(items, p.offset(), p.limit(), total));
    }

    private Webhook find(String id) {
        return store.get(id).orElseThrow(() -> notFound(id));
    }

    private static ApiException notFound(String id) {
        return new ApiException(ApiError.WEBHOOK_NOT_FOUND, "no webhook '" + id + "'");
    }

    private Map<String, Object> view(Webhook w) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", w.id());
        v.put("url", w.url().toString());
        v.put("events", w.events().patterns());
        v.put("description", w.description());
        v.put("createdAt", w.createdAt().toString());
        Map<String, Long> deliveries = new LinkedHashMap<>();
        store.counts(w.id()).forEach((s, n) -> deliveries.put(s.name().toLowerCase(Locale.ROOT), n));
        v.put("deliveries", deliveries);
        return v;
    }

    private static Map<String, Object> view(Delivery d) throws IOException {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", "whd-" + d.seq());
        v.put("eventType", d.eventType());
        v.put("state", d.state().name());
        v.put("attempts", d.attempts());
        if (d.state() == Delivery.State.PENDING) {
            v.put("nextAttemptAt", d.nextAttempt().toString());
        }
        d.lastStatus().ifPresent(s -> v.put("lastStatus", s));
        d.lastError().ifPresent(e -> v.put("lastError", e));
        v.put("createdAt", d.createdAt().toString());
        d.finishedAt().ifPresent(t -> v.put("finishedAt", t.toString()));
        v.put("event", RestServer.JSON.readTree(d.payload()));
        return v;
    }
}
