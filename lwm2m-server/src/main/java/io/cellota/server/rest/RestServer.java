package io.cellota.server.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.json.JavalinJackson;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP server: the API under {@code /api/v1} behind a {@link Guard} (bearer tokens, console sessions and their
 * roles), whatever else the route modules mount
 * (firmware downloads, metrics, the console), errors mapped from the {@link ApiError} catalogue in one place,
 * and the API's OpenAPI document at {@value OpenApiDocument#PATH}, which needs no token. It records every route
 * it registers ({@link #routes()}), so a test can hold the document to exactly those.
 */
public final class RestServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RestServer.class);

    /** The JSON mapper every route uses. */
    public static final ObjectMapper JSON = new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .findAndRegisterModules();

    private static final String ERROR_WRITTEN = "cellota.error";

    /** One route the server answers: an HTTP method and a Javalin path such as {@code /api/v1/devices/{endpoint}}. */
    public record Route(String method, String path) {
    }

    private final Javalin app;
    private final List<Route> routes;
    private final AtomicReference<ServerConnector> plain;
    private final AtomicReference<ServerConnector> tls;
    private final List<RouteModule> modules;

    private RestServer(Javalin app, List<Route> routes, AtomicReference<ServerConnector> plain,
                       AtomicReference<ServerConnector> tls, List<RouteModule> modules) {
        this.app = app;
        this.routes = List.copyOf(routes);
        this.plain = plain;
        this.tls = tls;
        this.modules = List.copyOf(modules);
    }

    /** HTTPS: where to listen and the server's TLS context. */
    public record Https(InetSocketAddress address, SSLContext context) {
        public Https {
            Objects.requireNonNull(address, "address");
            Objects.requireNonNull(context, "context");
        }
    }

    /**
     * Starts on {@code address} (port 0: ephemeral).
     *
     * @param adminToken the bearer token that may do everything
     * @param modules    the feature routes; paths starting with {@code /api/} need the token
     */
    public static RestServer start(InetSocketAddress address, String adminToken, List<RouteModule> modules) {
        return start(address, Optional.empty(), Guard.adminToken(adminToken), modules);
    }

    /**
     * {@link #start(InetSocketAddress, String, List)}, also serving everything over HTTPS when {@code https} is
     * given, with {@code guard} deciding who may reach which route under {@code /api}.
     */
    public static RestServer start(InetSocketAddress address, Optional<Https> https, Guard guard,
                                   List<RouteModule> modules) {
        AtomicReference<ServerConnector> plain = new AtomicReference<>();
        AtomicReference<ServerConnector> tls = new AtomicReference<>();
        Objects.requireNonNull(guard, "guard");
        byte[] document = OpenApiDocument.load();
        List<Route> routes = new ArrayList<>();
        Javalin app = Javalin.create(cfg -> {
            cfg.events.handlerAdded(h -> {
                if (h.getHttpMethod().isHttpMethod()) {
                    routes.add(new Route(h.getHttpMethod().name(), h.getPath()));
                }
            });
            cfg.jsonMapper(new JavalinJackson(JSON, false));
            cfg.http.maxRequestSize = 8 * 1024 * 1024;
            // Javalin adds its own HTTP connector only when there is no other, so with HTTPS both are ours
            https.ifPresent(h -> cfg.jetty.addConnector((server, http) -> {
                ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
                connector.setHost(address.getHostString());
                connector.setPort(address.getPort());
                plain.set(connector);
                return connector;
            }));
            https.ifPresent(h -> cfg.jetty.addConnector((server, http) -> {
                HttpConfiguration secure = new HttpConfiguration(http);
                secure.addCustomizer(new SecureRequestCustomizer(false));
                SslContextFactory.Server ssl = new SslContextFactory.Server();
                ssl.setSslContext(h.context());
                ServerConnector connector = new ServerConnector(server, new SslConnectionFactory(ssl, "http/1.1"),
                        new HttpConnectionFactory(secure));
                connector.setHost(h.address().getHostString());
                connector.setPort(h.address().getPort());
                tls.set(connector);
                return connector;
            }));
            cfg.routes.before("/api/*", ctx -> {
                if (!ctx.path().equals(OpenApiDocument.PATH)) {
                    guard.admit(ctx);
                }
            });
            cfg.routes.exception(ApiException.class, (e, ctx) -> error(ctx, e.error(), e.getMessage()));
            cfg.routes.exception(Exception.class, (e, ctx) -> {
                LOG.error("{} {} failed", ctx.method(), ctx.path(), e);
                error(ctx, ApiError.INTERNAL, ApiError.INTERNAL.defaultMessage());
            });
            cfg.routes.error(404, ctx -> {
                // a route's own 404 (a download of an unknown package) keeps its body; only no route gets this one
                if (ctx.attribute(ERROR_WRITTEN) == null && ctx.endpoints().lastHttpEndpoint() == null) {
                    error(ctx, ApiError.NOT_FOUND, "no route " + ctx.method() + " " + ctx.path());
                }
            });
            cfg.routes.get(OpenApiDocument.PATH, ctx -> ctx.contentType("application/json").result(document));
            modules.forEach(m -> m.mount(cfg.routes));
            modules.forEach(m -> m.staticFiles(cfg.staticFiles));
        });
        app.start(address.getHostString(), address.getPort());
        return new RestServer(app, routes, plain, tls, modules);
    }

    /** Writes the catalogue's error body. */
    static void error(Context ctx, ApiError error, String message) {
        ctx.attribute(ERROR_WRITTEN, true);
        ctx.status(HttpStatus.forStatus(error.status()));
        Map<String, String> body = new LinkedHashMap<>();
        body.put("code", error.code());
        body.put("message", message);
        ctx.json(Map.of("error", body));
    }

    /** The plain HTTP port. */
    public int port() {
        ServerConnector connector = plain.get();
        return connector == null ? app.port() : connector.getLocalPort();
    }

    /** The HTTPS port, 0 without HTTPS. */
    public int httpsPort() {
        ServerConnector connector = tls.get();
        return connector == null ? 0 : connector.getLocalPort();
    }

    /** Every route registered, in the order it was: the API's, the OpenAPI document's, and the modules' others. */
    public List<Route> routes() {
        return routes;
    }

    /** Stops the modules first (no event is sent to a stream any more), then the HTTP server. */
    @Override
    public void close() {
        for (RouteModule m : modules) {
            try {
                m.stop();
            } catch (RuntimeException e) {
                LOG.warn("stopping {} failed: {}", m, e.toString());
            }
        }
        app.stop();
    }
}
