package io.cellota.server.rest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The OpenAPI 3.1 description of the HTTP API (<a href="https://spec.openapis.org/oas/v3.1.0">OpenAPI 3.1.0</a>):
 * hand-written as the resource {@code openapi.json} beside this class, served at {@link #PATH} without a token.
 * Its tests hold it to the routes the server registers, to the {@link ApiError} catalogue, and to real responses.
 */
final class OpenApiDocument {

    /** Where the server serves the document. */
    static final String PATH = "/api/v1/openapi.json";

    private static final String RESOURCE = "openapi.json";

    private OpenApiDocument() {
    }

    /** The document's bytes (UTF-8 JSON). */
    static byte[] load() {
        try (InputStream in = OpenApiDocument.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the resource " + RESOURCE + " is missing beside " + OpenApiDocument.class);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + RESOURCE, e);
        }
    }
}
