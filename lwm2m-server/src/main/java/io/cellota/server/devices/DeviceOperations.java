package io.cellota.server.devices;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Generic LwM2M operations on any resource of a registered device, as the Leshan demo offers them, so an operator
 * needs no second tool: read, write (one resource), execute, observe and cancel an observation, and the objects the
 * device declared with their model. Leshan-free: content is JSON-ready values (see {@link Outcome#content()}).
 * A device that is not registered, or asleep (queue mode, no uplink within the awake time), is refused at once
 * with a {@link DeviceOperationException}; an operation nobody answers in time fails with one too.
 */
public interface DeviceOperations {

    CompletionStage<Outcome> read(String endpoint, String path, Duration timeout);

    /** Writes (replaces) one single-instance resource; {@code value} is a JSON scalar, read by the resource's type. */
    CompletionStage<Outcome> write(String endpoint, String path, Object value, Duration timeout);

    CompletionStage<Outcome> execute(String endpoint, String path, Optional<String> arguments, Duration timeout);

    /** Observes {@code path}: the current value now, each later notification as a {@code device.notification} event. */
    CompletionStage<Outcome> observe(String endpoint, String path, Duration timeout);

    /** Forgets the server's observations of {@code path} (the device is told at its next notification). */
    int cancelObservation(String endpoint, String path) throws DeviceOperationException;

    /** The objects the device registered with, with their instances and resource definitions. */
    List<ObjectInfo> objects(String endpoint) throws DeviceOperationException;

    /**
     * The device's answer: whether it succeeded, its CoAP code ({@code 2.05}) and name ({@code CONTENT}), its
     * error message if it gave one, and the content of a read or observe as nested maps: an object
     * {@code {kind: object, id, instances: [...]}}, an instance {@code {kind: instance, id, resources: [...]}}, a
     * resource {@code {kind: resource, id, type, value}} or, multiple, {@code {..., values: {"0": v, ...}}}; values
     * are numbers, booleans, strings, ISO-8601 instants (TIME), hex (OPAQUE) or {@code 3:0} (OBJLNK).
     */
    record Outcome(boolean success, String code, String codeName, Optional<String> errorMessage,
                   Optional<Map<String, Object>> content) {
        public Outcome {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(codeName, "codeName");
            Objects.requireNonNull(errorMessage, "errorMessage");
            Objects.requireNonNull(content, "content");
        }
    }

    /** An object the device declared: id, version, name from the model, instances, resource definitions. */
    record ObjectInfo(int id, String version, String name, List<Integer> instances, List<ResourceInfo> resources) {
        public ObjectInfo {
            instances = List.copyOf(instances);
            resources = List.copyOf(resources);
        }
    }

    /** A resource definition: id, name, operations ({@code R}, {@code W}, {@code RW}, {@code E}, {@code NONE}). */
    record ResourceInfo(int id, String name, String operations, String type, boolean multiple, String units) {
    }
}
