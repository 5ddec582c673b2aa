package io.cellota.server.campaign;

import io.cellota.server.update.UpdateId;
import io.cellota.server.update.UpdateRefusedException;
import io.cellota.server.update.UpdateRequest;
import java.time.Instant;
import java.util.Optional;

/**
 * Starting and cancelling one device's update, as a campaign needs it: the server implements it over the
 * per-device {@code UpdateEngine} and its store; tests give a fake. The update's transitions come back through
 * {@link CampaignEngine#onUpdate}.
 */
public interface DeviceUpdates {

    /**
     * Starts update {@code id}, an id the campaign saved first: the same id is never started twice, so a campaign
     * that is unsure whether its start arrived asks {@link #find} and starts again only when it did not.
     *
     * @return the update as it stands once accepted
     * @throws UpdateRefusedException DEVICE_BUSY when the device has another active update
     */
    UpdateStatus start(UpdateId id, UpdateRequest request, Instant now);

    /**
     * Cancels update {@code id} on the device.
     *
     * @throws UpdateRefusedException INSTALLING once the device was told to install, FINISHED, NOT_FOUND
     */
    void cancel(UpdateId id, Instant now);

    /** The update with this id, if it was ever started. */
    Optional<UpdateStatus> find(UpdateId id);

    /** The id of the device's active update, of whatever origin, if it has one. */
    Optional<UpdateId> active(String endpoint);
}
