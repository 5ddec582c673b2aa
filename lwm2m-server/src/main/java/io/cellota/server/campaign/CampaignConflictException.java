package io.cellota.server.campaign;

/**
 * A campaign was saved from a stale copy: the stored revision is not the one the save read. Another writer (a
 * second server on the same database) changed it first; the engine reloads the campaign.
 */
public final class CampaignConflictException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient CampaignId id;

    /** A conflict on {@code id}: the save expected {@code expected}, the store has {@code actual} (-1: none). */
    public CampaignConflictException(CampaignId id, long expected, long actual) {
        super("campaign " + id + " is at revision " + actual + ", not " + expected);
        this.id = id;
    }

    /** The campaign whose save was refused. */
    public CampaignId id() {
        return id;
    }
}
