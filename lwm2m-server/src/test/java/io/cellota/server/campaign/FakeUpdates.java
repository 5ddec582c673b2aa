package io.cellota.server.campaign;

import io.cellota.firmware.object5.UpdateResult;
import io.cellota.server.update.Failure;
import io.cellota.server.update.UpdateId;
import io.cellota.server.update.UpdatePhase;
import io.cellota.server.update.UpdateRefusedException;
import io.cellota.server.update.UpdateRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The update engine as a test drives it: every start and cancel is recorded, an update moves only when the test
 * says (and the campaign engine hears of it as from the real one), a device can be made busy, and the fake can
 * forget what it was told since a moment, as a crash before a commit would.
 */
final class FakeUpdates implements DeviceUpdates {

    /** One update as the fake keeps it. */
    record Update(UpdateId id, String endpoint, UpdateRequest request, UpdateStatus status) {
    }

    private final Map<UpdateId, Update> updates = new LinkedHashMap<>();
    private final List<UpdateId> started = new ArrayList<>();
    private final List<UpdateId> cancels = new ArrayList<>();
    private final Set<String> busy = new HashSet<>();
    private final Set<String> refuseNext = new HashSet<>();
    private final List<String> violations = new ArrayList<>();
    private final Supplier<Instant> clock;
    private CampaignEngine engine;
    private boolean failStarts;

    FakeUpdates(Supplier<Instant> clock) {
        this.clock = clock;
    }

    /** The engine that hears of every transition. */
    void reportTo(CampaignEngine e) {
        engine = e;
    }

    @Override
    public UpdateStatus start(UpdateId id, UpdateRequest request, Instant now) {
        if (failStarts) {
            throw new IllegalStateException("the database is gone");
        }
        if (updates.containsKey(id)) {
            violations.add("update " + id + " was started twice");
            throw new IllegalArgumentException("update " + id + " exists");
        }
        if (active(request.endpoint()).filter(other -> !busy.contains(request.endpoint())).isPresent()) {
            violations.add(request.endpoint() + " was given a second active update");
        }
        if (refuseNext.remove(request.endpoint()) || active(request.endpoint()).isPresent()) {
            throw new UpdateRefusedException(UpdateRefusedException.Reason.DEVICE_BUSY, "device "
                    + request.endpoint() + " already has an update");
        }
        UpdateStatus status = new UpdateStatus(id, 1, UpdatePhase.QUEUED, Optional.empty());
        updates.put(id, new Update(id, request.endpoint(), request, status));
        started.add(id);
        return status;
    }

    @Override
    public void cancel(UpdateId id, Instant now) {
        Update u = updates.get(id);
        if (u == null) {
            throw new UpdateRefusedException(UpdateRefusedException.Reason.NOT_FOUND, "no update " + id);
        }
        if (u.status().phase().isFinal()) {
            throw new UpdateRefusedException(UpdateRefusedException.Reason.FINISHED, "update " + id + " finished");
        }
        if (u.status().phase().isInstalling()) {
            throw new UpdateRefusedException(UpdateRefusedException.Reason.INSTALLING, "update " + id + " installs");
        }
        cancels.add(id);
        move(u, UpdatePhase.CANCELLED, Optional.of(Failure.engine(Failure.Reason.CANCELLED, "cancelled")));
    }

    @Override
    public Optional<UpdateStatus> find(UpdateId id) {
        return Optional.ofNullable(updates.get(id)).map(Update::status);
    }

    @Override
    public Optional<UpdateId> active(String endpoint) {
        if (busy.contains(endpoint)) {
            return Optional.of(new UpdateId("operator-update-of-" + endpoint));
        }
        return updates.values().stream().filter(u -> u.endpoint().equals(endpoint) && u.status().phase().isActive())
                .map(Update::id).findFirst();
    }

    /** The device's newest update. */
    Update latest(String endpoint) {
        return updates.values().stream().filter(u -> u.endpoint().equals(endpoint)).reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("no update of " + endpoint));
    }

    /** Moves the device's newest update to {@code phase}. */
    void move(String endpoint, UpdatePhase phase) {
        move(latest(endpoint), phase, Optional.empty());
    }

    void succeed(String endpoint) {
        move(latest(endpoint), UpdatePhase.SUCCEEDED, Optional.empty());
    }

    void fail(String endpoint, UpdateResult result) {
        move(latest(endpoint), UpdatePhase.FAILED, Optional.of(Failure.device(result)));
    }

    /** Every start, in order, by endpoint. */
    List<String> starts() {
        return started.stream().map(id -> updates.get(id).endpoint()).toList();
    }

    List<UpdateId> startedIds() {
        return List.copyOf(started);
    }

    List<String> cancelled() {
        return cancels.stream().map(id -> updates.get(id).endpoint()).toList();
    }

    /** The devices whose update is active now. */
    List<String> running() {
        return updates.values().stream().filter(u -> u.status().phase().isActive()).map(Update::endpoint).toList();
    }

    void busy(String endpoint, boolean isBusy) {
        if (isBusy) {
            busy.add(endpoint);
        } else {
            busy.remove(endpoint);
        }
    }

    /** The device's next start is refused as busy, though {@link #active} said it was free (a race). */
    void refuseNextStart(String endpoint) {
        refuseNext.add(endpoint);
    }

    /** What the campaign did that it must never do: start an update twice, or two at once on one device. */
    List<String> violations() {
        return List.copyOf(violations);
    }

    void failStarts(boolean fail) {
        failStarts = fail;
    }

    /** Forgets update {@code id}, as if the process had crashed before its start was committed. */
    void forget(UpdateId id) {
        updates.remove(id);
        started.remove(id);
    }

    private void move(Update u, UpdatePhase phase, Optional<Failure> failure) {
        UpdateStatus next = new UpdateStatus(u.id(), u.status().revision() + 1, phase, failure);
        updates.put(u.id(), new Update(u.id(), u.endpoint(), u.request(), next));
        if (engine != null) {
            engine.onUpdate(next, clock.get());
        }
    }
}
