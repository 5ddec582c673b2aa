package io.cellota.server.campaign;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** A fleet the test describes device by device: registered or not, version, model, radio, tags. */
final class FakeFleet implements Fleet {

    private final Map<String, DeviceFacts> devices = new TreeMap<>();

    /** A registered device running {@code version}. */
    FakeFleet device(String endpoint, String version) {
        devices.put(endpoint, DeviceFacts.registered(endpoint, version));
        return this;
    }

    /** {@code count} registered devices {@code prefix-00}, {@code prefix-01} … running {@code version}. */
    List<String> devices(String prefix, int count, String version) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String name = String.format("%s-%02d", prefix, i);
            device(name, version);
            names.add(name);
        }
        return names;
    }

    FakeFleet change(String endpoint, java.util.function.UnaryOperator<DeviceFacts> change) {
        devices.put(endpoint, change.apply(devices.get(endpoint)));
        return this;
    }

    FakeFleet radio(String endpoint, int rsrp, long cell) {
        return change(endpoint, f -> f.withRadio(OptionalInt.of(rsrp), OptionalLong.of(cell)));
    }

    FakeFleet tags(String endpoint, String... tags) {
        return change(endpoint, f -> f.withTags(Set.of(tags)));
    }

    FakeFleet version(String endpoint, String version) {
        return change(endpoint, f -> f.withFirmwareVersion(version));
    }

    FakeFleet deregister(String endpoint) {
        return change(endpoint, f -> f.withPresence(false, false));
    }

    FakeFleet register(String endpoint) {
        return change(endpoint, f -> f.withPresence(true, true));
    }

    @Override
    public Optional<DeviceFacts> device(String endpoint) {
        return Optional.ofNullable(devices.get(endpoint));
    }

    @Override
    public List<DeviceFacts> known() {
        return List.copyOf(devices.values());
    }

    @Override
    public Set<String> tagged(Set<String> tags) {
        Set<String> tagged = new TreeSet<>();
        devices.values().stream().filter(d -> d.tags().stream().anyMatch(tags::contains))
                .forEach(d -> tagged.add(d.endpoint()));
        return tagged;
    }
}
