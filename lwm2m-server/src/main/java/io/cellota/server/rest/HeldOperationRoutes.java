package io.cellota.server.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.cellota.server.auth.Caller;
import io.cellota.server.devices.DeviceTags;
import io.cellota.server.operations.HeldOperation;
import io.cellota.server.operations.HeldOperations;
import io.cellota.server.operations.OperationRefusedException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * Operations held for a device until it can be reached (a device asleep in power saving cannot answer the
 * synchronous {@code …/lwm2m} routes): {@code POST /api/v1/devices/{endpoint}/operations} with
 * {@code {"operation": "read|write|execute|observe", "path": "/3/0/0", "value": …, "arguments": "…",
 * "expiresInSeconds": 86400}} answers {@code 202} with the operation, queued; its {@code status} moves to
 * {@code SENDING} when the device wakes, then to {@code SUCCEEDED} or {@code FAILED} with the device's
 * {@code result}, or to {@code EXPIRED}; each change is a {@code device.operation} event. {@code GET} lists a device's
 * operations (paged, newest first, {@code ?status=}), {@code GET …/{id}} reads one, {@code DELETE …/{id}} cancels one
 * still queued. {@code POST /api/v1/operations} holds the same operation for many devices at once: those named in
 * {@code target.endpoints} and those carrying any of {@code target.tags}; each device gets its own operation, and the
 * answer lists them with the devices refused and why.
 */
public final class HeldOperationRoutes implements RouteModule {

    private static final String ALL = "/api/v1/devices/{endpoint}/operations";
    private static final String ONE = ALL + "/{id}";

    /** The most devices one fleet-wide request may reach. */
    static final int MAX_DEVICES = 10_000;

    private final HeldOperations operations;
    private final Predicate<String> knownDevice;
    private final DeviceTags tags;

    /** @param knownDevice whether the server knows the endpoint (registered once, or has its credential) */
    public HeldOperationRoutes(HeldOperations operations, Predicate<String> knownDevice, DeviceTags tags) {
        this.operations = operations;
        this.knownDevice = knownDevice;
        this.tags = tags;
    }

    @Override
    public void mount(RoutesConfig routes) {
        routes.post(ALL, this::hold);
        routes.post("/api/v1/operations", this::holdForMany);
        routes.get(ALL, this::list);
        routes.get(ONE, ctx -> ctx.json(view(operations.find(endpoint(ctx), id(ctx))
                .orElseThrow(() -> notFound(ctx)))));
        routes.delete(ONE, ctx -> {
            try {
                ctx.json(view(operations.cancel(endpoint(ctx), id(ctx), caller(ctx)).orElseThrow(() -> notFound(ctx))));
            } catch (OperationRefusedException e) {
                throw translate(e);
            }
        });
    }

    private void hold(Context ctx) {
        String endpoint = endpoint(ctx);
        JsonNode body = Json.body(ctx);
        Asked asked = asked(body);
        if (!knownDevice.test(endpoint)) {
            throw new ApiException(ApiError.DEVICE_NOT_FOUND, "no device '" + endpoint + "'");
        }
        try {
            ctx.status(202).json(view(operations.hold(asked.request(endpoint, caller(ctx)))));
        } catch (OperationRefusedException e) {
            throw translate(e);
        }
    }

    /** One operation for every device of the target; each device is held or refused on its own. */
    private void holdForMany(Context ctx) {
        JsonNode body = Json.body(ctx);
        Asked asked = asked(body);
        Set<String> devices = targets(body.get("target"));
        String by = caller(ctx);
        try {
            HeldOperations.check(asked.request(devices.iterator().next(), by));
        } catch (OperationRefusedException e) {
            throw translate(e);
        }
        List<Map<String, Object>> held = new ArrayList<>();
        List<Map<String, Object>> refused = new ArrayList<>();
        for (String endpoint : devices) {
            if (!knownDevice.test(endpoint)) {
                refused.add(Map.of("endpoint", endpoint, "reason", "no such device"));
                continue;
            }
            try {
                HeldOperation op = operations.hold(asked.request(endpoint, by));
                held.add(Map.of("endpoint", endpoint, "id", op.id(), "status", op.status().name()));
            } catch (OperationRefusedException e) {
                refused.add(Map.of("endpoint", endpoint, "reason", e.getMessage()));
            }
        }
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("operation", asked.kind().name().toLowerCase(Locale.ROOT));
        v.put("path", asked.path());
        v.put("devices", devices.size());
        v.put("held", held);
        v.put("refused", refused);
        ctx.status(202).json(v);
    }

    private Set<String> targets(JsonNode target) {
        if (target == null || !target.isObject()) {
            throw new ApiException(ApiError.INVALID_REQUEST, "'target' is required: {\"endpoints\": [...]} and/or"
                    + " {\"tags\": [...]}");
        }
        Set<String> devices = new TreeSet<>(strings(target, "endpoints"));
        Set<String> wanted = strings(target, "tags");
        try {
            wanted.forEach(DeviceTags::requireValid);
        } catch (IllegalArgumentException e) {
            throw new ApiException(ApiError.INVALID_REQUEST, e.getMessage());
        }
        if (!wanted.isEmpty()) {
            devices.addAll(tags.tagged(wanted));
        }
        if (devices.isEmpty()) {
            throw new ApiException(ApiError.INVALID_REQUEST, "the target names no device: give endpoints, or tags"
                    + " some device carries");
        }
        if (devices.size() > MAX_DEVICES) {
            throw new ApiException(ApiError.INVALID_REQUEST, "the target has " + devices.size() + " devices; one"
                    + " request reaches at most " + MAX_DEVICES);
        }
        return devices;
    }

