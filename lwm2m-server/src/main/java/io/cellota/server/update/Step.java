package io.cellota.server.update;

import java.util.Objects;

/**
 * One decision of the engine: the update as it must be saved next, and what happened in words for the
 * history. A quiet step (a routine poll) is saved without a history event.
 */
record Step(DeviceUpdate next, String detail, boolean quiet) {

    Step {
        Objects.requireNonNull(next, "next");
        Objects.requireNonNull(detail, "detail");
    }

    Step(DeviceUpdate next, String detail) {
        this(next, detail, false);
    }

    /** This step with {@code cause} said first. */
    Step because(String cause) {
        return new Step(next, cause + "; " + detail, quiet);
    }

    /** This step without a history event. */
    Step quietly() {
        return new Step(next, detail, true);
    }
}
