package io.cellota.server.update;

import io.cellota.firmware.object5.UpdateResult;
import java.util.Objects;
import java.util.Optional;

/**
 * Why an update attempt failed: the device's own Update Result ({@code /5/0/5}, OMA-SUP-XML_5-V1_1
 * resource 5), or a reason of the engine's. The REST API shows {@link #describe()}.
 */
public sealed interface Failure {

    /** The Update Result the device reported, or empty for an engine reason. */
    Optional<UpdateResult> updateResult();

    /** One line for operators: the code and its meaning. */
    String describe();

    /** Whether {@code other} has the same cause (same Update Result, or same engine reason). */
    boolean sameCause(Failure other);

    /** A failure the device reported in Update Result. */
    static Failure device(UpdateResult result) {
        return new Device(result);
    }

    /** A failure the engine found, explained by {@code detail}. */
    static Failure engine(Reason reason, String detail) {
        return new Engine(reason, detail);
    }

    /** The engine's own reasons. */
    enum Reason {
        /** A phase did not finish by its deadline. */
        DEADLINE,
        /** The phase deadline passed while the device had no registration. */
        DEVICE_GONE,
        /** No delivery and protocol suit the device, the server and the operator's preference. */
        UNSUPPORTED_DELIVERY,
        /** The operator cancelled the update. */
        CANCELLED,
        /** The device answered a command with an error code. */
        COMMAND_REJECTED,
        /** The device reported Update Result 1 but {@code /3/0/3} is not the target version. */
        WRONG_VERSION,
        /** The device went back to Idle with Update Result 0, or a push broke off: the package is gone. */
        PACKAGE_LOST,
        /** The device reports a state that this update cannot have led to. */
        UNEXPECTED_STATE
    }

    /**
     * An Update Result that ends an attempt: 2 to 9, or 10 when the update was cancelled on the
     * device (not by this engine).
     */
    record Device(UpdateResult result) implements Failure {
        /** Checks the result reports a failure or a cancel. */
        public Device {
            Objects.requireNonNull(result, "result");
            if (!result.isFailure() && result != UpdateResult.CANCELLED) {
                throw new IllegalArgumentException("Update Result " + result.code() + " is not a failure");
            }
        }

        @Override
        public Optional<UpdateResult> updateResult() {
            return Optional.of(result);
        }

        @Override
        public String describe() {
            return "Update Result " + result.code() + ": " + result.description();
        }

        @Override
        public boolean sameCause(Failure other) {
            return other instanceof Device device && device.result == result;
        }
    }

    /** A reason of the engine's, with the detail an operator needs. */
    record Engine(Reason reason, String detail) implements Failure {
        /** Checks the reason is present and the detail says something. */
        public Engine {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(detail, "detail");
            if (detail.isBlank()) {
                throw new IllegalArgumentException("a failure must explain itself");
            }
        }

        @Override
        public Optional<UpdateResult> updateResult() {
            return Optional.empty();
        }

        @Override
        public String describe() {
            return reason + ": " + detail;
        }

        @Override
        public boolean sameCause(Failure other) {
            return other instanceof Engine engine && engine.reason == reason;
        }
    }
}
