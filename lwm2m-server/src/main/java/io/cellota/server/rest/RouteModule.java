package io.cellota.server.rest;

import io.javalin.config.RoutesConfig;

/** One feature's routes under {@code /api/v1}. */
@FunctionalInterface
public interface RouteModule {

    void mount(RoutesConfig routes);
}
