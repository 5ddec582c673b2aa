package io.cellota.server.campaign;

import java.util.Objects;
import java.util.UUID;

/** The identity of one {@link Campaign}, as the REST API shows it in {@code /api/v1/campaigns/{id}}. */
public record CampaignId(String value) {

    /** Checks the id is present and fits in a URL path segment without escaping. */
    public CampaignId {
        Objects.requireNonNull(value, "value");
        if (!value.matches("[A-Za-z0-9._~-]{1,64}")) {
            throw new IllegalArgumentException("a campaign id is 1 to 64 unreserved URL characters: " + value);
        }
    }

    /** A new random id: {@code cmp-} and 16 hex digits. */
    public static CampaignId random() {
        return new CampaignId("cmp-" + UUID.randomUUID().toString().replace("-", "").substring(0, 16));
    }

    @Override
    public String toString() {
        return value;
    }
}
