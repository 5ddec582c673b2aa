package io.cellota.server.update;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One entry of an update's history: when, from which phase (empty for the creation) to which, and
 * what happened, in words for operators. Appended by {@link UpdateStore#save} with the change it
 * records.
 */
public record UpdateEvent(UpdateId updateId, Instant time, Optional<UpdatePhase> from, UpdatePhase to,
        String detail) {

    /** Checks every part is present and the detail says something. */
    public UpdateEvent {
        Objects.requireNonNull(updateId, "updateId");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(detail, "detail");
        if (detail.isBlank()) {
            throw new IllegalArgumentException("an event must say what happened");
        }
    }
}
