package io.cellota.server.app;

import io.cellota.server.campaign.DeviceFacts;
import io.cellota.server.campaign.Fleet;
import io.cellota.server.devices.DeviceRegistry;
import io.cellota.server.devices.DeviceSnapshot;
import io.cellota.server.devices.DeviceTags;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The fleet as campaigns see it, from the device registry (registration, presence, model, firmware version, radio)
 * and the tag store. A device known only by its tags is unregistered with nothing else known.
 */
final class RegistryFleet implements Fleet {

    private final DeviceRegistry registry;
    private final DeviceTags tags;

    RegistryFleet(DeviceRegistry registry, DeviceTags tags) {
        this.registry = registry;
        this.tags = tags;
    }

    @Override
    public Optional<DeviceFacts> device(String endpoint) {
        Set<String> own = tags.tags(endpoint);
        return registry.find(endpoint).map(s -> facts(s, own))
                .or(() -> own.isEmpty() ? Optional.empty() : Optional.of(facts(DeviceSnapshot.unregistered(endpoint),
                        own)));
    }

    @Override
    public List<DeviceFacts> known() {
        return registry.list(s -> true, 0, Integer.MAX_VALUE).stream().map(s -> facts(s, tags.tags(s.endpoint())))
                .toList();
    }

    @Override
    public Set<String> tagged(Set<String> wanted) {
        return tags.tagged(wanted);
    }

    private static DeviceFacts facts(DeviceSnapshot s, Set<String> tags) {
        return new DeviceFacts(s.endpoint(), s.registered(), s.awake(), s.model(), s.firmwareVersion(), s.rsrp(),
                s.cellId(), tags);
    }
}
