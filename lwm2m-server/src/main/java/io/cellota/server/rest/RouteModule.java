package io.cellota.server.rest;

import io.javalin.config.RoutesConfig;
import io.javalin.config.StaticFilesConfig;

/** One feature's routes (under {@code /api/v1}, or the console's), and any static files it serves. */
@FunctionalInterface
public interface RouteModule {

    void mount(RoutesConfig routes);

    /**
     * Adds static files (served by Javalin's static handler, which registers no route); none by default.
     */
    default void staticFiles(StaticFilesConfig files) {
    }

    /** The server stops: nothing may be written to its connections after this returns. Nothing by default. */
    default void stop() {
    }
}
