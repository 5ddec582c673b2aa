package io.cellota.server.campaign;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** A {@link CampaignStore} in memory, for tests: the same contract as the JDBC store, one lock. */
public final class InMemoryCampaignStore implements CampaignStore {

    private final Map<CampaignId, Campaign> campaigns = new LinkedHashMap<>();
    private final Map<CampaignId, Map<String, CampaignDevice>> devices = new HashMap<>();
    private final List<Attempt> attempts = new ArrayList<>();
    private final Set<String> attemptKeys = new HashSet<>();

    @Override
    public synchronized Campaign create(Campaign campaign) {
        if (campaign.revision() != 0) {
            throw new IllegalArgumentException("a new campaign has revision 0, not " + campaign.revision());
        }
        if (campaigns.containsKey(campaign.id())) {
            throw new IllegalArgumentException("campaign " + campaign.id() + " exists");
        }
        Campaign created = campaign.withRevision(1);
        campaigns.put(created.id(), created);
        devices.put(created.id(), new LinkedHashMap<>());
        return created;
    }

    @Override
    public synchronized Campaign commit(CampaignChange change) {
        Campaign c = change.campaign();
        Campaign stored = campaigns.get(c.id());
        long actual = stored == null ? -1 : stored.revision();
        if (actual != c.revision()) {
            throw new CampaignConflictException(c.id(), c.revision(), actual);
        }
        Map<String, CampaignDevice> members = devices.get(c.id());
        Set<String> joining = new HashSet<>();
        for (CampaignDevice d : change.joined()) {
            if (members.containsKey(d.endpoint()) || !joining.add(d.endpoint())) {
                throw new IllegalArgumentException(d.endpoint() + " is already in campaign " + c.id());
            }
        }
        for (CampaignDevice d : change.changed()) {
            if (!members.containsKey(d.endpoint()) && !joining.contains(d.endpoint())) {
                throw new IllegalArgumentException(d.endpoint() + " is not in campaign " + c.id());
            }
        }
        Optional<String> key = change.attempt().map(a -> a.campaignId() + "/" + a.endpoint() + "/" + a.number());
        if (key.isPresent() && attemptKeys.contains(key.get())) {
            throw new IllegalArgumentException("attempt " + change.attempt().get().number() + " of "
                    + change.attempt().get().endpoint() + " was started before");
        }
        change.joined().forEach(d -> members.put(d.endpoint(), d));
        change.changed().forEach(d -> members.put(d.endpoint(), d));
        key.ifPresent(attemptKeys::add);
        change.attempt().ifPresent(attempts::add);
        Campaign saved = c.withRevision(c.revision() + 1);
        campaigns.put(saved.id(), saved);
        return saved;
    }

    @Override
    public synchronized Optional<Campaign> find(CampaignId id) {
        return Optional.ofNullable(campaigns.get(id));
    }

    @Override
    public synchronized List<Campaign> list(Set<CampaignStatus> statuses, int offset, int limit) {
        List<Campaign> newest = new ArrayList<>(campaigns.values());
        java.util.Collections.reverse(newest);
        return newest.stream().filter(c -> statuses.isEmpty() || statuses.contains(c.status())).skip(offset)
                .limit(limit).toList();
    }

    @Override
    public synchronized long count(Set<CampaignStatus> statuses) {
        return campaigns.values().stream().filter(c -> statuses.isEmpty() || statuses.contains(c.status())).count();
    }

    @Override
    public synchronized List<Campaign> listUnfinished() {
        return campaigns.values().stream().filter(c -> !c.status().isFinal()).toList();
    }

    @Override
    public synchronized boolean usesPackage(String packageId) {
        return listUnfinished().stream().anyMatch(c -> c.spec().firmware().packageId().equals(packageId));
    }

    @Override
    public synchronized List<CampaignDevice> devices(CampaignId id) {
        return devices.getOrDefault(id, Map.of()).values().stream()
                .sorted(Comparator.comparingLong(CampaignDevice::seq)).toList();
    }

    @Override
    public synchronized List<CampaignDevice> devices(CampaignId id, Set<DeviceState> states, int offset, int limit) {
        return devices(id).stream().filter(d -> states.isEmpty() || states.contains(d.state())).skip(offset)
                .limit(limit).toList();
    }

    @Override
    public synchronized long countDevices(CampaignId id, Set<DeviceState> states) {
        return devices(id).stream().filter(d -> states.isEmpty() || states.contains(d.state())).count();
    }

    @Override
    public synchronized Map<DeviceState, Long> countByState(CampaignId id) {
        Map<DeviceState, Long> counts = new EnumMap<>(DeviceState.class);
        devices(id).forEach(d -> counts.merge(d.state(), 1L, Long::sum));
        return counts;
    }

    @Override
    public synchronized List<Attempt> attempts(CampaignId id) {
        return attempts.stream().filter(a -> a.campaignId().equals(id)).toList();
    }
}
