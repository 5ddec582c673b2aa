package io.cellota.server.update;

import java.util.Objects;

/**
 * A request to update one device ({@code POST /api/v1/devices/{endpoint}/updates}): the device's
 * LwM2M endpoint name, the package to install, and the operator's preference.
 */
public record UpdateRequest(String endpoint, PackageFacts target, Preference preference) {

    /** Checks every part is present and the endpoint not blank. */
    public UpdateRequest {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(preference, "preference");
        if (endpoint.isBlank()) {
            throw new IllegalArgumentException("endpoint is blank");
        }
    }

    /** A request with no preference. */
    public static UpdateRequest of(String endpoint, PackageFacts target) {
        return new UpdateRequest(endpoint, target, Preference.NONE);
    }

    /** This request with another preference. */
    public UpdateRequest withPreference(Preference preference) {
        return new UpdateRequest(endpoint, target, preference);
    }
}
