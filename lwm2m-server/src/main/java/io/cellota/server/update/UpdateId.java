package io.cellota.server.update;

import java.util.Objects;
import java.util.UUID;

/** The identity of one {@link DeviceUpdate}, as the REST API shows it in {@code /api/v1/updates/{id}}. */
public record UpdateId(String value) {

    /** Checks the id is present, not blank and fits in a URL path segment without escaping. */
    public UpdateId {
        Objects.requireNonNull(value, "value");
        if (!value.matches("[A-Za-z0-9._~-]{1,64}")) {
            throw new IllegalArgumentException("an update id is 1 to 64 unreserved URL characters: " + value);
        }
    }

    /** A new random id (a UUID). */
    public static UpdateId random() {
        return new UpdateId(UUID.randomUUID().toString());
    }

    @Override
    public String toString() {
        return value;
    }
}
