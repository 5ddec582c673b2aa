package io.cellota.server.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The API's OpenAPI document as tests read it: its tree, the response it declares for a route and status, and
 * its component schemas as validators (JSON Schema in the OpenAPI 3.1 dialect, formats asserted) together with a
 * strict check that a value carries no field its schema leaves undeclared, so a view that grows a field without
 * the document fails.
 */
public final class ApiSchemas {

    private static final String LOCATION = "classpath:io/cellota/server/rest/openapi.json";
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDialect(Dialects.getOpenApi31());

    private final JsonNode document;
    private final Map<String, Schema> validators = new ConcurrentHashMap<>();

    private ApiSchemas(JsonNode document) {
        this.document = document;
    }

    /** The document the server serves. */
    public static ApiSchemas load() {
        try {
            return new ApiSchemas(RestServer.JSON.readTree(OpenApiDocument.load()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The raw bytes the server serves. */
    public static byte[] bytes() {
        return OpenApiDocument.load();
    }

    public JsonNode document() {
        return document;
    }

    /**
     * The response the document declares for {@code method} on the path template at {@code status}, with a
     * {@code $ref} to {@code components/responses} followed; a missing node if none is declared.
     */
    public JsonNode response(String method, String path, int status) {
        JsonNode response = document.path("paths").path(path).path(method.toLowerCase(Locale.ROOT)).path("responses")
                .path(String.valueOf(status));
        return resolve(response);
    }

    /** The component schema of the response's JSON body ({@code Device} for {@code #/components/schemas/Device}). */
    public static Optional<String> jsonSchemaName(JsonNode response) {
        JsonNode ref = response.path("content").path("application/json").path("schema").path("$ref");
        String prefix = "#/components/schemas/";
        return ref.isTextual() && ref.asText().startsWith(prefix) ? Optional.of(ref.asText().substring(prefix.length()))
                : Optional.empty();
    }

    /**
     * Everything wrong with {@code value} as an instance of {@code components/schemas/<name>}: what the schema
     * refuses, and every field it does not declare.
     */
    public List<String> problems(String name, JsonNode value) {
        List<String> problems = new ArrayList<>();
        Schema schema = validators.computeIfAbsent(name,
                n -> REGISTRY.getSchema(SchemaLocation.of(LOCATION + "#/components/schemas/" + n)));
        schema.validate(value, ctx -> ctx.executionConfig(c -> c.formatAssertionsEnabled(true)))
                .forEach(e -> problems.add(e.toString()));
        undeclared(document.at("/components/schemas/" + name), value, name, problems);
        return problems;
    }

    /** Follows {@code $ref}s inside the document. */
    public JsonNode resolve(JsonNode node) {
        JsonNode current = node;
        while (current.has("$ref")) {
            String ref = current.get("$ref").asText();
            if (!ref.startsWith("#/")) {
                throw new IllegalArgumentException("only local references are used: " + ref);
            }
            current = document.at(ref.substring(1));
        }
        return current;
    }

    private void undeclared(JsonNode schemaNode, JsonNode value, String path, List<String> problems) {
        JsonNode schema = resolve(schemaNode);
        if (value.isObject() && schema.has("properties")) {
            for (Map.Entry<String, JsonNode> field : value.properties()) {
                JsonNode declared = schema.get("properties").get(field.getKey());
                if (declared == null) {
                    problems.add(path + "." + field.getKey() + ": not declared by the document");
                } else {
                    undeclared(declared, field.getValue(), path + "." + field.getKey(), problems);
                }
            }
        }
        if (value.isArray() && schema.has("items")) {
            for (int i = 0; i < value.size(); i++) {
                undeclared(schema.get("items"), value.get(i), path + "[" + i + "]", problems);
            }
        }
    }
}
