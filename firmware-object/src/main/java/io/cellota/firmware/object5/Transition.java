package io.cellota.firmware.object5;

import java.util.Objects;

/**
 * The outcome of offering a {@link Trigger} to the {@link FirmwareUpdateStateMachine} (Object 5 state
 * machine: LwM2M 1.0 TS Figure 29, OMA-SUP-XML_5-V1_1 resource 3): the new status, or the
 * rejection the device must answer with while its status stays unchanged.
 */
public sealed interface Transition {

    /**
     * The status after this transition, starting from {@code from}: the new status if accepted,
     * {@code from} itself if rejected.
     */
    FirmwareUpdateStatus statusAfter(FirmwareUpdateStatus from);

    /** The trigger is accepted and the device moves to {@code to}. */
    record Accepted(FirmwareUpdateStatus to) implements Transition {
        /** Checks the target is present. */
        public Accepted {
            Objects.requireNonNull(to, "to");
        }

        @Override
        public FirmwareUpdateStatus statusAfter(FirmwareUpdateStatus from) {
            return to;
        }
    }

    /** The trigger is refused for {@code reason}, explained for logs by {@code message}. */
    record Rejected(Rejection reason, String message) implements Transition {
        /** Checks the reason is present and the message says something. */
        public Rejected {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(message, "message");
            if (message.isBlank()) {
                throw new IllegalArgumentException("a rejection must explain itself");
            }
        }

        @Override
        public FirmwareUpdateStatus statusAfter(FirmwareUpdateStatus from) {
            return Objects.requireNonNull(from, "from");
        }
    }
}
