package io.cellota.server.update;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Which updates a listing shows ({@link UpdateListing}): those of one device or of every device, in any phase or
 * only in the given phases.
 *
 * @param endpoint the device, or empty for every device
 * @param phases   the phases to show; empty shows every phase
 */
public record UpdateQuery(Optional<String> endpoint, Set<UpdatePhase> phases) {

    /** Every update of every device. */
    public static final UpdateQuery ALL = new UpdateQuery(Optional.empty(), Set.of());

    /** Checks the endpoint is not empty and copies the phases. */
    public UpdateQuery {
        Objects.requireNonNull(endpoint, "endpoint");
        if (endpoint.filter(String::isEmpty).isPresent()) {
            throw new IllegalArgumentException("an endpoint name is never empty");
        }
        phases = phases.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(phases));
    }

    /** This query for {@code endpoint}'s updates only. */
    public UpdateQuery withEndpoint(String endpoint) {
        return new UpdateQuery(Optional.of(endpoint), phases);
    }

    /** This query for updates in one of {@code phases} only (empty: any phase). */
    public UpdateQuery withPhases(Set<UpdatePhase> phases) {
        return new UpdateQuery(endpoint, phases);
    }

    /** Whether {@code update} is one this query shows. */
    public boolean matches(DeviceUpdate update) {
        return endpoint.map(update.endpoint()::equals).orElse(true)
                && (phases.isEmpty() || phases.contains(update.phase()));
    }
}
