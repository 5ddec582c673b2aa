package io.cellota.server.update;

/**
 * A save lost a compare-and-set: someone else saved the update since this copy was read. The copy is
 * stale; its change, and the command it would have led to, must be dropped.
 */
public final class UpdateConflictException extends RuntimeException {

    private final UpdateId id;
    private final long expected;
    private final long actual;

    /** The save of {@code id} expected {@code expected} and found {@code actual} (-1: not stored). */
    public UpdateConflictException(UpdateId id, long expected, long actual) {
        super("update " + id + " is at revision " + actual + ", not " + expected);
        this.id = id;
        this.expected = expected;
        this.actual = actual;
    }

    /** The update whose save was refused. */
    public UpdateId id() {
        return id;
    }

    /** The revision the stale copy had. */
    public long expected() {
        return expected;
    }

    /** The revision the store holds, or -1 if it holds none. */
    public long actual() {
        return actual;
    }
}
