package io.cellota.server.campaign;

import io.cellota.server.devices.DeviceTags;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Which devices a campaign updates: the devices named in {@code endpoints}, and those carrying any of {@code tags}
 * (every device the server knows when both are empty); of those, only a device whose model ({@code /3/0/1}) is in
 * {@code models} and whose firmware ({@code /3/0/3}) is in {@code firmwareVersions}, each filter applying only when
 * it is not empty. A device already on the target version is skipped. With {@code dynamic}, devices that come to
 * match while the campaign runs (a first registration, or one on an old version) join it.
 *
 * @param endpoints explicit devices, in the order the first waves take them
 */
public record Target(List<String> endpoints, Set<String> tags, Set<String> models, Set<String> firmwareVersions,
        boolean dynamic) {

    /** The longest endpoint name, as device credentials allow. */
    public static final int MAX_ENDPOINT_LENGTH = 255;

    /** Every device the server knows, no filter, no joins. */
    public static final Target EVERY_DEVICE = new Target(List.of(), Set.of(), Set.of(), Set.of(), false);

    /** Checks every name is present and sensible; copies, keeping the endpoints' order and dropping repeats. */
    public Target {
        endpoints = List.copyOf(new LinkedHashSet<>(endpoints));
        for (String endpoint : endpoints) {
            if (endpoint.isBlank() || endpoint.length() > MAX_ENDPOINT_LENGTH) {
                throw new IllegalArgumentException("an endpoint name is 1 to " + MAX_ENDPOINT_LENGTH
                        + " characters, not blank: '" + endpoint + "'");
            }
        }
        tags = Set.copyOf(tags);
        tags.forEach(DeviceTags::requireValid);
        models = requireTexts(models, "model");
        firmwareVersions = requireTexts(firmwareVersions, "firmware version");
    }

    /** Whether the campaign takes every device the server knows (no endpoint and no tag named). */
    public boolean selectsEveryDevice() {
        return endpoints.isEmpty() && tags.isEmpty();
    }

    /** Whether {@code device} is named, tagged, or every device is meant; the filters are {@link #excludes}. */
    public boolean selects(DeviceFacts device) {
        return selectsEveryDevice() || endpoints.contains(device.endpoint())
                || device.tags().stream().anyMatch(tags::contains);
    }

    /**
     * Why the filters keep {@code device} out, judged on what is known of it: empty when it passes or when what
     * would decide is not known yet.
     */
    public Optional<String> excludes(DeviceFacts device) {
        if (!models.isEmpty() && device.model().filter(m -> !models.contains(m)).isPresent()) {
            return Optional.of("its model " + device.model().get() + " is not one of " + sorted(models));
        }
        if (!firmwareVersions.isEmpty() && device.firmwareVersion().filter(v -> !firmwareVersions.contains(v))
                .isPresent()) {
            return Optional.of("it runs " + device.firmwareVersion().get() + ", not one of "
                    + sorted(firmwareVersions));
        }
        return Optional.empty();
    }

    private static List<String> sorted(Set<String> values) {
        List<String> list = new ArrayList<>(values);
        list.sort(null);
        return list;
    }

    private static Set<String> requireTexts(Set<String> values, String what) {
        for (String v : values) {
            Objects.requireNonNull(v, what);
            if (v.isBlank() || v.length() > 255) {
                throw new IllegalArgumentException("a " + what + " is 1 to 255 characters, not blank: '" + v + "'");
            }
        }
        return Set.copyOf(values);
    }
}
