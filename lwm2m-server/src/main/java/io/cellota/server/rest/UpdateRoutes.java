package io.cellota.server.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.cellota.firmware.object5.ProtocolSupport;
import io.cellota.firmware.object5.UpdateResult;
import io.cellota.server.repository.FirmwarePackage;
import io.cellota.server.repository.FirmwareRepository;
import io.cellota.server.update.Delivery;
import io.cellota.server.update.DeviceUpdate;
import io.cellota.server.update.PackageFacts;
import io.cellota.server.update.Preference;
import io.cellota.server.update.UpdateEngine;
import io.cellota.server.update.UpdateEvent;
import io.cellota.server.update.UpdateId;
import io.cellota.server.update.UpdateListing;
import io.cellota.server.update.UpdatePhase;
import io.cellota.server.update.UpdateQuery;
import io.cellota.server.update.UpdateRefusedException;
import io.cellota.server.update.UpdateRequest;
import io.cellota.server.update.UpdateStore;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Clock;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Per-device updates: {@code POST /api/v1/devices/{endpoint}/updates} with {@code {"firmwareId":…,
 * "delivery":"pull|push", "protocol":"coap|coaps|http|https"}} (the last two optional) starts one;
 * {@code GET /api/v1/updates/{id}} gives its {@code state} and the device's last {@code updateResult} with its
 * meaning; {@code GET /api/v1/updates/{id}/history}; {@code POST /api/v1/updates/{id}/cancel}. Listings, newest
 * first and paged: {@code GET /api/v1/devices/{endpoint}/updates} and {@code GET /api/v1/updates}, with
 * {@code ?state=} (state words, repeated or comma-separated) and, on the second, {@code ?endpoint=}.
 */
public final class UpdateRoutes implements RouteModule {

    private final UpdateEngine engine;
    private final UpdateStore store;
    private final UpdateListing listing;
    private final FirmwareRepository firmware;
    private final Clock clock;

    /** Routes over {@code store}, which also lists the updates (as the JDBC store does). */
    public <S extends UpdateStore & UpdateListing> UpdateRoutes(UpdateEngine engine, S store, FirmwareRepository firmware,
            Clock clock) {
        this.engine = engine;
        this.store = store;
        this.listing = store;
        this.firmware = firmware;
        this.clock = clock;
    }

    @Override
    public void mount(RoutesConfig routes) {
        routes.post("/api/v1/devices/{endpoint}/updates", this::start);
        routes.get("/api/v1/devices/{endpoint}/updates", ctx -> list(ctx, states(ctx).withEndpoint(ctx.pathParam("endpoint"))));
        routes.get("/api/v1/updates", ctx -> list(ctx, filters(ctx)));
        routes.get("/api/v1/updates/{id}", ctx -> ctx.json(view(find(ctx.pathParam("id")))));
        routes.get("/api/v1/updates/{id}/history", ctx -> ctx.json(
                store.history(find(ctx.pathParam("id")).id()).stream().map(UpdateRoutes::event).toList()));
        routes.post("/api/v1/updates/{id}/cancel", this::cancel);
    }

