package io.cellota.server.devices;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * The devices the server knows, with what it last learned of each. Updated by the LwM2M adapter as devices
 * register, wake, sleep and report; read by the API. Thread-safe; snapshots are immutable.
 */
public final class DeviceRegistry {

    private final Map<String, DeviceSnapshot> devices = new ConcurrentHashMap<>();

    public Optional<DeviceSnapshot> find(String endpoint) {
        return Optional.ofNullable(devices.get(endpoint));
    }

    /** Applies {@code change} to the device's snapshot (creating it if unknown) and returns the result. */
    public DeviceSnapshot update(String endpoint, UnaryOperator<DeviceSnapshot> change) {
        return devices.compute(endpoint, (ep, old) -> change.apply(old == null ? DeviceSnapshot.unregistered(ep) : old));
    }

    public void remove(String endpoint) {
        devices.remove(endpoint);
    }

    /** The devices matching {@code filter}, by endpoint name, one page. */
    public List<DeviceSnapshot> list(Predicate<DeviceSnapshot> filter, int offset, int limit) {
        return devices.values().stream().filter(filter).sorted(Comparator.comparing(DeviceSnapshot::endpoint))
                .skip(offset).limit(limit).toList();
    }

    public long count(Predicate<DeviceSnapshot> filter) {
        return devices.values().stream().filter(filter).count();
    }
}
