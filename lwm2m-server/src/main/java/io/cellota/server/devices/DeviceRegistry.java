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
 * register, wake, sleep and report; read by the API and the campaigns. Thread-safe; snapshots are immutable.
 *
 * <p>With {@link Snapshots}, what it learns outlives the server: it starts from the saved snapshots (every device
 * not registered until it registers again), and {@link #flush} saves the devices changed since the last flush
 * (the server flushes every few seconds and when it closes). A crash loses at most the last few seconds of
 * last-seen times, which the devices' next uplinks restore.
 */
public final class DeviceRegistry {

    /** Where snapshots are kept across restarts. */
    public interface Snapshots {
        List<DeviceSnapshot> loadAll();

        void saveAll(java.util.Collection<DeviceSnapshot> snapshots);

        /** Keeps nothing: a registry that forgets at every restart. */
        Snapshots NONE = new Snapshots() {
            @Override
            public List<DeviceSnapshot> loadAll() {
                return List.of();
            }

            @Override
            public void saveAll(java.util.Collection<DeviceSnapshot> snapshots) {
            }
        };
    }

    private final Map<String, DeviceSnapshot> devices = new ConcurrentHashMap<>();
    private final java.util.Set<String> dirty = ConcurrentHashMap.newKeySet();
    private final Snapshots snapshots;

    /** A registry that keeps nothing across restarts. */
    public DeviceRegistry() {
        this(Snapshots.NONE);
    }

    /** A registry that starts from {@code snapshots} and saves into them at {@link #flush}. */
    public DeviceRegistry(Snapshots snapshots) {
        this.snapshots = snapshots;
        for (DeviceSnapshot s : snapshots.loadAll()) {
            devices.put(s.endpoint(), s.withoutRegistration());
        }
    }

    /** Saves the devices changed since the last flush; what fails to save is tried again at the next one. */
    public synchronized void flush() {
        List<String> changed = List.copyOf(dirty);
        if (changed.isEmpty()) {
            return;
        }
        dirty.removeAll(changed);
        try {
            snapshots.saveAll(changed.stream().map(devices::get).filter(java.util.Objects::nonNull).toList());
        } catch (RuntimeException e) {
            dirty.addAll(changed);
            throw e;
        }
    }

    public Optional<DeviceSnapshot> find(String endpoint) {
        return Optional.ofNullable(devices.get(endpoint));
    }

    /** Applies {@code change} to the device's snapshot (creating it if unknown) and returns the result. */
    public DeviceSnapshot update(String endpoint, UnaryOperator<DeviceSnapshot> change) {
        DeviceSnapshot updated = devices.compute(endpoint,
                (ep, old) -> change.apply(old == null ? DeviceSnapshot.unregistered(ep) : old));
        dirty.add(endpoint);
        return updated;
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
