package io.cellota.server.update;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** An {@link UpdateStore} in memory, behind one lock: for tests and for trying the server without a database. */
public final class InMemoryUpdateStore implements UpdateStore {

    private final Map<UpdateId, DeviceUpdate> updates = new LinkedHashMap<>();
    private final Map<UpdateId, List<UpdateEvent>> histories = new HashMap<>();

    @Override
    public synchronized DeviceUpdate create(DeviceUpdate update, UpdateEvent event) {
        if (update.revision() != 0) {
            throw new IllegalArgumentException("a new update has revision 0, not " + update.revision());
        }
        requireOwn(update, List.of(event));
        if (updates.containsKey(update.id())) {
            throw new IllegalArgumentException("update " + update.id() + " exists");
        }
        Optional<DeviceUpdate> active = findActive(update.endpoint());
        if (active.isPresent()) {
            throw new UpdateRefusedException(UpdateRefusedException.Reason.DEVICE_BUSY, "device "
                    + update.endpoint() + " already has update " + active.get().id() + " in " + active.get().phase());
        }
        DeviceUpdate created = update.withRevision(1);
        updates.put(created.id(), created);
        histories.put(created.id(), new ArrayList<>(List.of(event)));
        return created;
    }

    @Override
    public synchronized DeviceUpdate save(DeviceUpdate update, List<UpdateEvent> events) {
        requireOwn(update, events);
        DeviceUpdate stored = updates.get(update.id());
        long actual = stored == null ? -1 : stored.revision();
        if (actual != update.revision()) {
            throw new UpdateConflictException(update.id(), update.revision(), actual);
        }
        DeviceUpdate saved = update.withRevision(actual + 1);
        updates.put(saved.id(), saved);
        histories.get(saved.id()).addAll(events);
        return saved;
    }

    @Override
    public synchronized Optional<DeviceUpdate> find(UpdateId id) {
        return Optional.ofNullable(updates.get(id));
    }

    @Override
    public synchronized Optional<DeviceUpdate> findActive(String endpoint) {
        return updates.values().stream()
                .filter(u -> u.endpoint().equals(endpoint) && u.phase().isActive())
                .findFirst();
    }

    @Override
    public synchronized List<DeviceUpdate> listActive() {
        return updates.values().stream().filter(u -> u.phase().isActive()).toList();
    }

    @Override
    public synchronized List<UpdateEvent> history(UpdateId id) {
        return List.copyOf(histories.getOrDefault(id, List.of()));
    }

    private static void requireOwn(DeviceUpdate update, List<UpdateEvent> events) {
        for (UpdateEvent event : events) {
            if (!event.updateId().equals(update.id())) {
                throw new IllegalArgumentException("event of update " + event.updateId() + " saved with " + update.id());
            }
        }
    }
}
