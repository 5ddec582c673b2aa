package io.cellota.server.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Objects;

/**
 * The demo's client of the server's REST API: JSON in and out, the bearer token on every request, a timeout on
 * every call, and an answer outside 2xx turned into an exception carrying the server's error code and message.
 */
final class ApiClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private final URI base;
    private final String token;

    ApiClient(URI base, String token) {
        this.base = Objects.requireNonNull(base, "base");
        this.token = Objects.requireNonNull(token, "token");
    }

    /** A refusal by the server: its HTTP status and the error catalogue's code and message. */
    static final class ApiFailure extends IOException {
        private final int status;
        private final String code;

        ApiFailure(String call, int status, String code, String message) {
            super(call + ": " + status + " " + code + ": " + message);
            this.status = status;
            this.code = code;
        }

        int status() {
            return status;
        }

        String code() {
            return code;
        }
    }

    JsonNode get(String path) throws IOException {
        return send("GET", path, HttpRequest.BodyPublishers.noBody(), null);
    }

    JsonNode post(String path, Object body) throws IOException {
        return send("POST", path, HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)),
                "application/json");
    }

    JsonNode put(String path, Object body) throws IOException {
        return send("PUT", path, HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)),
                "application/json");
    }

    JsonNode upload(String path, byte[] content) throws IOException {
        return send("POST", path, HttpRequest.BodyPublishers.ofByteArray(content), "application/octet-stream");
    }

    private JsonNode send(String method, String path, HttpRequest.BodyPublisher body, String type)
            throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(TIMEOUT)
                .header("Authorization", "Bearer " + token).method(method, body);
        if (type != null) {
            request.header("Content-Type", type);
        }
        HttpResponse<byte[]> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(method + " " + path + " interrupted", e);
        }
        JsonNode json = response.body().length == 0 ? JSON.nullNode() : parse(response.body());
        if (response.statusCode() / 100 != 2) {
            throw new ApiFailure(method + " " + path, response.statusCode(), json.at("/error/code").asText("?"),
                    json.at("/error/message").asText(
                            new String(response.body(), java.nio.charset.StandardCharsets.UTF_8)));
        }
        return json;
    }

    private static JsonNode parse(byte[] body) {
        try {
            return JSON.readTree(body);
        } catch (IOException notJson) {
            return JSON.getNodeFactory().textNode(new String(body, java.nio.charset.StandardCharsets.UTF_8));
        }
    }
}
