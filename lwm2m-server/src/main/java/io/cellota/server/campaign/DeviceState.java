package io.cellota.server.campaign;

/**
 * Where one device stands in a campaign ({@link CampaignDevice}), as {@code GET /api/v1/campaigns/{id}/devices}
 * shows it; the per-device update engine's phase is shown beside it while an update runs.
 */
public enum DeviceState {
    /** In the campaign, not started: its wave has not opened, no slot is free, or the device is not registered. */
    PENDING,
    /** Not started because its RSRP is below the campaign's minimum; started once it is good enough. */
    DEFERRED,
    /** Its update is decided and saved, and being handed to the update engine (a restart finishes the hand-over). */
    STARTING,
    /** Its update runs; a device asleep meanwhile is waiting, until the campaign's device deadline. */
    RUNNING,
    /** Its update failed with an Update Result the campaign retries; a new one starts after the backoff. */
    WAITING_RETRY,
    /** Final: it runs the target version. */
    SUCCEEDED,
    /** Final: its update failed (and no retry is left), or it passed the device deadline. */
    FAILED,
    /** Final: the campaign was cancelled before it finished, or its update was cancelled outside the campaign. */
    CANCELLED,
    /** Final: it already ran the target version, or turned out not to match the target's filters. */
    SKIPPED,
    /** Final: the campaign's end time came before the device could be started. */
    EXPIRED;

    /** Whether nothing more happens to the device in this campaign (until a retry-failed or a rejoin). */
    public boolean isFinal() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED || this == SKIPPED || this == EXPIRED;
    }

    /** Whether an update of the campaign is (or may be) active on the device. */
    public boolean isStarted() {
        return this == STARTING || this == RUNNING;
    }

    /** Whether the device waits to be started (or started again). */
    public boolean isWaiting() {
        return this == PENDING || this == DEFERRED || this == WAITING_RETRY;
    }
}