    private void start(Context ctx) {
        String endpoint = ctx.pathParam("endpoint");
        JsonNode body = Json.body(ctx);
        String firmwareId = Json.text(body, "firmwareId");
        FirmwarePackage pkg = firmware.find(firmwareId).orElseThrow(() -> new ApiException(ApiError.FIRMWARE_NOT_FOUND,
                "no firmware package '" + firmwareId + "'"));
        Preference preference = Preference.NONE;
        Optional<String> delivery = Json.optionalText(body, "delivery");
        if (delivery.isPresent()) {
            preference = preference.withDelivery(switch (delivery.get()) {
                case "pull" -> Delivery.PULL;
                case "push" -> Delivery.PUSH;
                default -> throw new ApiException(ApiError.INVALID_REQUEST, "delivery must be pull or push");
            });
        }
        Optional<String> protocol = Json.optionalText(body, "protocol");
        if (protocol.isPresent()) {
            preference = preference.withProtocol(ProtocolSupport.fromScheme(protocol.get())
                    .filter(p -> p.code() <= ProtocolSupport.HTTPS.code())
                    .orElseThrow(() -> new ApiException(ApiError.INVALID_REQUEST,
                            "protocol must be coap, coaps, http or https")));
        }
        DeviceUpdate update;
        try {
            PackageFacts target = new PackageFacts(pkg.id(), pkg.version(), pkg.size(),
                    pkg.type().name().toLowerCase(Locale.ROOT));
            update = engine.submit(UpdateRequest.of(endpoint, target).withPreference(preference), clock.instant());
        } catch (UpdateRefusedException e) {
            throw new ApiException(switch (e.reason()) {
                case DEVICE_BUSY -> ApiError.UPDATE_ACTIVE;
                case NOT_FOUND -> ApiError.DEVICE_NOT_FOUND;
                default -> ApiError.CONFLICT;
            }, e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new ApiException(ApiError.INVALID_REQUEST, e.getMessage());
        }
        ctx.status(201).json(view(update));
    }

    private void list(Context ctx, UpdateQuery query) {
        Paging p = Paging.of(ctx);
        ctx.json(new Page<>(listing.list(query, p.offset(), p.limit()).stream().map(UpdateRoutes::view).toList(),
                p.offset(), p.limit(), listing.count(query)));
    }

    /** {@code ?endpoint=} and {@code ?state=}. */
    private static UpdateQuery filters(Context ctx) {
        UpdateQuery query = states(ctx);
        String endpoint = ctx.queryParam("endpoint");
        if (endpoint == null) {
            return query;
        }
        if (endpoint.isEmpty()) {
            throw new ApiException(ApiError.INVALID_REQUEST, "endpoint must not be empty");
        }
        return query.withEndpoint(endpoint);
    }

    /** {@code ?state=}: state words, repeated or separated by commas; none means every state. */
    private static UpdateQuery states(Context ctx) {
        Set<UpdatePhase> phases = EnumSet.noneOf(UpdatePhase.class);
        for (String value : ctx.queryParams("state")) {
            for (String word : value.split(",", -1)) {
                phases.add(phase(word.strip()));
            }
        }
        return UpdateQuery.ALL.withPhases(phases);
    }

    private static UpdatePhase phase(String word) {
        try {
            return UpdatePhase.valueOf(word);
        } catch (IllegalArgumentException e) {
            throw new ApiException(ApiError.INVALID_REQUEST, "state must be one or more of "
                    + String.join(", ", Arrays.stream(UpdatePhase.values()).map(Enum::name).toList())
                    + ", separated by commas; '" + word + "' is none of them");
        }
    }

    private void cancel(Context ctx) {
        DeviceUpdate update = find(ctx.pathParam("id"));
        try {
            ctx.json(view(engine.cancel(update.id(), clock.instant())));
        } catch (UpdateRefusedException e) {
            throw new ApiException(ApiError.CONFLICT, e.getMessage());
        }
    }

    private DeviceUpdate find(String id) {
        try {
            return store.find(new UpdateId(id)).orElseThrow(() -> new ApiException(ApiError.UPDATE_NOT_FOUND,
                    "no update '" + id + "'"));
        } catch (IllegalArgumentException e) {
            throw new ApiException(ApiError.UPDATE_NOT_FOUND, "no update '" + id + "'");
        }
    }

    /** An update as the API shows it. */
    static Map<String, Object> view(DeviceUpdate u) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", u.id().value());
        v.put("endpoint", u.endpoint());
        v.put("firmwareId", u.target().packageId());
        v.put("targetVersion", u.target().targetVersion());
        v.put("state", u.phase().name());
        v.put("attempt", u.attempt());
        u.plan().ifPresent(p -> {
            v.put("delivery", p.delivery().name().toLowerCase(Locale.ROOT));
            p.protocol().ifPresent(pr -> v.put("protocol", pr.scheme()));
        });
        Optional<UpdateResult> result = u.failure().flatMap(f -> f.updateResult())
                .or(() -> u.deviceStatus().map(s -> s.result()));
        result.ifPresent(r -> {
            v.put("updateResult", r.code());
            v.put("updateResultMeaning", r.description());
        });
        u.deviceStatus().ifPresent(s -> v.put("deviceState", s.state().name()));
        u.failure().ifPresent(f -> v.put("failure", f.describe()));
        v.put("createdAt", u.createdAt().toString());
        v.put("updatedAt", u.updatedAt().toString());
        return v;
    }

    static Map<String, Object> event(UpdateEvent e) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("time", e.time().toString());
        e.from().ifPresent(f -> v.put("from", f.name()));
        v.put("to", e.to().name());
        v.put("detail", e.detail());
        return v;
    }
}
