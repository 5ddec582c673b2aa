package io.cellota.server.update;

import java.time.Instant;
import java.util.Objects;

/**
 * The command an update has issued and not seen answered. It is saved before the command is sent, so
 * after a restart the engine knows a command may or may not have reached the device, and reads the
 * device before deciding anything.
 */
public record Outstanding(DeviceCommand command, long sequence, Status status) {

    /** Where the command is, as far as the engine knows. */
    public enum Status {
        /** Saved, and handed (or about to be handed) to the gateway; no answer yet. */
        SENT,
        /** The device sleeps; the gateway holds the command and sends it when the device wakes. */
        HELD,
        /** The device has no registration; the command was not sent and is re-issued when it registers. */
        NOT_REGISTERED
    }

    /** Checks the parts are present and the sequence positive. */
    public Outstanding {
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(status, "status");
        if (sequence < 1) {
            throw new IllegalArgumentException("command sequences start at 1: " + sequence);
        }
    }

    /** This command in another status. */
    public Outstanding withStatus(Status status) {
        return new Outstanding(command, sequence, status);
    }

    /** The reference the gateway reports this command's answer with; it must not send the command after {@code notAfter}. */
    public CommandRef ref(UpdateId updateId, Instant notAfter) {
        return new CommandRef(updateId, sequence, notAfter);
    }
}
