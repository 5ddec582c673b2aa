package io.cellota.server.update;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The engine's copy of the active updates as last saved, by id and by endpoint; not thread-safe. */
final class ActiveUpdates {

    private final Map<UpdateId, DeviceUpdate> byId = new LinkedHashMap<>();
    private final Map<String, UpdateId> byEndpoint = new HashMap<>();

    /** Remembers {@code update} as saved; forgets it once it is final. */
    void put(DeviceUpdate update) {
        if (update.phase().isFinal()) {
            remove(update.id());
            return;
        }
        byId.put(update.id(), update);
        byEndpoint.put(update.endpoint(), update.id());
    }

    void remove(UpdateId id) {
        DeviceUpdate old = byId.remove(id);
        if (old != null) {
            byEndpoint.remove(old.endpoint(), id);
        }
    }

    Optional<DeviceUpdate> byId(UpdateId id) {
        return Optional.ofNullable(byId.get(id));
    }

    Optional<DeviceUpdate> byEndpoint(String endpoint) {
        return Optional.ofNullable(byEndpoint.get(endpoint)).map(byId::get);
    }

    List<DeviceUpdate> all() {
        return List.copyOf(byId.values());
    }

    void clear() {
        byId.clear();
        byEndpoint.clear();
    }
}
