package io.cellota.server.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.cellota.server.auth.AccessRule;
import io.cellota.server.auth.AccountException;
import io.cellota.server.auth.Accounts;
import io.cellota.server.auth.Caller;
import io.cellota.server.auth.Sessions;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The console's session: {@code POST /api/v1/session} signs in with {@code {"name", "password"}} and sets the
 * session cookie (HttpOnly, SameSite=Strict, Secure over HTTPS, no Max-Age so it goes with the browser);
 * {@code GET} says who is signed in, with the CSRF token the console sends back on changes; {@code DELETE} signs
 * out; {@code POST /api/v1/session/password} changes one's own password, given the current one.
 */
public final class SessionRoutes implements RouteModule {

    private final Accounts accounts;
    private final Clock clock;

    public SessionRoutes(Accounts accounts, Clock clock) {
        this.accounts = accounts;
        this.clock = clock;
    }

    @Override
    public void mount(RoutesConfig routes) {
        routes.post(AccessRule.SESSION, this::signIn);
        routes.get(AccessRule.SESSION, this::current);
        routes.delete(AccessRule.SESSION, this::signOut);
        routes.post(AccessRule.SESSION + "/password", this::changePassword);
    }

    private void signIn(Context ctx) {
        JsonNode body = Json.body(ctx);
        String name = Json.text(body, "name");
        String password = Json.text(body, "password");
        Accounts.SignIn outcome = accounts.signIn(name, password, ctx.ip(), clock.instant());
        if (outcome instanceof Accounts.Throttled t) {
            long seconds = Math.max(1, Duration.between(clock.instant(), t.retryAt()).toSeconds());
            ctx.header("Retry-After", String.valueOf(seconds));
            throw new ApiException(ApiError.TOO_MANY_ATTEMPTS, "too many failed sign-ins for '" + name
                    + "' from here; try again in " + seconds + " s");
        }
        if (!(outcome instanceof Accounts.SignedIn signedIn)) {
            throw new ApiException(ApiError.UNAUTHORIZED, "wrong user name or password");
        }
        Sessions.Started started = signedIn.started();
        ctx.header("Set-Cookie", AccessGuard.COOKIE + "=" + started.cookie() + "; Path=/; HttpOnly; SameSite=Strict"
                + (secure(ctx) ? "; Secure" : ""));
        ctx.json(view(started.session()));
    }

    private void current(Context ctx) {
        Caller caller = Guard.caller(ctx);
        if (caller.kind() != Caller.Kind.SESSION) {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("name", caller.name());
            v.put("role", caller.role().word());
            v.put("via", caller.kind() == Caller.Kind.API_TOKEN ? "api_token" : "admin_token");
            ctx.json(v);
            return;
        }
        Sessions.Session session = accounts.sessions().use(ctx.cookie(AccessGuard.COOKIE), clock.instant())
                .orElseThrow(() -> new ApiException(ApiError.UNAUTHORIZED, "the session has ended; sign in again"));
        ctx.json(view(session));
    }

    private void signOut(Context ctx) {
        accounts.sessions().end(ctx.cookie(AccessGuard.COOKIE));
        ctx.header("Set-Cookie", AccessGuard.COOKIE + "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0"
                + (secure(ctx) ? "; Secure" : ""));
        ctx.status(204);
    }

    private void changePassword(Context ctx) {
        Caller caller = Guard.caller(ctx);
        if (caller.kind() != Caller.Kind.SESSION) {
            throw new ApiException(ApiError.CONFLICT, "only a signed-in user has a password; a token has none");
        }
        JsonNode body = Json.body(ctx);
        String current = Json.text(body, "currentPassword");
        String next = Json.text(body, "newPassword");
        if (!accounts.verify(caller.name(), current)) {
            throw new ApiException(ApiError.FORBIDDEN, "the current password is wrong");
        }
        try {
            accounts.setPassword(caller.name(), next, caller.name(), ctx.cookie(AccessGuard.COOKIE), clock.instant());
        } catch (AccountException e) {
            throw UserRoutes.translate(e);
        }
        ctx.status(204);
    }

    private static boolean secure(Context ctx) {
        String forwarded = ctx.header("X-Forwarded-Proto");
        return ctx.scheme().equals("https")
                || (forwarded != null && forwarded.toLowerCase(Locale.ROOT).equals("https"));
    }

    private Map<String, Object> view(Sessions.Session s) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("name", s.user());
        v.put("role", s.role().word());
        v.put("via", "session");
        v.put("csrfToken", s.csrfToken());
        v.put("signedInAt", s.createdAt().toString());
        v.put("expiresAt", s.expiresAt().toString());
        v.put("idleTimeoutSeconds", accounts.sessions().idle().toSeconds());
        return v;
    }
}
