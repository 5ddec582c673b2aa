package io.cellota.server.update;

import java.util.List;
import java.util.Optional;

/**
 * Where updates and their history live. The JDBC store implements it; {@link InMemoryUpdateStore} is
 * for tests. Implementations are safe to call from several threads.
 *
 * <p>Contract: a save is compare-and-set on {@link DeviceUpdate#revision()} and stores the update and
 * its history events atomically (one transaction); at most one active update per endpoint, enforced
 * by {@link #create} itself (e.g. a unique index on the endpoint of active rows), not by the caller.
 */
public interface UpdateStore {

    /**
     * Stores a new update (revision 0) with its first event and returns it at revision 1.
     *
     * @throws UpdateRefusedException {@code DEVICE_BUSY} if the endpoint has an active update
     * @throws IllegalArgumentException if the update is not at revision 0, its id is taken, or the event is
     *                                  another update's
     */
    DeviceUpdate create(DeviceUpdate update, UpdateEvent event);

    /**
     * Stores {@code update} if the stored revision still equals {@code update.revision()}, appends
     * {@code events} to its history in the same transaction, and returns it at the next revision.
     *
     * @throws UpdateConflictException if the stored revision differs, or the update was never created
     * @throws IllegalArgumentException if an event is another update's
     */
    DeviceUpdate save(DeviceUpdate update, List<UpdateEvent> events);

    /** The update with this id. */
    Optional<DeviceUpdate> find(UpdateId id);

    /** The endpoint's active update (not in a final phase), if it has one. */
    Optional<DeviceUpdate> findActive(String endpoint);

    /** Every active update, e.g. to recover after a restart. */
    List<DeviceUpdate> listActive();

    /** The update's history, oldest first; empty for an unknown id. */
    List<UpdateEvent> history(UpdateId id);
}
