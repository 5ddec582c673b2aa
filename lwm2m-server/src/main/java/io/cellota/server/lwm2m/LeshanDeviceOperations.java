package io.cellota.server.lwm2m;

import io.cellota.server.devices.DeviceOperationException;
import io.cellota.server.devices.DeviceOperations;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.eclipse.leshan.core.model.LwM2mModel;
import org.eclipse.leshan.core.model.ObjectModel;
import org.eclipse.leshan.core.model.ResourceModel;
import org.eclipse.leshan.core.node.InvalidLwM2mPathException;
import org.eclipse.leshan.core.node.LwM2mPath;
import org.eclipse.leshan.core.node.LwM2mSingleResource;
import org.eclipse.leshan.core.node.ObjectLink;
import org.eclipse.leshan.core.request.DownlinkRequest;
import org.eclipse.leshan.core.request.ExecuteRequest;
import org.eclipse.leshan.core.request.ObserveRequest;
import org.eclipse.leshan.core.request.ReadRequest;
import org.eclipse.leshan.core.request.WriteRequest;
import org.eclipse.leshan.core.request.exception.ClientSleepingException;
import org.eclipse.leshan.core.request.exception.InvalidRequestException;
import org.eclipse.leshan.core.request.exception.TimeoutException;
import org.eclipse.leshan.core.response.LwM2mResponse;
import org.eclipse.leshan.core.response.ObserveResponse;
import org.eclipse.leshan.core.response.ReadResponse;
import org.eclipse.leshan.core.util.datatype.ULong;
import org.eclipse.leshan.server.registration.Registration;

/**
 * {@link DeviceOperations} over Leshan: each operation goes to the device at once when it is reachable; a
 * queue-mode device that is asleep is refused at once ({@code ASLEEP}) instead of being queued, because a caller
 * waiting for an answer wants it now, not at the next uplink hours later (operations meant to wait for the device
 * are held by {@link io.cellota.server.operations.HeldOperations}, which sends through this); an operation nobody
 * answers within its timeout fails with {@code TIMEOUT}. Writes take the resource's type from the model the device
 * registered with. The server's own observations of Object 5 State and Update Result cannot be cancelled from here.
 */
public final class LeshanDeviceOperations implements DeviceOperations {

    private static final List<String> OWN_OBSERVATIONS = List.of("/5/0/3", "/5/0/5");

    private final Lwm2mServer server;

    public LeshanDeviceOperations(Lwm2mServer server) {
        this.server = server;
    }

    @Override
    public CompletionStage<Outcome> read(String endpoint, String path, Duration timeout) {
        return send(endpoint, timeout, r -> new ReadRequest(path(path).toString()));
    }

    @Override
    public CompletionStage<Outcome> write(String endpoint, String path, Object value, Duration timeout) {
        return send(endpoint, timeout, r -> {
            LwM2mPath p = path(path);
            if (!p.isResource()) {
                throw new DeviceOperationException(DeviceOperationException.Reason.INVALID,
                        "a write names one resource, /object/instance/resource; " + path + " is not one");
            }
            ResourceModel model = server.model(r).getResourceModel(p.getObjectId(), p.getResourceId());
            if (model == null) {
                throw new DeviceOperationException(DeviceOperationException.Reason.INVALID,
                        "the device's model has no resource " + path);
            }
            if (model.multiple) {
                throw new DeviceOperationException(DeviceOperationException.Reason.INVALID,
                        path + " (" + model.name + ") has several instances; only single resources are written here");
            }
            if (!model.operations.isWritable()) {
                throw new DeviceOperationException(DeviceOperationException.Reason.INVALID,
                        path + " (" + model.name + ") is not writable (" + model.operations + ")");
            }
            // a write on the resource's own path: one on the instance with REPLACE would drop its other resources
            return new WriteRequest(WriteRequest.Mode.REPLACE, null, p,
                    LwM2mSingleResource.newResource(p.getResourceId(), typed(value, model), model.type));
        });
    }

    @Override
    public CompletionStage<Outcome> execute(String endpoint, String path, Optional<String> arguments,
                                            Duration timeout) {
        return send(endpoint, timeout, r -> {
            LwM2mPath p = path(path);
            if (!p.isResource()) {
                throw new DeviceOperationException(DeviceOperationException.Reason.INVALID,
                        "an execute names one resource, /object/instance/resource; " + path + " is not one");
            }
            return new ExecuteRequest(p.toString(), arguments.filter(a -> !a.isEmpty()).orElse(null));
        });
    }

    @Override
    public CompletionStage<Outcome> observe(String endpoint, String path, Duration timeout) {
        return send(endpoint, timeout, r -> new ObserveRequest(path(path).toString()));
    }

    @Override
    public int cancelObservation(String endpoint, String path) throws DeviceOperationException {
        String p = path(path).toString();
        if (OWN_OBSERVATIONS.contains(p)) {
            throw new DeviceOperationException(DeviceOperationException.Reason.REFUSED, "the server observes " + p
                    + " itself to follow firmware updates; that observation stays");
        }
        return server.cancelObservations(registration(endpoint), p);
    }

