package io.cellota.server.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.cellota.server.devices.DeviceTags;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * {@code /api/v1/devices/{endpoint}/tags}: a device's tags (groups), which campaigns target. {@code PUT} with
 * {@code {"tags": ["north", "lab"]}} replaces them (an empty array removes them), before or after the device first
 * registers; {@code GET} reads them (an empty array for a device without any).
 */
public final class DeviceTagRoutes implements RouteModule {

    private final DeviceTags tags;

    public DeviceTagRoutes(DeviceTags tags) {
        this.tags = tags;
    }

    @Override
    public void mount(RoutesConfig routes) {
        routes.put("/api/v1/devices/{endpoint}/tags", this::put);
        routes.get("/api/v1/devices/{endpoint}/tags", ctx -> ctx.json(view(ctx.pathParam("endpoint"),
                tags.tags(ctx.pathParam("endpoint")))));
    }

    private void put(Context ctx) {
        String endpoint = ctx.pathParam("endpoint");
        JsonNode body = Json.body(ctx);
        JsonNode list = body.get("tags");
        if (list == null || !list.isArray() || body.size() != 1) {
            throw new ApiException(ApiError.INVALID_REQUEST, "the body is {\"tags\": [...]}, an array of tags");
        }
        Set<String> wanted = new LinkedHashSet<>();
        for (JsonNode tag : list) {
            if (!tag.isTextual()) {
                throw new ApiException(ApiError.INVALID_REQUEST, "'tags' must be an array of strings");
            }
            wanted.add(tag.textValue());
        }
        try {
            ctx.json(view(endpoint, tags.replace(endpoint, wanted)));
        } catch (IllegalArgumentException e) {
            throw new ApiException(ApiError.INVALID_REQUEST, e.getMessage());
        }
    }

    private static Map<String, Object> view(String endpoint, Set<String> tags) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("endpoint", endpoint);
        v.put("tags", tags.stream().sorted().toList());
        return v;
    }
}
