package io.cellota.server.rest;

import io.cellota.server.auth.Caller;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * Decides, before any route under {@code /api} runs, whether the request may go on: it authenticates the caller,
 * applies the role rule and the CSRF check, and leaves the {@link Caller} for the routes ({@link #caller}); or it
 * throws an {@link ApiException} ({@code unauthorized}, {@code forbidden}, {@code csrf_rejected}). One guard serves
 * every route, so a route added later is guarded without a word of its own.
 */
@FunctionalInterface
public interface Guard {

    /** Where the caller is left on the request. */
    String CALLER = "cellota.caller";

    /** Lets the request through (after {@code ctx.attribute(CALLER, caller)}) or throws. */
    void admit(Context ctx);

    /** The caller {@link #admit} found; the admin token's when the route is reached without a guard (tests). */
    static Caller caller(Context ctx) {
        Caller caller = ctx.attribute(CALLER);
        return caller == null ? Caller.ADMIN_TOKEN : caller;
    }

    /** A guard that admits only {@code Authorization: Bearer <token>}, which may do everything. */
    static Guard adminToken(String token) {
        Objects.requireNonNull(token, "token");
        byte[] expected = token.getBytes(StandardCharsets.UTF_8);
        return ctx -> {
            String presented = AccessGuard.bearer(ctx);
            if (presented == null || !MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8), expected)) {
                throw new ApiException(ApiError.UNAUTHORIZED);
            }
            ctx.attribute(CALLER, Caller.ADMIN_TOKEN);
        };
    }
}
