package io.cellota.server.campaign;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One atomic write of a campaign ({@link CampaignStore#commit}): the campaign as it is now, the devices that joined,
 * the devices that changed, and the attempt started, if any.
 */
public record CampaignChange(Campaign campaign, List<CampaignDevice> joined, List<CampaignDevice> changed,
        Optional<Attempt> attempt) {

    /** Checks every part is present, every device is the campaign's, and copies. */
    public CampaignChange {
        Objects.requireNonNull(campaign, "campaign");
        joined = List.copyOf(joined);
        changed = List.copyOf(changed);
        Objects.requireNonNull(attempt, "attempt");
        for (CampaignDevice d : joined) {
            requireOwn(campaign, d);
        }
        for (CampaignDevice d : changed) {
            requireOwn(campaign, d);
        }
        attempt.ifPresent(a -> {
            if (!a.campaignId().equals(campaign.id())) {
                throw new IllegalArgumentException("an attempt of campaign " + a.campaignId() + " saved with "
                        + campaign.id());
            }
        });
    }

    /** Only the campaign changed. */
    public static CampaignChange of(Campaign campaign) {
        return new CampaignChange(campaign, List.of(), List.of(), Optional.empty());
    }

    private static void requireOwn(Campaign campaign, CampaignDevice device) {
        if (!device.campaignId().equals(campaign.id())) {
            throw new IllegalArgumentException("a device of campaign " + device.campaignId() + " saved with "
                    + campaign.id());
        }
    }
}
