package io.cellota.server.campaign;

import io.cellota.server.update.UpdateId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * How the rules of a campaign write: every change is saved (one {@link CampaignChange}) before anything is sent,
 * the run in memory follows the store, and the listeners are told afterwards. The {@link CampaignEngine} keeps it.
 */
interface Ledger {

    /**
     * Saves {@code next} with the devices that {@code joined} and {@code changed} and the {@code attempt} started,
     * as of {@code now}, and updates {@code run}; {@code detail} says why, for the campaign's event.
     *
     * @return the campaign as saved
     */
    Campaign commit(CampaignRun run, Campaign next, List<CampaignDevice> joined, List<CampaignDevice> changed,
            Optional<Attempt> attempt, String detail, Instant now);

    /** Saves the devices that changed in {@code run}, the campaign otherwise unchanged. */
    default Campaign commit(CampaignRun run, List<CampaignDevice> changed, Instant now) {
        return commit(run, run.campaign(), List.of(), changed, Optional.empty(), "", now);
    }

    /** Update {@code id} is {@code endpoint}'s in {@code run}: its reports go there. */
    void own(UpdateId id, CampaignRun run, String endpoint);

    /** Update {@code id} ended, or was never started: its reports go nowhere. */
    void disown(UpdateId id);
}