    @Override
    public List<ObjectInfo> objects(String endpoint) throws DeviceOperationException {
        Registration r = registration(endpoint);
        LwM2mModel model = server.model(r);
        List<ObjectInfo> objects = new ArrayList<>();
        r.getSupportedObject().forEach((id, version) -> {
            List<Integer> instances = r.getAvailableInstances().stream()
                    .filter(p -> p.getObjectId().equals(id) && p.isObjectInstance())
                    .map(LwM2mPath::getObjectInstanceId).sorted().toList();
            ObjectModel o = model.getObjectModel(id);
            List<ResourceInfo> resources = o == null ? List.of() : o.resources.values().stream()
                    .sorted(Comparator.comparing(m -> m.id))
                    .map(m -> new ResourceInfo(m.id, m.name, m.operations.name(), m.type.name(), m.multiple,
                            m.units == null ? "" : m.units))
                    .toList();
            objects.add(new ObjectInfo(id, String.valueOf(version), o == null ? "Object " + id : o.name, instances,
                    resources));
        });
        objects.sort(Comparator.comparingInt(ObjectInfo::id));
        return objects;
    }

    /** Makes a request from the registration; may refuse it. */
    private interface RequestMaker {
        DownlinkRequest<? extends LwM2mResponse> make(Registration r) throws DeviceOperationException;
    }

    private CompletionStage<Outcome> send(String endpoint, Duration timeout, RequestMaker maker) {
        try {
            Registration r = registration(endpoint);
            if (r.usesQueueMode() && !server.isAwake(r)) {
                throw asleep(endpoint);
            }
            DownlinkRequest<? extends LwM2mResponse> request;
            try {
                request = maker.make(r);
            } catch (InvalidRequestException | IllegalArgumentException e) {
                throw new DeviceOperationException(DeviceOperationException.Reason.INVALID, e.getMessage());
            }
            return server.send(r, request, timeout).handle((response, error) -> {
                if (error != null) {
                    throw new CompletionException(failure(endpoint, error, timeout));
                }
                return outcome(response);
            });
        } catch (DeviceOperationException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private static DeviceOperationException failure(String endpoint, Throwable error, Duration timeout) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof ClientSleepingException) {
            return asleep(endpoint);
        }
        if (cause instanceof TimeoutException) {
            return new DeviceOperationException(DeviceOperationException.Reason.TIMEOUT, endpoint
                    + " did not answer within " + timeout.toSeconds() + " s");
        }
        return new DeviceOperationException(DeviceOperationException.Reason.TIMEOUT, endpoint
                + " could not be reached: " + cause.getMessage());
    }

    private static DeviceOperationException asleep(String endpoint) {
        return new DeviceOperationException(DeviceOperationException.Reason.ASLEEP, endpoint + " is asleep (queue"
                + " mode); it can be reached for a while after its next uplink: try again then, or hold the operation"
                + " until it wakes with POST /api/v1/devices/" + endpoint + "/operations");
    }

    private static Outcome outcome(LwM2mResponse response) {
        int code = response.getCode().getCode();
        String text = (code / 100) + "." + String.format(Locale.ROOT, "%02d", code % 100);
        Optional<java.util.Map<String, Object>> content = Optional.empty();
        if (response.isSuccess() && response instanceof ReadResponse read && read.getContent() != null) {
            content = Optional.of(NodeJson.of(read.getContent()));
        } else if (response.isSuccess() && response instanceof ObserveResponse observe
                && observe.getContent() != null) {
            content = Optional.of(NodeJson.of(observe.getContent()));
        }
        return new Outcome(response.isSuccess(), text, response.getCode().getName(),
                Optional.ofNullable(response.getErrorMessage()).filter(m -> !m.isEmpty()), content);
    }

    private Registration registration(String endpoint) throws DeviceOperationException {
        return server.registration(endpoint).orElseThrow(() -> new DeviceOperationException(
                DeviceOperationException.Reason.NOT_REGISTERED, endpoint + " is not registered now"));
    }

    private static LwM2mPath path(String path) throws DeviceOperationException {
        try {
            LwM2mPath p = new LwM2mPath(path);
            if (p.isRoot()) {
                throw new DeviceOperationException(DeviceOperationException.Reason.INVALID, "name an object at least,"
                        + " e.g. /3 or /3/0/0");
            }
            return p;
        } catch (InvalidLwM2mPathException | IllegalArgumentException e) {
            throw new DeviceOperationException(DeviceOperationException.Reason.INVALID, "'" + path + "' is not an LwM2M"
                    + " path such as /3/0/0: " + e.getMessage());
        }
    }

    /** A JSON scalar as the Java value Leshan wants for {@code model}'s type. */
    private static Object typed(Object value, ResourceModel model) throws DeviceOperationException {
        String text = String.valueOf(value);
        try {
            return switch (model.type) {
                case STRING -> text;
                case INTEGER -> value instanceof Number n && !(value instanceof Double) ? n.longValue()
                        : Long.parseLong(text.strip());
                case UNSIGNED_INTEGER -> ULong.valueOf(text.strip());
                case FLOAT -> value instanceof Number n ? n.doubleValue() : Double.parseDouble(text.strip());
                case BOOLEAN -> switch (text.strip().toLowerCase(Locale.ROOT)) {
                    case "true", "1" -> Boolean.TRUE;
                    case "false", "0" -> Boolean.FALSE;
                    default -> throw new IllegalArgumentException("not true or false");
                };
                case OPAQUE -> HexFormat.of().parseHex(text.strip());
                case TIME -> value instanceof Number n ? new Date(n.longValue() * 1000)
                        : Date.from(Instant.parse(text.strip()));
                case OBJLNK -> {
                    String[] parts = text.strip().split(":");
                    if (parts.length != 2) {
                        throw new IllegalArgumentException("an object link is object:instance, e.g. 3:0");
                    }
                    yield new ObjectLink(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
                }
                default -> throw new IllegalArgumentException("writing " + model.type + " is not supported here");
            };
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new DeviceOperationException(DeviceOperationException.Reason.INVALID, "'" + text + "' is not a "
                    + model.type + " for " + model.name + ": " + e.getMessage());
        }
    }
}
