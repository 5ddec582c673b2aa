/**
 * The REST API under {@code /api/v1} (Javalin): bearer-token authentication, one error catalogue mapped to HTTP
 * status in one place, JSON bodies, and a Server-Sent Events stream. Route modules per feature.
 */
package io.cellota.server.rest;
