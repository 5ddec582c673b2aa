package io.cellota.server.campaign;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;

/**
 * One device as a campaign sees it at a moment ({@link Fleet}): whether it is registered and awake, what it says it
 * is (model {@code /3/0/1}, firmware {@code /3/0/3}), its radio (RSRP {@code /4/0/2} in dBm, cell id
 * {@code /4/0/8}) and its tags. Anything the device has not reported is empty.
 */
public record DeviceFacts(String endpoint, boolean registered, boolean awake, Optional<String> model,
        Optional<String> firmwareVersion, OptionalInt rsrp, OptionalLong cellId, Set<String> tags) {

    /** Checks every part is present and copies the tags. */
    public DeviceFacts {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(firmwareVersion, "firmwareVersion");
        Objects.requireNonNull(rsrp, "rsrp");
        Objects.requireNonNull(cellId, "cellId");
        tags = Set.copyOf(tags);
    }

    /** A registered, awake device running {@code version}, with nothing else known. */
    public static DeviceFacts registered(String endpoint, String version) {
        return new DeviceFacts(endpoint, true, true, Optional.empty(), Optional.of(version), OptionalInt.empty(),
                OptionalLong.empty(), Set.of());
    }

    /** These facts with the model. */
    public DeviceFacts withModel(String value) {
        return new DeviceFacts(endpoint, registered, awake, Optional.of(value), firmwareVersion, rsrp, cellId, tags);
    }

    /** These facts with the firmware version. */
    public DeviceFacts withFirmwareVersion(String value) {
        return new DeviceFacts(endpoint, registered, awake, model, Optional.of(value), rsrp, cellId, tags);
    }

    /** These facts with the radio. */
    public DeviceFacts withRadio(OptionalInt newRsrp, OptionalLong newCell) {
        return new DeviceFacts(endpoint, registered, awake, model, firmwareVersion, newRsrp, newCell, tags);
    }

    /** These facts with the tags. */
    public DeviceFacts withTags(Set<String> newTags) {
        return new DeviceFacts(endpoint, registered, awake, model, firmwareVersion, rsrp, cellId, newTags);
    }

    /** These facts registered or not, awake or not. */
    public DeviceFacts withPresence(boolean isRegistered, boolean isAwake) {
        return new DeviceFacts(endpoint, isRegistered, isAwake, model, firmwareVersion, rsrp, cellId, tags);
    }
}
