package io.cellota.server.devices;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * What the registry knows about one device at a moment: its registration, reachability, model (/3/0/1), firmware
 * version (/3/0/3), Object 5 State and Update Result, and its radio (Object 4) when it reports one.
 *
 * @param endpoint        LwM2M endpoint name
 * @param registrationId  the current registration, empty when not registered
 * @param lwm2mVersion    the LwM2M version it registered with
 * @param binding         its binding (U, UQ…)
 * @param queueMode       whether it registered in queue mode
 * @param address         where it talks from, host:port
 * @param lastSeen        its last uplink
 * @param awake           whether it is reachable now
 * @param model           /3/0/1 (Model Number)
 * @param firmwareVersion /3/0/3
 * @param updateState     /5/0/3
 * @param updateResult    /5/0/5
 * @param bearer          /4/0/0
 * @param rsrp            /4/0/2 (dBm)
 * @param cellId          /4/0/8
 */
public record DeviceSnapshot(String endpoint, Optional<String> registrationId, Optional<String> lwm2mVersion,
                             Optional<String> binding, boolean queueMode, Optional<String> address,
                             Optional<Instant> lastSeen, boolean awake, Optional<String> model,
                             Optional<String> firmwareVersion,
                             OptionalInt updateState, OptionalInt updateResult, OptionalInt bearer, OptionalInt rsrp,
                             OptionalLong cellId) {

    public DeviceSnapshot {
        Objects.requireNonNull(endpoint, "endpoint");
    }

    /** A device known only by name (credentials stored, never registered). */
    public static DeviceSnapshot unregistered(String endpoint) {
        return new DeviceSnapshot(endpoint, Optional.empty(), Optional.empty(), Optional.empty(), false,
                Optional.empty(), Optional.empty(), false, Optional.empty(), Optional.empty(), OptionalInt.empty(),
                OptionalInt.empty(), OptionalInt.empty(), OptionalInt.empty(), OptionalLong.empty());
    }

    public boolean registered() {
        return registrationId.isPresent();
    }

    public DeviceSnapshot withRegistration(String id, String version, String bindingMode, boolean queue, String from,
                                           Instant at) {
        return new DeviceSnapshot(endpoint, Optional.of(id), Optional.of(version), Optional.of(bindingMode), queue,
                Optional.of(from), Optional.of(at), true, model, firmwareVersion, updateState, updateResult, bearer,
                rsrp, cellId);
    }

    public DeviceSnapshot withoutRegistration() {
        return new DeviceSnapshot(endpoint, Optional.empty(), lwm2mVersion, binding, queueMode, address, lastSeen,
                false, model, firmwareVersion, updateState, updateResult, bearer, rsrp, cellId);
    }

    public DeviceSnapshot withPresence(boolean isAwake, Optional<Instant> seen) {
        return new DeviceSnapshot(endpoint, registrationId, lwm2mVersion, binding, queueMode, address,
                seen.isPresent() ? seen : lastSeen, isAwake, model, firmwareVersion, updateState, updateResult, bearer,
                rsrp, cellId);
    }

    public DeviceSnapshot withFirmwareVersion(String version) {
        return new DeviceSnapshot(endpoint, registrationId, lwm2mVersion, binding, queueMode, address, lastSeen, awake,
                model, Optional.of(version), updateState, updateResult, bearer, rsrp, cellId);
    }

    public DeviceSnapshot withModel(String modelNumber) {
        return new DeviceSnapshot(endpoint, registrationId, lwm2mVersion, binding, queueMode, address, lastSeen, awake,
                Optional.of(modelNumber), firmwareVersion, updateState, updateResult, bearer, rsrp, cellId);
    }

    public DeviceSnapshot withObject5(OptionalInt state, OptionalInt result) {
        return new DeviceSnapshot(endpoint, registrationId, lwm2mVersion, binding, queueMode, address, lastSeen, awake,
                model, firmwareVersion, state.isPresent() ? state : updateState,
                result.isPresent() ? result : updateResult, bearer, rsrp, cellId);
    }

    public DeviceSnapshot withRadio(OptionalInt newBearer, OptionalInt newRsrp, OptionalLong newCell) {
        return new DeviceSnapshot(endpoint, registrationId, lwm2mVersion, binding, queueMode, address, lastSeen, awake,
                model, firmwareVersion, updateState, updateResult, newBearer, newRsrp, newCell);
    }
}
