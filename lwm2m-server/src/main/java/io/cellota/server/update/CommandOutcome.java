package io.cellota.server.update;

import io.cellota.firmware.object5.FirmwareUpdateStatus;
import java.util.Objects;
import java.util.Optional;

/**
 * How one {@link DeviceCommand} ended, as the {@link DeviceGateway} reports it: answered with success
 * (and the values read), answered with an error code, not answered in time, held for a sleeping
 * device, or not sent because the device has no registration. Never {@code null}.
 */
public sealed interface CommandOutcome {

    /** 2.04 Changed (Write, Execute), or 2.05 Content with no values the engine needs. */
    static CommandOutcome changed() {
        return new Success(Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** The answer to {@link DeviceCommand#READ_FACTS}. */
    static CommandOutcome facts(Object5Facts facts) {
        return new Success(Optional.of(facts), Optional.of(facts.status()), Optional.empty());
    }

    /** The answer to {@link DeviceCommand#READ_STATUS} or {@link DeviceCommand#OBSERVE}. */
    static CommandOutcome status(FirmwareUpdateStatus status) {
        return new Success(Optional.empty(), Optional.of(status), Optional.empty());
    }

    /** The answer to {@link DeviceCommand#READ_FIRMWARE_VERSION}: the value of {@code /3/0/3}. */
    static CommandOutcome firmwareVersion(String version) {
        return new Success(Optional.empty(), Optional.empty(), Optional.of(version));
    }

    /** The device answered with an error code, e.g. 4.05. */
    static CommandOutcome deviceError(ResponseCode code) {
        return new DeviceError(code);
    }

    /** No answer came within the command's timeout; whether the device acted on it is unknown. */
    static CommandOutcome timedOut() {
        return new TimedOut();
    }

    /** The device sleeps; the command is held and its answer comes later through the same {@link CommandRef}. */
    static CommandOutcome held() {
        return new Held();
    }

    /** The device has no registration; the command was not sent. */
    static CommandOutcome notRegistered() {
        return new NotRegistered();
    }

    /** The device answered with success; the values present depend on the command. */
    record Success(Optional<Object5Facts> facts, Optional<FirmwareUpdateStatus> status,
            Optional<String> firmwareVersion) implements CommandOutcome {
        /** Checks the parts are present (possibly empty). */
        public Success {
            Objects.requireNonNull(facts, "facts");
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(firmwareVersion, "firmwareVersion");
        }
    }

    /** The device answered with an error code. */
    record DeviceError(ResponseCode code) implements CommandOutcome {
        /** Checks the code is present. */
        public DeviceError {
            Objects.requireNonNull(code, "code");
        }
    }

    /** No answer in time. */
    record TimedOut() implements CommandOutcome {
    }

    /** Held by the gateway until the sleeping device wakes; not a final outcome. */
    record Held() implements CommandOutcome {
    }

    /** Not sent: the device has no registration. */
    record NotRegistered() implements CommandOutcome {
    }
}
