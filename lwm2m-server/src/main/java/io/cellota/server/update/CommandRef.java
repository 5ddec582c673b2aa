package io.cellota.server.update;

import java.util.Objects;

/**
 * Names one command of one update: the update and the command's sequence number in it. The gateway
 * reports a late answer with it ({@link UpdateEngine#onCommandOutcome}); the engine ignores answers
 * to any command but the one it is waiting for.
 */
public record CommandRef(UpdateId updateId, long sequence) {

    /** Checks the update id is present and the sequence positive. */
    public CommandRef {
        Objects.requireNonNull(updateId, "updateId");
        if (sequence < 1) {
            throw new IllegalArgumentException("command sequences start at 1: " + sequence);
        }
    }

    @Override
    public String toString() {
        return updateId + "#" + sequence;
    }
}
