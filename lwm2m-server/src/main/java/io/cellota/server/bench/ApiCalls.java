package io.cellota.server.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The campaign scenario's calls to the server's REST API: JSON text in, a parsed answer out, the bearer token on
 * every request, a timeout on each; an answer outside 2xx is an {@link IOException} with the server's body.
 */
final class ApiCalls {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private final URI base;
    private final String token;

    ApiCalls(URI base, String token) {
        this.base = base;
        this.token = token;
    }

    JsonNode get(String path) throws IOException, InterruptedException {
        return send("GET", path, HttpRequest.BodyPublishers.noBody(), null);
    }

    JsonNode post(String path, String json) throws IOException, InterruptedException {
        return send("POST", path, HttpRequest.BodyPublishers.ofString(json), "application/json");
    }

    JsonNode put(String path, String json) throws IOException, InterruptedException {
        return send("PUT", path, HttpRequest.BodyPublishers.ofString(json), "application/json");
    }

    JsonNode upload(String path, byte[] content) throws IOException, InterruptedException {
        return send("POST", path, HttpRequest.BodyPublishers.ofByteArray(content), "application/octet-stream");
    }

    private JsonNode send(String method, String path, HttpRequest.BodyPublisher body, String type)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(TIMEOUT)
                .header("Authorization", "Bearer " + token).method(method, body);
        if (type != null) {
            request.header("Content-Type", type);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IOException(method + " " + path + " answered " + response.statusCode() + ": "
                    + response.body());
        }
        String text = response.body();
        return text.isEmpty() ? JSON.nullNode() : JSON.readTree(text.getBytes(StandardCharsets.UTF_8));
    }
}
