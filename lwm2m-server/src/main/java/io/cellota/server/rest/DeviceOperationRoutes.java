package io.cellota.server.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.cellota.server.devices.DeviceOperationException;
import io.cellota.server.devices.DeviceOperations;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Generic LwM2M operations on a device's resources, {@code ?path=/3/0/0} naming the target: {@code GET
 * /api/v1/devices/{endpoint}/objects} (what it declared, with the model's names), {@code GET …/lwm2m} reads,
 * {@code PUT …/lwm2m} with {@code {"value": …}} writes one resource, {@code POST …/lwm2m/execute} with optional
 * {@code {"arguments": "…"}} executes, {@code POST …/lwm2m/observe} observes (notifications arrive on the event
 * stream as {@code device.notification}), {@code DELETE …/lwm2m/observe} cancels. {@code ?timeout=} (seconds,
 * 1..300) bounds the wait for the device. The device's own answer, error codes included, is a 200 with
 * {@code success}, {@code code} and {@code codeName}; a device not registered, asleep or silent is an API error.
 */
public final class DeviceOperationRoutes implements RouteModule {

    private static final int MAX_TIMEOUT_SECONDS = 300;

    private final DeviceOperations operations;
    private final Duration defaultTimeout;

    /** @param defaultTimeout how long to wait for a device without {@code ?timeout=} */
    public DeviceOperationRoutes(DeviceOperations operations, Duration defaultTimeout) {
        this.operations = operations;
        this.defaultTimeout = defaultTimeout;
    }

    @Override
    public void mount(RoutesConfig routes) {
        String base = "/api/v1/devices/{endpoint}/lwm2m";
        routes.get("/api/v1/devices/{endpoint}/objects", this::objects);
        routes.get(base, ctx -> answer(ctx, "read", operations.read(endpoint(ctx), path(ctx), timeout(ctx))));
        routes.put(base, ctx -> {
            JsonNode body = Json.body(ctx);
            JsonNode value = body.get("value");
            if (value == null || value.isNull()) {
                throw new ApiException(ApiError.INVALID_REQUEST, "'value' is required: a string, number or boolean");
            }
            Object v = Json.scalar(value, "value");
            answer(ctx, "write", operations.write(endpoint(ctx), path(ctx), v, timeout(ctx)));
        });
        routes.post(base + "/execute", ctx -> {
            Optional<String> arguments = ctx.body().isBlank() ? Optional.empty()
                    : Json.optionalText(Json.body(ctx), "arguments");
            answer(ctx, "execute", operations.execute(endpoint(ctx), path(ctx), arguments, timeout(ctx)));
        });
        routes.post(base + "/observe", ctx -> answer(ctx, "observe",
                operations.observe(endpoint(ctx), path(ctx), timeout(ctx))));
        routes.delete(base + "/observe", ctx -> {
            try {
                int cancelled = operations.cancelObservation(endpoint(ctx), path(ctx));
                ctx.json(Map.of("endpoint", endpoint(ctx), "path", path(ctx), "cancelled", cancelled));
            } catch (DeviceOperationException e) {
                throw translate(e);
            }
        });
    }

    private void objects(Context ctx) {
        try {
            List<DeviceOperations.ObjectInfo> objects = operations.objects(endpoint(ctx));
            ctx.json(Map.of("endpoint", endpoint(ctx), "objects", objects));
        } catch (DeviceOperationException e) {
            throw translate(e);
        }
    }

    private void answer(Context ctx, String operation, CompletionStage<DeviceOperations.Outcome> stage)
            throws InterruptedException {
        DeviceOperations.Outcome outcome;
        try {
            // the stage ends by the device's answer or Leshan's timeout; the extra seconds only guard against a hang
            outcome = stage.toCompletableFuture().get(timeout(ctx).toSeconds() + 5, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof DeviceOperationException d) {
                throw translate(d);
            }
            throw new ApiException(ApiError.DEVICE_TIMEOUT, endpoint(ctx) + " could not be reached");
        } catch (java.util.concurrent.TimeoutException e) {
            throw new ApiException(ApiError.DEVICE_TIMEOUT, endpoint(ctx) + " did not answer in time");
        }
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("endpoint", endpoint(ctx));
        v.put("path", path(ctx));
        v.put("operation", operation);
        v.putAll(outcomeView(outcome));
        ctx.json(v);
    }

    /** The device's answer as the API shows it: success, code, codeName, errorMessage and content when present. */
    static Map<String, Object> outcomeView(DeviceOperations.Outcome outcome) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("success", outcome.success());
        v.put("code", outcome.code());
        v.put("codeName", outcome.codeName());
        outcome.errorMessage().ifPresent(m -> v.put("errorMessage", m));
        outcome.content().ifPresent(c -> v.put("content", c));
        return v;
    }

    static ApiException translate(DeviceOperationException e) {
        ApiError error = switch (e.reason()) {
            case NOT_REGISTERED -> ApiError.DEVICE_NOT_REGISTERED;
            case ASLEEP -> ApiError.DEVICE_ASLEEP;
            case TIMEOUT -> ApiError.DEVICE_TIMEOUT;
            case INVALID -> ApiError.INVALID_REQUEST;
            case REFUSED -> ApiError.CONFLICT;
        };
        return new ApiException(error, e.getMessage());
    }

    private static String endpoint(Context ctx) {
        return ctx.pathParam("endpoint");
    }

    private static String path(Context ctx) {
        String path = ctx.queryParam("path");
        if (path == null || path.isBlank()) {
            throw new ApiException(ApiError.INVALID_REQUEST, "?path= is required, e.g. ?path=/3/0/0");
        }
        return path;
    }

    private Duration timeout(Context ctx) {
        String t = ctx.queryParam("timeout");
        if (t == null) {
            return defaultTimeout;
        }
        try {
            int seconds = Integer.parseInt(t);
            if (seconds >= 1 && seconds <= MAX_TIMEOUT_SECONDS) {
                return Duration.ofSeconds(seconds);
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new ApiException(ApiError.INVALID_REQUEST, "timeout is 1.." + MAX_TIMEOUT_SECONDS + " seconds, was '"
                + t + "'");
    }
}
