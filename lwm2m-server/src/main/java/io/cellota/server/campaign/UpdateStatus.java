package io.cellota.server.campaign;

import io.cellota.server.update.Failure;
import io.cellota.server.update.UpdateId;
import io.cellota.server.update.UpdatePhase;
import java.util.Objects;
import java.util.Optional;

/**
 * A device update as a campaign follows it: its id, the update store's revision (later reports have higher ones,
 * so an old report arriving late is ignored), its phase, and its failure once it failed or was cancelled.
 */
public record UpdateStatus(UpdateId id, long revision, UpdatePhase phase, Optional<Failure> failure) {

    /** Checks every part is present. */
    public UpdateStatus {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(failure, "failure");
    }
}
