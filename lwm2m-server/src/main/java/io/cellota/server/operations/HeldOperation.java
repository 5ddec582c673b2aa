package io.cellota.server.operations;

import io.cellota.server.devices.DeviceOperations;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A generic LwM2M operation held for a device until it can be reached: what to do ({@code kind} on {@code path},
 * with the {@code value} of a write or the {@code arguments} of an execute), who asked for it, where it is
 * ({@code status}, the sends tried so far in {@code attempts}) and, once finished, the device's answer
 * ({@code result}) or why there is none ({@code failure}). {@code id} orders a device's operations: they are sent
 * oldest first. Never sent after {@code notAfter}.
 */
public record HeldOperation(long id, String endpoint, Kind kind, String path, Optional<Object> value,
                            Optional<String> arguments, String requestedBy, Status status, int attempts,
                            Instant queuedAt, Instant notAfter, Instant updatedAt,
                            Optional<DeviceOperations.Outcome> result, Optional<String> failure) {

    public HeldOperation {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(arguments, "arguments");
        Objects.requireNonNull(requestedBy, "requestedBy");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(queuedAt, "queuedAt");
        Objects.requireNonNull(notAfter, "notAfter");
        Objects.requireNonNull(updatedAt, "updatedAt");
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(failure, "failure");
    }

    /** The LwM2M operations that can be held. */
    public enum Kind {
        READ, WRITE, EXECUTE, OBSERVE;

        /**
         * Whether sending it twice does no harm, so a send nobody answered may be tried again at the next wake. An
         * execute is sent at most once: a device that ran it and went to sleep before its answer arrived would
         * otherwise run it twice (a second reboot, a second factory reset).
         */
        public boolean repeatable() {
            return this != EXECUTE;
        }
    }

    /**
     * Where a held operation is: {@code QUEUED} until the device can be reached, {@code SENDING} while it is sent,
     * then {@code SUCCEEDED} (the device answered with success), {@code FAILED} (the device answered with an error
     * code, refused it, or never answered), {@code EXPIRED} (not sent before its deadline) or {@code CANCELLED} (by an
     * operator while it waited).
     */
    public enum Status {
        QUEUED, SENDING, SUCCEEDED, FAILED, EXPIRED, CANCELLED;

        public boolean isFinal() {
            return this != QUEUED && this != SENDING;
        }
    }

    /**
     * The data of its {@code device.operation} event: {@code operationId}, {@code operation}, {@code path},
     * {@code status}, {@code attempts}, and once answered the device's {@code code}, or the {@code failure}.
     */
    public Map<String, Object> eventData() {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("operationId", id);
        v.put("operation", kind.name().toLowerCase(Locale.ROOT));
        v.put("path", path);
        v.put("status", status.name());
        v.put("attempts", attempts);
        result.ifPresent(r -> v.put("code", r.code()));
        failure.ifPresent(f -> v.put("failure", f));
        return v;
    }

    /** This operation moved to {@code next} at {@code now}. */
    HeldOperation with(Status next, int attemptsNow, Instant now, Optional<DeviceOperations.Outcome> answer,
                       Optional<String> why) {
        return new HeldOperation(id, endpoint, kind, path, value, arguments, requestedBy, next, attemptsNow, queuedAt,
                notAfter, now, answer, why);
    }
}
