package io.cellota.server.auth;

import java.util.Objects;
import java.util.Optional;

/**
 * Who sent a request, once authenticated: a signed-in user, an API token, or the server's admin token
 * ({@code api.token}).
 *
 * @param name      the user's name, {@code token:<id>} for an API token, {@code api-token} for the admin token
 * @param role      what the caller may do
 * @param kind      how the caller authenticated
 * @param csrfToken a session's CSRF token (the header its mutating requests must carry); empty for tokens
 */
public record Caller(String name, Role role, Kind kind, Optional<String> csrfToken) {

    /** How a caller authenticated. */
    public enum Kind {
        /** The console's session cookie. */
        SESSION,
        /** An API token made by an admin. */
        API_TOKEN,
        /** The server's own admin bearer token. */
        ADMIN_TOKEN
    }

    /** The admin token's caller. */
    public static final Caller ADMIN_TOKEN = new Caller("api-token", Role.ADMIN, Kind.ADMIN_TOKEN, Optional.empty());

    public Caller {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(csrfToken, "csrfToken");
    }

    @Override
    public String toString() {
        return "Caller[" + name + ", " + role.word() + ", " + kind + "]";
    }
}