    private static Set<String> strings(JsonNode target, String field) {
        JsonNode v = target.get(field);
        if (v == null || v.isNull()) {
            return Set.of();
        }
        if (!v.isArray()) {
            throw new ApiException(ApiError.INVALID_REQUEST, "'target." + field + "' must be an array of strings");
        }
        Set<String> out = new TreeSet<>();
        for (JsonNode item : v) {
            if (!item.isTextual() || item.asText().isBlank()) {
                throw new ApiException(ApiError.INVALID_REQUEST, "'target." + field + "' must be an array of"
                        + " non-empty strings");
            }
            out.add(item.asText());
        }
        return out;
    }

    /** What the body asks for, checked as far as it can be without a device. */
    private record Asked(HeldOperation.Kind kind, String path, Optional<Object> value, Optional<String> arguments,
                         Duration lifetime) {
        HeldOperations.Request request(String endpoint, String by) {
            return new HeldOperations.Request(endpoint, kind, path, value, arguments, lifetime, by);
        }
    }

    private static String caller(Context ctx) {
        Caller caller = ctx.attribute(Guard.CALLER);
        return caller == null ? "unknown" : caller.name();
    }

    private static Asked asked(JsonNode body) {
        HeldOperation.Kind kind = kind(Json.text(body, "operation"));
        String path = Json.text(body, "path");
        Optional<Object> value = Optional.ofNullable(body.get("value")).filter(v -> !v.isNull())
                .map(v -> Json.scalar(v, "value"));
        Optional<String> arguments = Json.optionalText(body, "arguments");
        Duration lifetime = HeldOperations.DEFAULT_LIFETIME;
        JsonNode expires = body.get("expiresInSeconds");
        if (expires != null && !expires.isNull()) {
            if (!expires.canConvertToLong() || !expires.isIntegralNumber()) {
                throw new ApiException(ApiError.INVALID_REQUEST, "'expiresInSeconds' must be a whole number");
            }
            lifetime = Duration.ofSeconds(expires.longValue());
        }
        return new Asked(kind, path, value, arguments, lifetime);
    }

    private void list(Context ctx) {
        String endpoint = endpoint(ctx);
        Paging paging = Paging.of(ctx);
        Optional<HeldOperation.Status> status = Optional.ofNullable(ctx.queryParam("status")).map(s -> {
            try {
                return HeldOperation.Status.valueOf(s.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new ApiException(ApiError.INVALID_REQUEST, "status must be one of "
                        + Arrays.toString(HeldOperation.Status.values()) + ", was '" + s + "'");
            }
        });
        ctx.json(new Page<>(operations.list(endpoint, status, paging.offset(), paging.limit()).stream()
                .map(HeldOperationRoutes::view).toList(), paging.offset(), paging.limit(),
                operations.count(endpoint, status)));
    }

    /** The JSON of an operation (also the data of its {@code device.operation} events, with fewer fields). */
    public static Map<String, Object> view(HeldOperation op) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", op.id());
        v.put("endpoint", op.endpoint());
        v.put("operation", op.kind().name().toLowerCase(Locale.ROOT));
        v.put("path", op.path());
        op.value().ifPresent(x -> v.put("value", x));
        op.arguments().ifPresent(x -> v.put("arguments", x));
        v.put("status", op.status().name());
        v.put("attempts", op.attempts());
        v.put("requestedBy", op.requestedBy());
        v.put("queuedAt", op.queuedAt().toString());
        v.put("notAfter", op.notAfter().toString());
        v.put("updatedAt", op.updatedAt().toString());
        op.result().ifPresent(r -> v.put("result", DeviceOperationRoutes.outcomeView(r)));
        op.failure().ifPresent(f -> v.put("failure", f));
        return v;
    }

    private static HeldOperation.Kind kind(String text) {
        try {
            return HeldOperation.Kind.valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ApiException(ApiError.INVALID_REQUEST, "'operation' must be read, write, execute or observe;"
                    + " was '" + text + "'");
        }
    }

    private static ApiException translate(OperationRefusedException e) {
        return new ApiException(e.reason() == OperationRefusedException.Reason.INVALID ? ApiError.INVALID_REQUEST
                : ApiError.CONFLICT, e.getMessage());
    }

    private static ApiException notFound(Context ctx) {
        return new ApiException(ApiError.OPERATION_NOT_FOUND, "no operation " + ctx.pathParam("id") + " for '"
                + endpoint(ctx) + "'");
    }

    private static String endpoint(Context ctx) {
        return ctx.pathParam("endpoint");
    }

    private static long id(Context ctx) {
        try {
            return Long.parseLong(ctx.pathParam("id"));
        } catch (NumberFormatException e) {
            throw notFound(ctx);
        }
    }
}
