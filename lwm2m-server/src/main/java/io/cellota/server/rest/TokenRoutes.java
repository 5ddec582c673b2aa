package io.cellota.server.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.cellota.server.auth.AccountException;
import io.cellota.server.auth.ApiToken;
import io.cellota.server.auth.ApiTokens;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /api/v1/tokens} (admins only): API tokens for integrations. {@code POST {"name", "role", "expiresAt"?}}
 * makes one and answers its secret ({@code cellota_…}) this once; the list shows ids, names, roles, creators,
 * expiry and last use, never secrets; {@code DELETE /api/v1/tokens/{id}} revokes one at once.
 */
public final class TokenRoutes implements RouteModule {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(TokenRoutes.class);

    private final ApiTokens tokens;
    private final Clock clock;

    public TokenRoutes(ApiTokens tokens, Clock clock) {
        this.tokens = tokens;
        this.clock = clock;
    }

    @Override
    public void mount(RoutesConfig routes) {
        routes.get("/api/v1/tokens", this::list);
        routes.post("/api/v1/tokens", this::create);
        routes.delete("/api/v1/tokens/{id}", this::revoke);
    }

    private void list(Context ctx) {
        Paging p = Paging.of(ctx);
        ctx.json(new Page<>(tokens.list(p.offset(), p.limit()).stream().map(TokenRoutes::view).toList(), p.offset(),
                p.limit(), tokens.count()));
    }

    private void create(Context ctx) {
        JsonNode body = Json.body(ctx);
        String name = Json.text(body, "name");
        var role = UserRoutes.role(Json.text(body, "role"));
        Optional<Instant> expires;
        try {
            expires = Json.optionalText(body, "expiresAt").map(Instant::parse);
        } catch (DateTimeParseException e) {
            throw new ApiException(ApiError.INVALID_REQUEST, "expiresAt must be an ISO-8601 instant such as"
                    + " 2027-01-31T00:00:00Z");
        }
        try {
            ApiTokens.Issued issued = tokens.create(name, role, Guard.caller(ctx).name(), expires, clock.instant());
            LOG.info("API token {} ({}) created as {} by {}", issued.token().id(), name, role.word(),
                    Guard.caller(ctx).name());
            Map<String, Object> v = view(issued.token());
            v.put("secret", issued.secret());
            ctx.status(201).json(v);
        } catch (AccountException e) {
            throw UserRoutes.translate(e);
        }
    }

    private void revoke(Context ctx) {
        try {
            tokens.revoke(ctx.pathParam("id"));
            LOG.info("API token {} revoked by {}", ctx.pathParam("id"), Guard.caller(ctx).name());
        } catch (AccountException e) {
            throw UserRoutes.translate(e);
        }
        ctx.status(204);
    }

    static Map<String, Object> view(ApiToken t) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", t.id());
        v.put("name", t.name());
        v.put("role", t.role().word());
        v.put("createdBy", t.createdBy());
        v.put("createdAt", t.createdAt().toString());
        t.expiresAt().ifPresent(e -> v.put("expiresAt", e.toString()));
        t.lastUsedAt().ifPresent(e -> v.put("lastUsedAt", e.toString()));
        return v;
    }
}
