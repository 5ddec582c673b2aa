package io.cellota.server.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the server adds to any route modules, over real HTTP: the OpenAPI document without a token while the
 * rest of {@code /api} needs one, the record of every route registered, and the catalogue's {@code not_found}
 * only where no route matched.
 */
class RestServerIT {

    private static final String TOKEN = "server-token";
    private final HttpClient http = HttpClient.newHttpClient();
    private RestServer server;

    @BeforeEach
    void start() {
        server = RestServer.start(new InetSocketAddress("127.0.0.1", 0), TOKEN, List.of(
                routes -> routes.get("/api/v1/things", ctx -> ctx.json(List.of())),
                routes -> routes.get("/files/{name}", ctx -> ctx.status(404).result("no such file")),
                routes -> routes.head("/files/{name}", ctx -> ctx.status(200))));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).GET();
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void the_openapi_document_needs_no_token_and_the_rest_of_the_api_does() throws Exception {
        assertThat(get("/api/v1/openapi.json", null).statusCode()).isEqualTo(200);
        assertThat(get("/api/v1/openapi.json", "wrong").statusCode()).isEqualTo(200);
        assertThat(get("/api/v1/openapi.json", null).body()).startsWith("{").contains("\"openapi\": \"3.1.0\"");
        assertThat(get("/api/v1/things", null).statusCode()).isEqualTo(401);
        assertThat(get("/api/v1/things", "wrong").statusCode()).isEqualTo(401);
        assertThat(get("/api/v1/openapi.jsonx", null).statusCode()).isEqualTo(401);
        assertThat(get("/api/v1/things", TOKEN).statusCode()).isEqualTo(200);
    }

    @Test
    void every_route_registered_is_recorded_once_with_its_method() {
        assertThat(server.routes()).containsExactly(new RestServer.Route("GET", "/api/v1/openapi.json"),
                new RestServer.Route("GET", "/api/v1/things"), new RestServer.Route("GET", "/files/{name}"),
                new RestServer.Route("HEAD", "/files/{name}"));
    }

    @Test
    void a_route_s_own_404_keeps_its_body_and_only_a_missing_route_gets_the_catalogue_s() throws Exception {
        HttpResponse<String> own = get("/files/a.bin", null);
        HttpResponse<String> none = get("/nothing/here", null);

        assertThat(own.statusCode()).isEqualTo(404);
        assertThat(own.body()).isEqualTo("no such file");
        assertThat(none.statusCode()).isEqualTo(404);
        assertThat(RestServer.JSON.readTree(none.body()).at("/error/code").asText()).isEqualTo("not_found");
        assertThat(RestServer.JSON.readTree(none.body()).at("/error/message").asText()).isEqualTo("no route GET /nothing/here");
    }

    @Test
    void an_error_body_reads_code_first() throws Exception {
        assertThat(get("/nothing/here", null).body())
                .isEqualTo("{\"error\":{\"code\":\"not_found\",\"message\":\"no route GET /nothing/here\"}}");
    }
}
