package io.cellota.server.console;

import io.cellota.server.rest.RouteModule;
import io.javalin.config.RoutesConfig;
import io.javalin.config.StaticFilesConfig;
import io.javalin.http.staticfiles.Location;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * Serves the console: its page at {@code GET /} (the one route, so it is documented with the API), its assets
 * under {@value #ASSETS} through Javalin's static file handler (which registers no route) from the jar's
 * {@value #DIRECTORY}. Every response carries a strict Content-Security-Policy (only this server's own scripts,
 * styles and connections; no inline script; no framing), {@code nosniff} and no referrer.
 */
public final class ConsoleRoutes implements RouteModule {

    /** Where the assets are served. */
    public static final String ASSETS = "/console";
    /** Where they are in the jar. */
    static final String DIRECTORY = "/io/cellota/server/console/web";

    /** The security headers of the page and its assets. */
    static final Map<String, String> HEADERS = Map.of(
            "Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
                    + " connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self';"
                    + " frame-ancestors 'none'",
            "X-Content-Type-Options", "nosniff",
            "Referrer-Policy", "no-referrer",
            "X-Frame-Options", "DENY",
            "Cache-Control", "no-cache");

    private final byte[] page;

    /** Reads the page from the jar; a jar without it is a build error, found at start-up. */
    public ConsoleRoutes() {
        try (InputStream in = ConsoleRoutes.class.getResourceAsStream(DIRECTORY + "/index.html")) {
            if (in == null) {
                throw new IllegalStateException("the console page " + DIRECTORY + "/index.html is not in the jar");
            }
            page = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void mount(RoutesConfig routes) {
        routes.get("/", ctx -> {
            HEADERS.forEach(ctx::header);
            ctx.contentType("text/html; charset=utf-8").result(page);
        });
    }

    @Override
    public void staticFiles(StaticFilesConfig files) {
        files.add(s -> {
            s.hostedPath = ASSETS;
            s.directory = DIRECTORY;
            s.location = Location.CLASSPATH;
            s.headers = HEADERS;
        });
    }
}
