package io.cellota.server.campaign;

/**
 * Told of every saved transition of campaigns and their devices, after it is saved (the server publishes them on
 * the event stream). Called on the engine's thread: be quick, do not block, do not call the engine.
 */
public interface CampaignListener {

    /** A listener that does nothing. */
    CampaignListener NONE = new CampaignListener() {
    };

    /** The campaign was created, or changed its status; {@code detail} says why, for operators. */
    default void campaignChanged(Campaign campaign, String detail) {
    }

    /** Wave {@code wave} (from 0) of the campaign opened. */
    default void waveOpened(Campaign campaign, int wave, String detail) {
    }

    /** A device joined the campaign or changed its state; its note says why. */
    default void deviceChanged(Campaign campaign, CampaignDevice device) {
    }
}
