package io.cellota.server.auth;

import java.util.Objects;

/** A change to users or tokens that cannot be made, with the {@link Reason} the REST layer maps to an error. */
public final class AccountException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Why. */
    public enum Reason {
        /** A user of that name exists. */
        USER_EXISTS,
        /** No user of that name. */
        NO_SUCH_USER,
        /** No token with that id. */
        NO_SUCH_TOKEN,
        /** The change would leave no admin, and so nobody able to manage users. */
        LAST_ADMIN,
        /** A name, role, password or expiry that is not acceptable; the message says which and why. */
        INVALID
    }

    private final Reason reason;

    public AccountException(Reason reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public Reason reason() {
        return reason;
    }
}
