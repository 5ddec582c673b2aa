package io.cellota.server.campaign;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/** A store that fails one chosen commit, writing nothing, as a crash before the commit would. */
final class CrashingCampaignStore implements CampaignStore {

    private final CampaignStore store;
    private Predicate<CampaignChange> crashOn = c -> false;

    CrashingCampaignStore(CampaignStore store) {
        this.store = store;
    }

    /** The next commit that {@code when} matches fails. */
    void crashOnce(Predicate<CampaignChange> when) {
        crashOn = when;
    }

    @Override
    public Campaign commit(CampaignChange change) {
        if (crashOn.test(change)) {
            crashOn = c -> false;
            throw new IllegalStateException("crash before the commit");
        }
        return store.commit(change);
    }

    @Override
    public Campaign create(Campaign campaign) {
        return store.create(campaign);
    }

    @Override
    public Optional<Campaign> find(CampaignId id) {
        return store.find(id);
    }

    @Override
    public List<Campaign> list(Set<CampaignStatus> statuses, int offset, int limit) {
        return store.list(statuses, offset, limit);
    }

    @Override
    public long count(Set<CampaignStatus> statuses) {
        return store.count(statuses);
    }

    @Override
    public List<Campaign> listUnfinished() {
        return store.listUnfinished();
    }

    @Override
    public boolean usesPackage(String packageId) {
        return store.usesPackage(packageId);
    }

    @Override
    public List<CampaignDevice> devices(CampaignId id) {
        return store.devices(id);
    }

    @Override
    public List<CampaignDevice> devices(CampaignId id, Set<DeviceState> states, int offset, int limit) {
        return store.devices(id, states, offset, limit);
    }

    @Override
    public long countDevices(CampaignId id, Set<DeviceState> states) {
        return store.countDevices(id, states);
    }

    @Override
    public Map<DeviceState, Long> countByState(CampaignId id) {
        return store.countByState(id);
    }

    @Override
    public List<Attempt> attempts(CampaignId id) {
        return store.attempts(id);
    }
}
