package io.cellota.server.lwm2m;

import io.cellota.server.devices.DeviceRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.eclipse.leshan.core.node.LwM2mObjectInstance;
import org.eclipse.leshan.core.node.LwM2mResource;
import org.eclipse.leshan.core.node.LwM2mSingleResource;
import org.eclipse.leshan.core.request.ObserveRequest;
import org.eclipse.leshan.core.request.ReadRequest;
import org.eclipse.leshan.core.response.ReadResponse;
import org.eclipse.leshan.server.registration.Registration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the {@link DeviceRegistry} true to the devices: on each registration it records the registration and
 * reads the model (/3/0/1) and firmware version (/3/0/3), Object 5 (State, Update Result) and the radio (/4/0), and
 * observes Object 5 State and Update Result; presence and notifications update the snapshot. Every event is then
 * passed on to the listeners (the update engine, the campaigns), and {@link DeviceEvents#identified} once model and
 * version are read.
 */
public final class DeviceTracker implements DeviceEvents {

    private static final Logger LOG = LoggerFactory.getLogger(DeviceTracker.class);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

    private final DeviceRegistry registry;
    private final Supplier<Lwm2mServer> server;
    private final Clock clock;
    private final List<DeviceEvents> listeners = new CopyOnWriteArrayList<>();

    public DeviceTracker(DeviceRegistry registry, Supplier<Lwm2mServer> server, Clock clock) {
        this.registry = registry;
        this.server = server;
        this.clock = clock;
    }

    public void addListener(DeviceEvents listener) {
        listeners.add(listener);
    }

    @Override
    public void registered(String endpoint) {
        server.get().registration(endpoint).ifPresent(r -> {
            registry.update(endpoint, s -> s.withRegistration(r.getId(), r.getLwM2mVersion().toString(),
                    bindingText(r), r.usesQueueMode(), r.getSocketAddress().getHostString() + ":" + r.getPort(),
                    clock.instant()));
            learn(r);
        });
        listeners.forEach(l -> l.registered(endpoint));
    }

    @Override
    public void updated(String endpoint) {
        registry.update(endpoint, s -> s.withPresence(true, Optional.of(clock.instant())));
        listeners.forEach(l -> l.updated(endpoint));
    }

    @Override
    public void deregistered(String endpoint) {
        registry.update(endpoint, s -> s.withoutRegistration());
        listeners.forEach(l -> l.deregistered(endpoint));
    }

    @Override
    public void awake(String endpoint) {
        registry.update(endpoint, s -> s.withPresence(true, Optional.of(clock.instant())));
        listeners.forEach(l -> l.awake(endpoint));
    }

    @Override
    public void sleeping(String endpoint) {
        registry.update(endpoint, s -> s.withPresence(false, Optional.empty()));
        listeners.forEach(l -> l.sleeping(endpoint));
    }

    @Override
    public void object5(String endpoint, int resourceId, long value) {
        registry.update(endpoint, s -> resourceId == 3 ? s.withObject5(OptionalInt.of((int) value), OptionalInt.empty())
                : s.withObject5(OptionalInt.empty(), OptionalInt.of((int) value)));
        listeners.forEach(l -> l.object5(endpoint, resourceId, value));
    }

    @Override
    public void notified(String endpoint, String path, java.util.Map<String, Object> content) {
        listeners.forEach(l -> l.notified(endpoint, path, content));
    }

    private static String bindingText(Registration r) {
        StringBuilder b = new StringBuilder();
        r.getBindingMode().forEach(m -> b.append(m.name()));
        if (r.usesQueueMode() && b.indexOf("Q") < 0) {
            b.append('Q');
        }
        return b.toString();
    }

    /** Reads what the registry shows and observes Object 5, without blocking Leshan's threads. */
    private void learn(Registration r) {
        String endpoint = r.getEndpoint();
        Lwm2mServer lwm2m = server.get();
        CompletableFuture<Void> model = lwm2m.send(r, new ReadRequest(3, 0, 1), READ_TIMEOUT)
                .thenAccept(resp -> text(resp).ifPresent(v -> registry.update(endpoint, s -> s.withModel(v))))
                .toCompletableFuture();
        CompletableFuture<Void> version = lwm2m.send(r, new ReadRequest(3, 0, 3), READ_TIMEOUT)
                .thenAccept(resp -> text(resp).ifPresent(v -> registry.update(endpoint, s -> s.withFirmwareVersion(v))))
                .toCompletableFuture();
        CompletableFuture<Void> radio = CompletableFuture.completedFuture(null);
        if (r.getSupportedVersion(4) != null) {
            radio = lwm2m.send(r, new ReadRequest(4, 0), READ_TIMEOUT).thenAccept(resp -> {
                if (resp.isSuccess() && resp.getContent() instanceof LwM2mObjectInstance i) {
                    registry.update(endpoint, s -> s.withRadio(integer(i, 0), integer(i, 2),
                            OptionalLong.of(integer(i, 8).orElse(-1)).stream().filter(v -> v >= 0).findFirst()));
                }
            }).toCompletableFuture();
        }
        CompletableFuture.allOf(model, version, radio).whenComplete((ignored, e) -> {
            if (e != null) {
                LOG.debug("{}: cannot read model, firmware version or radio: {}", endpoint, e.toString());
            }
            listeners.forEach(l -> l.identified(endpoint));
        });
        if (r.getSupportedVersion(5) != null) {
            lwm2m.send(r, new ObserveRequest(5, 0, 3), READ_TIMEOUT)
                    .thenCompose(resp -> lwm2m.send(r, new ObserveRequest(5, 0, 5), READ_TIMEOUT))
                    .exceptionally(e -> {
                        LOG.debug("{}: cannot observe object 5: {}", endpoint, e.toString());
                        return null;
                    });
            lwm2m.send(r, new ReadRequest(5, 0), READ_TIMEOUT).thenAccept(resp -> {
                if (resp.isSuccess() && resp.getContent() instanceof LwM2mObjectInstance i) {
                    registry.update(endpoint, s -> s.withObject5(integer(i, 3), integer(i, 5)));
                }
            });
        }
    }

    private static Optional<String> text(ReadResponse response) {
        return response != null && response.isSuccess() && response.getContent() instanceof LwM2mSingleResource r
                ? Optional.of(String.valueOf(r.getValue())) : Optional.empty();
    }

    private static OptionalInt integer(LwM2mObjectInstance instance, int resourceId) {
        LwM2mResource r = instance.getResource(resourceId);
        return r != null && !r.isMultiInstances() && r.getValue() instanceof Number n
                ? OptionalInt.of(n.intValue()) : OptionalInt.empty();
    }
}
