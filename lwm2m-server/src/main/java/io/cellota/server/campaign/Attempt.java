package io.cellota.server.campaign;

import io.cellota.server.update.UpdateId;
import java.time.Instant;
import java.util.Objects;

/**
 * One start of a device's update by a campaign, recorded with the decision before the update engine hears of it:
 * the store refuses a second record of the same attempt of the same device, so nothing starts twice.
 *
 * @param number the device's attempt, from 1
 */
public record Attempt(CampaignId campaignId, String endpoint, int number, UpdateId updateId, Instant startedAt) {

    /** Checks every part is present and the number positive. */
    public Attempt {
        Objects.requireNonNull(campaignId, "campaignId");
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(updateId, "updateId");
        Objects.requireNonNull(startedAt, "startedAt");
        if (number < 1) {
            throw new IllegalArgumentException("attempts count from 1, not " + number);
        }
    }
}
