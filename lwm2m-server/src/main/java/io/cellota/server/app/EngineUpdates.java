package io.cellota.server.app;

import io.cellota.server.campaign.DeviceUpdates;
import io.cellota.server.campaign.UpdateStatus;
import io.cellota.server.update.DeviceUpdate;
import io.cellota.server.update.UpdateEngine;
import io.cellota.server.update.UpdateId;
import io.cellota.server.update.UpdateRequest;
import io.cellota.server.update.UpdateStore;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

/** Campaigns start and cancel device updates through the per-device {@link UpdateEngine} and read its store. */
final class EngineUpdates implements DeviceUpdates {

    private final Supplier<UpdateEngine> engine;
    private final UpdateStore store;

    EngineUpdates(Supplier<UpdateEngine> engine, UpdateStore store) {
        this.engine = engine;
        this.store = store;
    }

    /** A device update as campaigns follow it. */
    static UpdateStatus status(DeviceUpdate u) {
        return new UpdateStatus(u.id(), u.revision(), u.phase(), u.failure());
    }

    @Override
    public UpdateStatus start(UpdateId id, UpdateRequest request, Instant now) {
        return status(engine.get().submit(id, request, now));
    }

    @Override
    public void cancel(UpdateId id, Instant now) {
        engine.get().cancel(id, now);
    }

    @Override
    public Optional<UpdateStatus> find(UpdateId id) {
        return store.find(id).map(EngineUpdates::status);
    }

    @Override
    public Optional<UpdateId> active(String endpoint) {
        return store.findActive(endpoint).map(DeviceUpdate::id);
    }
}
