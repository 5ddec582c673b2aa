package io.cellota.server.rest;

import io.cellota.server.auth.AccessRule;
import io.cellota.server.auth.ApiToken;
import io.cellota.server.auth.ApiTokens;
import io.cellota.server.auth.Caller;
import io.cellota.server.auth.Role;
import io.cellota.server.auth.Sessions;
import io.javalin.http.Context;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Locale;
import java.util.Optional;

/**
 * The server's {@link Guard}: a caller is the admin token ({@code api.token}), an API token, or a console session
 * cookie; the role each needs comes from {@link AccessRule}. Requests authenticated by the cookie that change
 * something must also carry the session's CSRF token in {@value #CSRF_HEADER} and, when the browser names an
 * {@code Origin}, come from this server's host: SameSite=Strict already keeps other sites' requests from carrying
 * the cookie, the token and the origin check hold even where a browser does not honour SameSite. Bearer requests
 * need neither, since no browser adds a bearer header by itself. Sign-in ({@code POST /api/v1/session}) is the one
 * API request admitted without a caller; it is only refused from a foreign origin (login CSRF).
 */
public final class AccessGuard implements Guard {

    /** The session cookie. */
    public static final String COOKIE = "cellota_session";
    /** The header a session's mutating requests carry its CSRF token in. */
    public static final String CSRF_HEADER = "X-CSRF-Token";

    private final byte[] adminToken;
    private final ApiTokens tokens;
    private final Sessions sessions;
    private final Clock clock;

    public AccessGuard(String adminToken, ApiTokens tokens, Sessions sessions, Clock clock) {
        this.adminToken = adminToken.getBytes(StandardCharsets.UTF_8);
        this.tokens = tokens;
        this.sessions = sessions;
        this.clock = clock;
    }

    @Override
    public void admit(Context ctx) {
        ctx.header("Cache-Control", "no-store");
        String method = ctx.method().name();
        if (method.equals("POST") && ctx.path().equals(AccessRule.SESSION)) {
            requireSameOrigin(ctx);
            return;
        }
        Caller caller = authenticate(ctx);
        Role needed = AccessRule.required(method, ctx.path());
        if (!caller.role().includes(needed)) {
            throw new ApiException(ApiError.FORBIDDEN, "the " + caller.role().word() + " role may not "
                    + method + " " + ctx.path() + ": that needs " + needed.word());
        }
        if (caller.kind() == Caller.Kind.SESSION && AccessRule.mutating(method)) {
            requireSameOrigin(ctx);
            String presented = ctx.header(CSRF_HEADER);
            if (presented == null || !MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8),
                    caller.csrfToken().orElseThrow().getBytes(StandardCharsets.UTF_8))) {
                throw new ApiException(ApiError.CSRF_REJECTED, "a signed-in request that changes something must"
                        + " carry the session's CSRF token in " + CSRF_HEADER);
            }
        }
        ctx.attribute(CALLER, caller);
    }

    private Caller authenticate(Context ctx) {
        String bearer = bearer(ctx);
        if (bearer != null) {
            if (MessageDigest.isEqual(bearer.getBytes(StandardCharsets.UTF_8), adminToken)) {
                return Caller.ADMIN_TOKEN;
            }
            Optional<ApiToken> token = tokens.verify(bearer, clock.instant());
            if (token.isEmpty()) {
                throw new ApiException(ApiError.UNAUTHORIZED,
                        "the bearer token is not valid: unknown, revoked or expired");
            }
            return new Caller("token:" + token.get().id(), token.get().role(), Caller.Kind.API_TOKEN, Optional.empty());
        }
        String cookie = ctx.cookie(COOKIE);
        if (cookie != null) {
            Sessions.Session session = sessions.use(cookie, clock.instant()).orElseThrow(() ->
                    new ApiException(ApiError.UNAUTHORIZED, "the session has ended; sign in again"));
            return new Caller(session.user(), session.role(), Caller.Kind.SESSION, Optional.of(session.csrfToken()));
        }
        throw new ApiException(ApiError.UNAUTHORIZED);
    }

    /** The bearer token of the {@code Authorization} header, or null. */
    static String bearer(Context ctx) {
        String header = ctx.header("Authorization");
        String prefix = "Bearer ";
        return header != null && header.startsWith(prefix) ? header.substring(prefix.length()) : null;
    }

    /**
     * Refuses a request whose {@code Origin} names another host than the one it was sent to. Only host names are
     * compared, not scheme or port: behind a TLS-terminating proxy the server sees {@code http} where the browser
     * sent {@code https}. A request without {@code Origin} (not from a browser, or an old one) passes.
     */
    private static void requireSameOrigin(Context ctx) {
        String origin = ctx.header("Origin");
        if (origin == null) {
            return;
        }
        String host = ctx.header("Host");
        String originHost;
        try {
            originHost = URI.create(origin).getHost();
        } catch (IllegalArgumentException e) {
            originHost = null;
        }
        if (host == null || originHost == null || !hostName(host).equalsIgnoreCase(originHost)) {
            throw new ApiException(ApiError.CSRF_REJECTED, "a request from origin " + (originHost == null ? "(none)"
                    : originHost) + " may not change anything here");
        }
    }

    /** {@code host:port} or {@code [v6]:port} without the port and brackets. */
    private static String hostName(String hostHeader) {
        String h = hostHeader.strip().toLowerCase(Locale.ROOT);
        if (h.startsWith("[")) {
            int end = h.indexOf(']');
            return end > 0 ? h.substring(1, end) : h;
        }
        int colon = h.indexOf(':');
        return colon >= 0 ? h.substring(0, colon) : h;
    }
}
