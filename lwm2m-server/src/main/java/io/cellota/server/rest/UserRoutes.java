package io.cellota.server.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.cellota.server.auth.AccountException;
import io.cellota.server.auth.Accounts;
import io.cellota.server.auth.Role;
import io.cellota.server.auth.User;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Clock;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /api/v1/users} (admins only): list, create with {@code {"name", "role", "password"}}, get, change role or
 * password with {@code PATCH {"role"?, "password"?}}, delete. A change of role or password, and a deletion, end the
 * user's sessions at once; the last admin cannot be demoted or deleted. Password hashes never leave the server.
 */
public final class UserRoutes implements RouteModule {

    private final Accounts accounts;
    private final Clock clock;

    public UserRoutes(Accounts accounts, Clock clock) {
        this.accounts = accounts;
        this.clock = clock;
    }

    @Override
    public void mount(RoutesConfig routes) {
        routes.get("/api/v1/users", this::list);
        routes.post("/api/v1/users", this::create);
        routes.get("/api/v1/users/{name}", ctx -> ctx.json(view(find(ctx.pathParam("name")))));
        routes.patch("/api/v1/users/{name}", this::change);
        routes.delete("/api/v1/users/{name}", this::delete);
    }

    private void list(Context ctx) {
        Paging p = Paging.of(ctx);
        ctx.json(new Page<>(accounts.list(p.offset(), p.limit()).stream().map(UserRoutes::view).toList(), p.offset(),
                p.limit(), accounts.count()));
    }

    private void create(Context ctx) {
        JsonNode body = Json.body(ctx);
        String name = Json.text(body, "name");
        Role role = role(Json.text(body, "role"));
        String password = Json.text(body, "password");
        try {
            ctx.status(201).json(view(accounts.create(name, role, password, Guard.caller(ctx).name(),
                    clock.instant())));
        } catch (AccountException e) {
            throw translate(e);
        }
    }

    private void change(Context ctx) {
        String name = ctx.pathParam("name");
        JsonNode body = Json.body(ctx);
        Optional<String> role = Json.optionalText(body, "role");
        Optional<String> password = Json.optionalText(body, "password");
        if (role.isEmpty() && password.isEmpty()) {
            throw new ApiException(ApiError.INVALID_REQUEST, "give 'role', 'password' or both");
        }
        find(name);
        String by = Guard.caller(ctx).name();
        try {
            User user = null;
            if (password.isPresent()) {
                User.checkPassword(password.get());
            }
            if (role.isPresent()) {
                user = accounts.setRole(name, role(role.get()), by);
            }
            if (password.isPresent()) {
                user = accounts.setPassword(name, password.get(), by, null, clock.instant());
            }
            ctx.json(view(user));
        } catch (AccountException e) {
            throw translate(e);
        }
    }

    private void delete(Context ctx) {
        try {
            accounts.delete(ctx.pathParam("name"), Guard.caller(ctx).name());
        } catch (AccountException e) {
            throw translate(e);
        }
        ctx.status(204);
    }

    private User find(String name) {
        return accounts.user(name).orElseThrow(() -> new ApiException(ApiError.USER_NOT_FOUND,
                "no user '" + name + "'"));
    }

    static Role role(String word) {
        return Role.fromWord(word).orElseThrow(() -> new ApiException(ApiError.INVALID_REQUEST, "role must be one of "
                + String.join(", ", Arrays.stream(Role.values()).map(Role::word).toList()) + ", was '" + word + "'"));
    }

    /** The account refusal as an API error with its message. */
    static ApiException translate(AccountException e) {
        ApiError error = switch (e.reason()) {
            case USER_EXISTS -> ApiError.USER_EXISTS;
            case NO_SUCH_USER -> ApiError.USER_NOT_FOUND;
            case NO_SUCH_TOKEN -> ApiError.TOKEN_NOT_FOUND;
            case LAST_ADMIN -> ApiError.LAST_ADMIN;
            case INVALID -> ApiError.INVALID_REQUEST;
        };
        return new ApiException(error, e.getMessage());
    }

    static Map<String, Object> view(User u) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("name", u.name());
        v.put("role", u.role().word());
        v.put("createdAt", u.createdAt().toString());
        v.put("passwordChangedAt", u.passwordChangedAt().toString());
        return v;
    }
}
