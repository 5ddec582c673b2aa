package io.cellota.server.update;

import java.time.Instant;
import java.util.Objects;

/**
 * Names one command of one update: the update and the command's sequence number in it. The gateway
 * reports a late answer with it ({@link UpdateEngine#onCommandOutcome}); the engine ignores answers
 * to any command but the one it is waiting for.
 *
 * @param notAfter the deadline of the phase that issued the command: the engine gives up on the command
 *                 then, so a gateway holding it for a sleeping device must not send it later (it would,
 *                 say, execute Update on a device whose update has already failed)
 */
public record CommandRef(UpdateId updateId, long sequence, Instant notAfter) {

    /** Checks the parts are present and the sequence positive. */
    public CommandRef {
        Objects.requireNonNull(updateId, "updateId");
        Objects.requireNonNull(notAfter, "notAfter");
        if (sequence < 1) {
            throw new IllegalArgumentException("command sequences start at 1: " + sequence);
        }
    }

    /** Whether this names the same command as {@code other}: same update, same sequence. */
    public boolean sameCommand(UpdateId id, long sequence) {
        return updateId.equals(id) && this.sequence == sequence;
    }

    @Override
    public String toString() {
        return updateId + "#" + sequence;
    }
}
