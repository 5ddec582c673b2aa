package io.cellota.server.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cellota.server.devices.DeviceRegistry;
import io.cellota.server.devices.DeviceTags;
import io.cellota.server.devices.InMemoryCredentialRepository;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The API's authentication, error catalogue and device routes, over real HTTP. */
class DeviceRoutesIT {

    private static final String TOKEN = "test-admin-token";
    private final HttpClient http = HttpClient.newHttpClient();
    private final DeviceRegistry registry = new DeviceRegistry();
    private final InMemoryCredentialRepository credentials = new InMemoryCredentialRepository();
    private final List<String> dropped = new CopyOnWriteArrayList<>();
    private final MapTags tags = new MapTags();
    private RestServer server;

    @BeforeEach
    void start() {
        server = RestServer.start(new InetSocketAddress("127.0.0.1", 0), TOKEN,
                List.of(new DeviceRoutes(registry, credentials, tags, dropped::add)));
    }

    /** Tags in a map: what the routes need of {@link DeviceTags}, without a database. */
    private static final class MapTags implements DeviceTags {
        private final Map<String, Set<String>> byEndpoint = new ConcurrentHashMap<>();

        @Override
        public Set<String> tags(String endpoint) {
            return byEndpoint.getOrDefault(endpoint, Set.of());
        }

        @Override
        public Set<String> replace(String endpoint, Set<String> tags) {
            byEndpoint.put(endpoint, DeviceTags.requireValid(endpoint, tags));
            return tags(endpoint);
        }

        @Override
        public Set<String> tagged(Set<String> wanted) {
            return byEndpoint.entrySet().stream().filter(e -> e.getValue().stream().anyMatch(wanted::contains))
                    .map(Map.Entry::getKey).collect(Collectors.toSet());
        }
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> call(String method, String path, String body, boolean withToken) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (withToken) {
            b.header("Authorization", "Bearer " + TOKEN);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        return RestServer.JSON.readTree(r.body());
    }

    @Test
    void without_a_token_the_api_answers_401_with_the_catalogue_body() throws Exception {
        HttpResponse<String> r = call("GET", "/api/v1/devices", null, false);

        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(json(r).at("/error/code").asText()).isEqualTo("unauthorized");
        assertThat(call("GET", "/api/v1/devices", null, true).statusCode()).isEqualTo(200);
    }

    @Test
    void a_psk_credential_is_stored_shown_without_its_key_and_removed() throws Exception {
        HttpResponse<String> put = call("PUT", "/api/v1/devices/dev-1/credentials",
                "{\"mode\":\"psk\",\"identity\":\"dev-1-id\",\"key\":\"00112233445566778899aabbccddeeff\"}", true);

        assertThat(put.statusCode()).isEqualTo(200);
        assertThat(put.body()).contains("dev-1-id").doesNotContain("00112233");
        assertThat(credentials.byPskIdentity("dev-1-id")).isPresent();
        assertThat(json(call("GET", "/api/v1/devices/dev-1", null, true)).at("/registered").asBoolean()).isFalse();
        assertThat(call("DELETE", "/api/v1/devices/dev-1/credentials", null, true).statusCode()).isEqualTo(204);
        assertThat(dropped).containsExactly("dev-1");
        assertThat(call("GET", "/api/v1/devices/dev-1", null, true).statusCode()).isEqualTo(404);
    }

    @Test
    void a_psk_identity_used_by_another_device_is_a_conflict() throws Exception {
        String body = "{\"mode\":\"psk\",\"identity\":\"shared\",\"key\":\"00112233445566778899aabbccddeeff\"}";
        call("PUT", "/api/v1/devices/a/credentials", body, true);

        HttpResponse<String> r = call("PUT", "/api/v1/devices/b/credentials", body, true);

        assertThat(r.statusCode()).isEqualTo(409);
        assertThat(json(r).at("/error/code").asText()).isEqualTo("credential_conflict");
    }

    @Test
    void broken_bodies_are_invalid_requests_never_server_errors() throws Exception {
        for (String body : new String[] {"{", "[]", "{\"mode\":\"psk\"}", "{\"mode\":\"psk\",\"identity\":\"x\",\"key\":\"zz\"}",
            "{\"mode\":\"rpk\",\"publicKey\":\"not base64!\"}", "{\"mode\":\"nfc\"}", "{\"mode\":\"psk\",\"identity\":\"x\",\"key\":\"00\"}"}) {
            HttpResponse<String> r = call("PUT", "/api/v1/devices/dev/credentials", body, true);
            assertThat(r.statusCode()).as(body).isEqualTo(400);
            assertThat(json(r).at("/error/code").asText()).as(body).isEqualTo("invalid_request");
        }
        assertThat(call("GET", "/api/v1/devices?limit=100000", null, true).statusCode()).isEqualTo(400);
        assertThat(json(call("GET", "/api/v1/nothing", null, true)).at("/error/code").asText()).isEqualTo("not_found");
    }

    @Test
    void the_registry_is_listed_and_filtered() throws Exception {
        registry.update("a", s -> s.withRegistration("r1", "1.1", "U", true, "127.0.0.1:1", java.time.Instant.EPOCH)
                .withFirmwareVersion("1.0.0+0"));
        registry.update("b", s -> s.withFirmwareVersion("2.0.0+0"));

        JsonNode all = json(call("GET", "/api/v1/devices", null, true));
        JsonNode registered = json(call("GET", "/api/v1/devices?registered=true", null, true));

        assertThat(all.at("/total").asLong()).isEqualTo(2);
        assertThat(registered.at("/items/0/endpoint").asText()).isEqualTo("a");
        assertThat(registered.at("/items/0/binding").asText()).isEqualTo("U");
        assertThat(registered.at("/total").asLong()).isEqualTo(1);
    }

    @Test
    void the_registry_is_filtered_by_tag_any_of_several_and_a_bad_tag_is_an_invalid_request() throws Exception {
        for (String endpoint : List.of("north-1", "north-2", "south-1", "lab-1")) {
            registry.update(endpoint, s -> s.withFirmwareVersion("1.0.0+0"));
        }
        tags.replace("north-1", Set.of("north"));
        tags.replace("north-2", Set.of("north", "lab"));
        tags.replace("south-1", Set.of("south"));

        JsonNode north = json(call("GET", "/api/v1/devices?tag=north", null, true));
        JsonNode lab = json(call("GET", "/api/v1/devices?tag=lab&q=north", null, true));
        JsonNode either = json(call("GET", "/api/v1/devices?tag=south,lab", null, true));
        JsonNode nobody = json(call("GET", "/api/v1/devices?tag=east", null, true));
        HttpResponse<String> bad = call("GET", "/api/v1/devices?tag=no%20spaces", null, true);

        assertThat(north.at("/items").findValuesAsText("endpoint")).containsExactly("north-1", "north-2");
        assertThat(north.at("/total").asLong()).isEqualTo(2);
        assertThat(lab.at("/items").findValuesAsText("endpoint")).containsExactly("north-2");
        assertThat(either.at("/items").findValuesAsText("endpoint")).containsExactly("north-2", "south-1");
        assertThat(nobody.at("/total").asLong()).isZero();
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(json(bad).at("/error/code").asText()).isEqualTo("invalid_request");
        assertThat(json(bad).at("/error/message").asText()).contains("tag", "no spaces");
    }
}
