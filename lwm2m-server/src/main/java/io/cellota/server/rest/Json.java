package io.cellota.server.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;

/** Reading request bodies: malformed JSON and missing fields become {@code invalid_request}, never a 500. */
final class Json {

    private Json() {
    }

    static JsonNode body(Context ctx) {
        try {
            JsonNode node = RestServer.JSON.readTree(ctx.body());
            if (node == null || !node.isObject()) {
                throw new ApiException(ApiError.INVALID_REQUEST, "the body must be a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new ApiException(ApiError.INVALID_REQUEST, "the body is not valid JSON: " + e.getOriginalMessage());
        }
    }

    static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual() || v.asText().isEmpty()) {
            throw new ApiException(ApiError.INVALID_REQUEST, "'" + field + "' is required and must be a string");
        }
        return v.asText();
    }

    static java.util.Optional<String> optionalText(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return java.util.Optional.empty();
        }
        if (!v.isTextual()) {
            throw new ApiException(ApiError.INVALID_REQUEST, "'" + field + "' must be a string");
        }
        return java.util.Optional.of(v.asText());
    }

    /** A JSON scalar as Java: a boolean, a long, a double or a string; anything else is refused. */
    static Object scalar(JsonNode v, String field) {
        if (!v.isValueNode() || v.isNull()) {
            throw new ApiException(ApiError.INVALID_REQUEST, "'" + field + "' must be a string, number or boolean");
        }
        return v.isBoolean() ? v.booleanValue() : v.isIntegralNumber() ? v.longValue()
                : v.isNumber() ? v.doubleValue() : v.asText();
    }
}
