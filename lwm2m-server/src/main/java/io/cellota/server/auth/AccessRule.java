package io.cellota.server.auth;

import java.util.Locale;

/**
 * The one rule of who may do what over HTTP, by method and path, so that routes added later (campaigns) are
 * covered without a word: reading ({@code GET}, {@code HEAD}) needs {@link Role#VIEWER}; anything else needs
 * {@link Role#OPERATOR}; everything under {@code /api/v1/users} and {@code /api/v1/tokens} needs {@link Role#ADMIN},
 * reads included, since the lists say who can get in. A signed-in user's own session ({@code /api/v1/session},
 * also changing one's own password) needs only to be signed in.
 */
public final class AccessRule {

    /** The session routes: sign-in is open, the rest needs any signed-in caller. */
    public static final String SESSION = "/api/v1/session";

    private AccessRule() {
    }

    /** The role a request with {@code method} on {@code path} needs. */
    public static Role required(String method, String path) {
        if (under(path, "/api/v1/users") || under(path, "/api/v1/tokens")) {
            return Role.ADMIN;
        }
        if (under(path, SESSION)) {
            return Role.VIEWER;
        }
        return switch (method.toUpperCase(Locale.ROOT)) {
            case "GET", "HEAD" -> Role.VIEWER;
            default -> Role.OPERATOR;
        };
    }

    /** Whether a request with {@code method} changes something (and so, over a cookie, needs the CSRF check). */
    public static boolean mutating(String method) {
        return switch (method.toUpperCase(Locale.ROOT)) {
            case "GET", "HEAD", "OPTIONS" -> false;
            default -> true;
        };
    }

    private static boolean under(String path, String prefix) {
        return path.equals(prefix) || path.startsWith(prefix + "/");
    }
}
