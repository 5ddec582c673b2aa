package io.cellota.server.campaign;

/** Where a {@link Campaign} stands, as the REST API's {@code status} shows it; see {@code docs/campaigns.md}. */
public enum CampaignStatus {
    /** Created, not started: nothing happens until {@code start}. */
    DRAFT,
    /** Started, waiting for its start time; its devices are chosen when it comes. */
    SCHEDULED,
    /** Starting devices wave by wave, within its pacing, schedule and windows. */
    RUNNING,
    /** Starting no device (by the operator, or by itself at a threshold, with a reason); running updates go on. */
    PAUSED,
    /** Cancelled; waiting for the updates still running to end (soft), or to be cancelled (hard). */
    CANCELLING,
    /** Final: every device has its final state. */
    FINISHED,
    /** Final: cancelled, and no update of it runs any more. */
    CANCELLED;

    /** Whether nothing more happens to a campaign in this status. */
    public boolean isFinal() {
        return this == FINISHED || this == CANCELLED;
    }
}
