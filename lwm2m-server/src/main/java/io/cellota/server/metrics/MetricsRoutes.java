package io.cellota.server.metrics;

import io.cellota.server.rest.ApiError;
import io.cellota.server.rest.ApiException;
import io.cellota.server.rest.RouteModule;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Header;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /metrics}: the registry in the Prometheus text exposition format, version 0.0.4. Open by default,
 * as it carries counts and no secrets; with a token configured ({@code metrics.token}) it requires
 * {@code Authorization: Bearer <token>} (RFC 6750) and answers anything else 401 with a
 * {@code WWW-Authenticate} challenge and the API's error body. The API's admin token does not open it.
 */
public final class MetricsRoutes implements RouteModule {

    /** The path Prometheus scrapes. */
    public static final String PATH = "/metrics";

    /** Prometheus text format 0.0.4, the format every Prometheus-compatible scraper reads. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private static final Logger LOG = LoggerFactory.getLogger(MetricsRoutes.class);
    private static final String BEARER = "Bearer ";

    private final PrometheusMeterRegistry meters;
    private final Optional<byte[]> token;

    /** Serves {@code meters}; {@code token}, when present, is the bearer token a scrape must show. */
    public MetricsRoutes(PrometheusMeterRegistry meters, Optional<String> token) {
        this.meters = Objects.requireNonNull(meters, "meters");
        this.token = token.map(t -> t.getBytes(StandardCharsets.UTF_8));
        if (this.token.filter(t -> t.length == 0).isPresent()) {
            throw new IllegalArgumentException("an empty metrics token would open nothing; leave it out instead");
        }
    }

    @Override
    public void mount(RoutesConfig routes) {
        routes.get(PATH, this::scrape);
        LOG.info("metrics on {}: {}", PATH, token.isPresent() ? "a bearer token is required" : "open");
    }

    private void scrape(Context ctx) {
        if (token.isPresent() && !presents(ctx.header(Header.AUTHORIZATION), token.get())) {
            ctx.header(Header.WWW_AUTHENTICATE, "Bearer realm=\"cellota-metrics\"");
            throw new ApiException(ApiError.UNAUTHORIZED);
        }
        ctx.contentType(CONTENT_TYPE);
        ctx.result(meters.scrape(CONTENT_TYPE));
    }

    /**
     * Whether {@code header} carries the bearer {@code token}: the scheme in any case (RFC 9110 §11.1), the token
     * compared in constant time.
     */
    private static boolean presents(String header, byte[] token) {
        return header != null && header.regionMatches(true, 0, BEARER, 0, BEARER.length())
                && MessageDigest.isEqual(header.substring(BEARER.length()).getBytes(StandardCharsets.UTF_8), token);
    }
}
