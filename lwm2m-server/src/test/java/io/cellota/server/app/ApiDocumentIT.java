package io.cellota.server.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.cellota.device.lwm2m.ClientResources;
import io.cellota.device.lwm2m.CoapTiming;
import io.cellota.device.lwm2m.DeviceCredentials;
import io.cellota.device.sim.SimulatedDevice;
import io.cellota.device.testkit.TestDevices;
import io.cellota.firmware.signing.PemKeys;
import io.cellota.server.config.ServerConfigLoader;
import io.cellota.server.rest.ApiSchemas;
import io.cellota.server.rest.RestServer;
import io.cellota.server.webhooks.Signature;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole server held to its OpenAPI document: the document is served without a token; it describes exactly
 * the routes the server registers, so a route added without documentation fails here; and an operator's session
 * (credentials, tags, a simulated device, uploads, an update to success, a campaign to its finish, listings,
 * refusals, downloads, the event stream)
 * gets only statuses the document declares for each route, with bodies that match the declared schemas field by
 * field.
 */
class ApiDocumentIT {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final String TOKEN = "doc-token";
    private static final String ADMIN_PASSWORD = "doc-admin-password";
    private static final ClientResources DEVICES = ClientResources.create(CoapTiming.LOOPBACK, 4);
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "head", "patch", "options", "trace");

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();
    private final ApiSchemas api = ApiSchemas.load();
    private final List<AutoCloseable> closing = new ArrayList<>();
    private CellotaServer server;

    @BeforeEach
    void start() throws Exception {
        Path key = dir.resolve("signing.pub.pem");
        Files.writeString(key, PemKeys.publicPem(TestDevices.SIGNING_KEY.publicKey()));
        server = CellotaServer.start(new ServerConfigLoader().override("data.dir", dir.resolve("server"))
                .override("coap.host", "127.0.0.1").override("coap.port", 0).override("coaps.host", "127.0.0.1")
                .override("coaps.port", 0).override("http.host", "127.0.0.1").override("http.port", 0)
                .override("public.host", "127.0.0.1").override("trusted.keys", key).override("coap.ack.timeout", "1s")
                .override("api.token", TOKEN).override("admin.password", ADMIN_PASSWORD).load(), Clock.systemUTC());
    }

    @AfterEach
    void stop() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
        server.close();
    }

    @AfterAll
    static void release() {
        DEVICES.close();
    }

    @Test
    void the_document_is_served_to_anyone_exactly_as_written() throws Exception {
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(uri("/api/v1/openapi.json")).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        assertThat(r.body()).isEqualTo(ApiSchemas.bytes());
    }

    @Test
    void the_document_describes_exactly_the_routes_the_server_registers() {
        Set<RestServer.Route> documented = new HashSet<>();
        for (Map.Entry<String, JsonNode> path : api.document().path("paths").properties()) {
            for (Map.Entry<String, JsonNode> item : path.getValue().properties()) {
                if (METHODS.contains(item.getKey())) {
                    documented.add(new RestServer.Route(item.getKey().toUpperCase(Locale.ROOT), path.getKey()));
                }
            }
        }
        List<RestServer.Route> registered = server.httpRoutes();

        assertThat(new HashSet<>(registered)).as("registered routes, against the document")
                .containsExactlyInAnyOrderElementsOf(documented);
        assertThat(registered).doesNotHaveDuplicates();
    }

    @Test
    void an_operator_session_meets_the_document_status_by_status_and_field_by_field() throws Exception {
        EventStream events = EventStream.open(http, uri("/api/v1/events"), TOKEN);
        closing.add(events);

        call("GET", "/api/v1/devices", "/api/v1/devices", null, false, 401);
        call("GET", "/health", "/health", null, false, 200);

        com.sun.net.httpserver.HttpServer receiver = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        List<String[]> hooked = new java.util.concurrent.CopyOnWriteArrayList<>();
        receiver.createContext("/hook", exchange -> {
            hooked.add(new String[] {exchange.getRequestHeaders().getFirst(Signature.HEADER),
                new String(exchange.getRequestBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)});
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        closing.add(() -> receiver.stop(0));
        String webhooks = "/api/v1/webhooks";
        String hookUrl = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
        JsonNode hook = json(call("POST", webhooks, webhooks, "{\"url\":\"" + hookUrl
                + "\",\"events\":[\"device.registered\",\"update.*\"],\"description\":\"doc\"}", true, 201));
        call("POST", webhooks, webhooks, "{\"url\":\"ftp://h/x\",\"events\":[\"*\"]}", true, 400);
        call("POST", webhooks, webhooks, "{\"url\":\"" + hookUrl + "\",\"events\":[\"up date\"]}", true, 400);
        call("GET", webhooks, webhooks, null, true, 200);
        String oneHook = "/api/v1/webhooks/{id}";
        call("GET", oneHook, webhooks + "/" + hook.at("/id").asText(), null, true, 200);
        call("GET", oneHook, webhooks + "/wh-nothing", null, true, 404);

        String credentials = "/api/v1/devices/{endpoint}/credentials";
        call("PUT", credentials, "/api/v1/devices/api-psk/credentials",
                "{\"mode\":\"psk\",\"identity\":\"api-psk-id\",\"key\":\"00112233445566778899aabbccddeeff\"}", true, 200);
        call("PUT", credentials, "/api/v1/devices/api-other/credentials",
                "{\"mode\":\"psk\",\"identity\":\"api-psk-id\",\"key\":\"00112233445566778899aabbccddeeff\"}", true, 409);
        call("PUT", credentials, "/api/v1/devices/api-other/credentials", "{\"mode\":\"nfc\"}", true, 400);
        call("GET", credentials, "/api/v1/devices/api-psk/credentials", null, true, 200);
        call("GET", "/api/v1/devices/{endpoint}", "/api/v1/devices/api-psk", null, true, 200);
        call("GET", "/api/v1/devices/{endpoint}", "/api/v1/devices/nobody", null, true, 404);

        SimulatedDevice device = SimulatedDevice.create(TestDevices.config("api-dev", server.lwm2m().coapUri(),
                new DeviceCredentials.NoSec(), dir.resolve("api-dev")), DEVICES, Clock.systemUTC());
        closing.add(device);
        device.powerOn();
        await().atMost(WAIT).until(() -> {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri("/api/v1/devices/api-dev"))
                    .header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 && json(r).at("/registered").asBoolean();
        });
        call("GET", "/api/v1/devices/{endpoint}", "/api/v1/devices/api-dev", null, true, 200);
        call("GET", "/api/v1/devices", "/api/v1/devices?registered=true", null, true, 200);
        call("GET", "/api/v1/devices", "/api/v1/devices?limit=0", null, true, 400);

        byte[] image = TestDevices.image("2.1.0", 20_000);
        String firmwareId = json(call("POST", "/api/v1/firmware", "/api/v1/firmware", image, true, 201)).at("/id").asText();
        call("POST", "/api/v1/firmware", "/api/v1/firmware", image, true, 200);
        call("POST", "/api/v1/firmware", "/api/v1/firmware", new byte[] {1, 2, 3, 4, 5, 6, 7, 8}, true, 422);
        call("POST", "/api/v1/firmware", "/api/v1/firmware?type=opaque", new byte[] {1, 2, 3}, true, 422);
        call("POST", "/api/v1/firmware", "/api/v1/firmware?type=zip", new byte[] {1, 2, 3}, true, 400);
        call("GET", "/api/v1/firmware", "/api/v1/firmware", null, true, 200);
        call("GET", "/api/v1/firmware/{id}", "/api/v1/firmware/" + firmwareId, null, true, 200);
        call("GET", "/api/v1/firmware/{id}", "/api/v1/firmware/fw-aaaaaaaaaaaaaaaa", null, true, 404);

        String updates = "/api/v1/devices/{endpoint}/updates";
        String update = json(call("POST", updates, "/api/v1/devices/api-dev/updates",
                "{\"firmwareId\":\"" + firmwareId + "\",\"protocol\":\"coap\"}", true, 201)).at("/id").asText();
        call("POST", updates, "/api/v1/devices/api-dev/updates", "{\"firmwareId\":\"" + firmwareId + "\"}", true, 409);
        call("POST", updates, "/api/v1/devices/api-dev/updates", "{}", true, 400);
        call("POST", updates, "/api/v1/devices/api-dev/updates", "{\"firmwareId\":\"fw-aaaaaaaaaaaaaaaa\"}", true, 404);
        call("DELETE", "/api/v1/firmware/{id}", "/api/v1/firmware/" + firmwareId, null, true, 409);
        String ghost = json(call("POST", updates, "/api/v1/devices/api-ghost/updates",
                "{\"firmwareId\":\"" + firmwareId + "\"}", true, 201)).at("/id").asText();
        String ghostState = json(call("POST", "/api/v1/updates/{id}/cancel", "/api/v1/updates/" + ghost + "/cancel", null,
                true, 200)).at("/state").asText();

        JsonNode done = await().atMost(WAIT).until(() -> json(call("GET", "/api/v1/updates/{id}", "/api/v1/updates/" + update,
                null, true, 200)), u -> u.at("/state").asText().equals("SUCCEEDED"));
        assertThat(done.at("/updateResult").asInt()).isEqualTo(1);
        call("GET", "/api/v1/updates/{id}/history", "/api/v1/updates/" + update + "/history", null, true, 200);
        call("GET", "/api/v1/updates/{id}", "/api/v1/updates/no-such-update", null, true, 404);
        call("POST", "/api/v1/updates/{id}/cancel", "/api/v1/updates/" + update + "/cancel", null, true, 409);
        assertThat(ids(call("GET", "/api/v1/updates", "/api/v1/updates?state=SUCCEEDED," + ghostState, null, true, 200)))
                .containsExactlyInAnyOrder(update, ghost);
        assertThat(ids(call("GET", updates, "/api/v1/devices/api-dev/updates", null, true, 200))).containsExactly(update);
        call("GET", "/api/v1/updates", "/api/v1/updates?state=DONE", null, true, 400);

        consoleSession(firmwareId);
        deviceOperations();

        call("GET", "/fw/{id}", "/fw/" + firmwareId, null, false, 403);
        call("HEAD", "/fw/{id}", "/fw/" + firmwareId + "?t=not-a-token", null, false, 403);
        call("GET", "/fw/{id}/{token}", "/fw/" + firmwareId + "/not-a-token", null, false, 403);

        String tags = "/api/v1/devices/{endpoint}/tags";
        call("PUT", tags, "/api/v1/devices/api-dev/tags", "{\"tags\":[\"lab\",\"north\"]}", true, 200);
        call("PUT", tags, "/api/v1/devices/api-dev/tags", "{\"tags\":[\"no spaces\"]}", true, 400);
        call("GET", tags, "/api/v1/devices/api-dev/tags", null, true, 200);
        assertThat(json(call("GET", "/api/v1/devices", "/api/v1/devices?tag=north,east", null, true, 200))
                .at("/items/0/endpoint").asText()).isEqualTo("api-dev");
        call("GET", "/api/v1/devices", "/api/v1/devices?tag=no%20spaces", null, true, 400);
        String newer = json(call("POST", "/api/v1/firmware", "/api/v1/firmware", TestDevices.image("2.2.0", 20_000),
                true, 201)).at("/id").asText();
        String campaigns = "/api/v1/campaigns";
        call("POST", campaigns, campaigns, "{\"name\":\"lab\"}", true, 400);
        call("POST", campaigns, campaigns, "{\"name\":\"lab\",\"firmwareId\":\"fw-aaaaaaaaaaaaaaaa\"}", true, 404);
        String campaign = json(call("POST", campaigns, campaigns, "{\"name\":\"lab\",\"firmwareId\":\"" + newer
                + "\",\"target\":{\"tags\":[\"lab\"]},\"waves\":[{\"devices\":1},{\"upToPercent\":100}],"
                + "\"pacing\":{\"maxPerCell\":2,\"bytesPerSecond\":100000,\"minRsrp\":-130},"
                + "\"schedule\":{\"timeZone\":\"Europe/Berlin\"},\"policy\":{\"protocol\":\"coap\","
                + "\"retries\":{\"max\":1,\"on\":[4]}}}", true, 201)).at("/id").asText();
        String one = "/api/v1/campaigns/{id}";
        call("GET", one, campaigns + "/" + campaign, null, true, 200);
        call("GET", one, campaigns + "/cmp-none", null, true, 404);
        call("POST", one + "/resume", campaigns + "/" + campaign + "/resume", null, true, 409);
        call("POST", one + "/start", campaigns + "/" + campaign + "/start", null, true, 200);
        call("POST", one + "/start", campaigns + "/" + campaign + "/start", null, true, 409);
        call("POST", one + "/pause", campaigns + "/" + campaign + "/pause", null, true, 200);
        call("POST", one + "/resume", campaigns + "/" + campaign + "/resume", null, true, 200);
        call("POST", one + "/retry-failed", campaigns + "/" + campaign + "/retry-failed", null, true, 409);
        JsonNode finished = await().atMost(WAIT).until(() -> json(call("GET", one, campaigns + "/" + campaign, null,
                true, 200)), c -> c.at("/status").asText().equals("FINISHED"));
        assertThat(finished.at("/counts/SUCCEEDED").asInt()).isEqualTo(1);
        call("GET", one + "/devices", campaigns + "/" + campaign + "/devices?state=SUCCEEDED", null, true, 200);
        call("GET", one + "/devices", campaigns + "/" + campaign + "/devices?state=DONE", null, true, 400);
        call("GET", one + "/devices", campaigns + "/cmp-none/devices", null, true, 404);
        call("GET", campaigns, campaigns + "?limit=5", null, true, 200);
        call("GET", campaigns, campaigns + "?status=RUNNING,FINISHED&status=DRAFT", null, true, 200);
        call("GET", campaigns, campaigns + "?status=DONE", null, true, 400);
        call("POST", one + "/cancel", campaigns + "/" + campaign + "/cancel", "{\"mode\":\"hard\"}", true, 409);
        String draft = json(call("POST", campaigns, campaigns, "{\"name\":\"draft\",\"firmwareId\":\"" + newer
                + "\"}", true, 201)).at("/id").asText();
        call("POST", one + "/cancel", campaigns + "/" + draft + "/cancel", "{\"mode\":\"sideways\"}", true, 400);
        call("POST", one + "/cancel", campaigns + "/" + draft + "/cancel", null, true, 200);

        call("DELETE", credentials, "/api/v1/devices/api-psk/credentials", null, true, 204);
        call("DELETE", credentials, "/api/v1/devices/api-psk/credentials", null, true, 404);

        await().atMost(WAIT).until(() -> events.received().stream().anyMatch(e -> e.type().equals("update.succeeded")));
        await().atMost(WAIT).until(() -> hooked.stream().anyMatch(h -> h[1].contains("\"update.succeeded\"")));
        assertThat(hooked).allSatisfy(h -> assertThat(Signature.verify(hook.at("/secret").asText(), h[0],
                h[1].getBytes(java.nio.charset.StandardCharsets.UTF_8))).isTrue());
        assertThat(hooked).anySatisfy(h -> assertThat(h[1]).contains("\"device.registered\"", "\"api-dev\""));
        String deliveries = "/api/v1/webhooks/{id}/deliveries";
        String hookPath = webhooks + "/" + hook.at("/id").asText();
        assertThat(json(call("GET", deliveries, hookPath + "/deliveries?state=DELIVERED", null, true, 200))
                .at("/total").asLong()).isGreaterThanOrEqualTo(2);
        call("GET", deliveries, hookPath + "/deliveries?state=LOST", null, true, 400);
        call("GET", deliveries, webhooks + "/wh-nothing/deliveries", null, true, 404);
        call("DELETE", oneHook, hookPath, null, true, 204);
        call("DELETE", oneHook, hookPath, null, true, 404);
        await().atMost(WAIT).until(() -> events.received().stream()
                .anyMatch(e -> e.type().equals("campaign.cancelled")));
        assertThat(events.received()).extracting(EventStream.Event::type)
                .contains("device.registered", "update.queued", "update.preparing", "update.downloading", "device.object5",
                        "update." + ghostState.toLowerCase(Locale.ROOT), "campaign.draft", "campaign.running",
                        "campaign.wave", "campaign.paused", "campaign.device.succeeded", "campaign.finished",
                        "device.operation");
        long last = 0;
        for (EventStream.Event e : events.received()) {
            JsonNode data = RestServer.JSON.readTree(e.data());
            String schema = e.type().equals("device.object5") ? "Object5Event"
                    : e.type().equals("device.notification") ? "NotificationEvent"
                    : e.type().equals("device.operation") ? "HeldOperationEvent"
                    : e.type().startsWith("update.") ? "UpdateStateEvent"
                    : e.type().equals("campaign.wave") ? "CampaignWaveEvent"
                    : e.type().startsWith("campaign.device.") ? "CampaignDeviceEvent"
                    : e.type().startsWith("campaign.") ? "CampaignEvent" : "DeviceEvent";
            assertThat(api.problems(schema, data)).as(e.toString()).isEmpty();
            assertThat(api.problems("ServerEvent", data)).as(e.toString()).isEmpty();
            assertThat(data.at("/type").asText()).isEqualTo(e.type());
            assertThat(Long.parseLong(e.id())).as("ids increase").isGreaterThan(last);
            last = Long.parseLong(e.id());
        }
    }

    /** Sign-in, who is calling, users, API tokens and what a viewer's token may not do. */
    private void consoleSession(String firmwareId) throws Exception {
        String session = "/api/v1/session";
        call("GET", "/", "/", null, false, 200);
        call("POST", session, session, "{\"name\":\"admin\",\"password\":\"not the password\"}", false, 401);
        call("POST", session, session, "{\"name\":\"admin\"}", false, 400);
        call("POST", session, session, "{\"name\":\"admin\",\"password\":\"" + ADMIN_PASSWORD + "\"}", false, 200);
        call("GET", session, session, null, true, 200);
        call("POST", session + "/password", session + "/password",
                "{\"currentPassword\":\"x\",\"newPassword\":\"y\"}", true, 409);

        String user = "/api/v1/users/{name}";
        String olga = "{\"name\":\"olga\",\"role\":\"operator\",\"password\":\"operator-password\"}";
        call("POST", "/api/v1/users", "/api/v1/users", olga, true, 201);
        call("POST", "/api/v1/users", "/api/v1/users", olga, true, 409);
        call("POST", "/api/v1/users", "/api/v1/users", "{\"name\":\"o l\",\"role\":\"viewer\",\"password\":"
                + "\"long enough password\"}", true, 400);
        call("GET", "/api/v1/users", "/api/v1/users", null, true, 200);
        call("GET", user, "/api/v1/users/olga", null, true, 200);
        call("GET", user, "/api/v1/users/nobody", null, true, 404);
        call("PATCH", user, "/api/v1/users/olga", "{\"role\":\"viewer\"}", true, 200);
        call("PATCH", user, "/api/v1/users/olga", "{\"password\":\"short\"}", true, 400);
        call("PATCH", user, "/api/v1/users/nobody", "{\"role\":\"viewer\"}", true, 404);
        call("DELETE", user, "/api/v1/users/admin", null, true, 409);
        call("DELETE", user, "/api/v1/users/olga", null, true, 204);
        call("DELETE", user, "/api/v1/users/olga", null, true, 404);

        JsonNode issued = json(call("POST", "/api/v1/tokens", "/api/v1/tokens",
                "{\"name\":\"doc viewer\",\"role\":\"viewer\",\"expiresAt\":\"2099-01-01T00:00:00Z\"}", true, 201));
        call("POST", "/api/v1/tokens", "/api/v1/tokens", "{\"name\":\"x\",\"role\":\"root\"}", true, 400);
        call("GET", "/api/v1/tokens", "/api/v1/tokens", null, true, 200);
        String viewer = issued.at("/secret").asText();
        call("GET", session, session, null, viewer, 200);
        call("GET", "/api/v1/firmware", "/api/v1/firmware", null, viewer, 200);
        call("DELETE", "/api/v1/firmware/{id}", "/api/v1/firmware/" + firmwareId, null, viewer, 403);
        call("GET", "/api/v1/users", "/api/v1/users", null, viewer, 403);
        call("DELETE", "/api/v1/tokens/{id}", "/api/v1/tokens/" + issued.at("/id").asText(), null, true, 204);
        call("DELETE", "/api/v1/tokens/{id}", "/api/v1/tokens/" + issued.at("/id").asText(), null, true, 404);
        call("GET", "/api/v1/firmware", "/api/v1/firmware", null, viewer, 401);
        call("DELETE", session, session, null, true, 204);
    }

    /** The fleet's counts and generic LwM2M operations on the registered device api-dev. */
    private void deviceOperations() throws Exception {
        call("GET", "/api/v1/fleet", "/api/v1/fleet", null, true, 200);
        call("GET", "/api/v1/devices", "/api/v1/devices?q=API-D&updateState=0", null, true, 200);
        call("GET", "/api/v1/devices/{endpoint}/objects", "/api/v1/devices/api-dev/objects", null, true, 200);
        call("GET", "/api/v1/devices/{endpoint}/objects", "/api/v1/devices/api-psk/objects", null, true, 409);
        String lwm2m = "/api/v1/devices/{endpoint}/lwm2m";
        String dev = "/api/v1/devices/api-dev/lwm2m";
        assertThat(json(call("GET", lwm2m, dev + "?path=/3/0", null, true, 200)).at("/content/kind").asText())
                .isEqualTo("instance");
        assertThat(json(call("GET", lwm2m, dev + "?path=/3/0/99", null, true, 200)).at("/code").asText())
                .isEqualTo("4.04");
        call("GET", lwm2m, dev + "?path=three", null, true, 400);
        call("GET", lwm2m, dev + "?path=/3/0&timeout=0", null, true, 400);
        JsonNode written = json(call("PUT", lwm2m, dev + "?path=/1/0/1", "{\"value\":300}", true, 200));
        assertThat(written.at("/code").asText()).as(written.toString()).isEqualTo("2.04");
        call("PUT", lwm2m, dev + "?path=/3/0/0", "{\"value\":\"x\"}", true, 400);
        call("PUT", lwm2m, dev + "?path=/1/0/1", "{}", true, 400);
        call("POST", lwm2m + "/execute", dev + "/execute?path=/3/0/12", null, true, 200);
        call("POST", lwm2m + "/observe", dev + "/observe?path=/3/0/9", null, true, 200);
        call("DELETE", lwm2m + "/observe", dev + "/observe?path=/3/0/9", null, true, 200);
        call("DELETE", lwm2m + "/observe", dev + "/observe?path=/5/0/3", null, true, 409);
        String held = "/api/v1/devices/{endpoint}/operations";
        String one = held + "/{id}";
        JsonNode sent = json(call("POST", held, "/api/v1/devices/api-dev/operations",
                "{\"operation\":\"read\",\"path\":\"/3/0/0\"}", true, 202));
        JsonNode waiting = json(call("POST", held, "/api/v1/devices/api-psk/operations",
                "{\"operation\":\"write\",\"path\":\"/1/0/2\",\"value\":45,\"expiresInSeconds\":600}", true, 202));
        assertThat(waiting.at("/status").asText()).as("api-psk is not registered").isEqualTo("QUEUED");
        call("POST", held, "/api/v1/devices/api-psk/operations", "{\"operation\":\"write\",\"path\":\"/1/0\"}",
                true, 400);
        call("POST", held, "/api/v1/devices/nobody/operations", "{\"operation\":\"read\",\"path\":\"/3/0\"}",
                true, 404);
        await().atMost(Duration.ofSeconds(30)).until(() -> json(call("GET", one,
                "/api/v1/devices/api-dev/operations/" + sent.at("/id").asLong(), null, true, 200)).at("/status")
                .asText().equals("SUCCEEDED"));
        call("GET", held, "/api/v1/devices/api-dev/operations?status=SUCCEEDED", null, true, 200);
        call("GET", held, "/api/v1/devices/api-dev/operations?status=LOST", null, true, 400);
        call("DELETE", one, "/api/v1/devices/api-psk/operations/" + waiting.at("/id").asLong(), null, true, 200);
        call("DELETE", one, "/api/v1/devices/api-psk/operations/" + waiting.at("/id").asLong(), null, true, 409);
        call("GET", one, "/api/v1/devices/api-psk/operations/999999", null, true, 404);
        call("PUT", "/api/v1/devices/{endpoint}/tags", "/api/v1/devices/api-psk/tags", "{\"tags\":[\"fleet-test\"]}",
                true, 200);
        JsonNode many = json(call("POST", "/api/v1/operations", "/api/v1/operations", "{\"target\":{\"tags\":"
                + "[\"fleet-test\"],\"endpoints\":[\"nobody\"]},\"operation\":\"read\",\"path\":\"/3/0/3\"}",
                true, 202));
        assertThat(many.at("/held/0/endpoint").asText()).as(many.toString()).isEqualTo("api-psk");
        assertThat(many.at("/refused/0/endpoint").asText()).isEqualTo("nobody");
        call("POST", "/api/v1/operations", "/api/v1/operations", "{\"operation\":\"read\",\"path\":\"/3/0/3\"}",
                true, 400);
        call("POST", "/api/v1/operations", "/api/v1/operations", "{\"target\":{\"endpoints\":[\"api-psk\"]},"
                + "\"operation\":\"execute\",\"path\":\"/3/0\"}", true, 400);
    }

    private HttpResponse<String> call(String method, String template, String path, Object body, boolean withToken,
            int status) throws Exception {
        return call(method, template, path, body, withToken ? TOKEN : null, status);
    }

    /**
     * Sends the request and checks the answer against the document: {@code status} is what the test expects; the
     * document declares it for the route; a JSON body matches the declared schema with no undeclared field; a
     * text body is one the document lists; a response declared without content has no body.
     */
    private HttpResponse<String> call(String method, String template, String path, Object body, String token,
            int status) throws Exception {
        HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                : body instanceof byte[] bytes ? HttpRequest.BodyPublishers.ofByteArray(bytes)
                : HttpRequest.BodyPublishers.ofString((String) body);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).method(method, publisher);
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        String what = method + " " + path + " → " + r.statusCode() + " " + r.body();

        assertThat(r.statusCode()).as(what).isEqualTo(status);
        JsonNode declared = api.response(method, template, status);
        assertThat(declared.isMissingNode()).as("the document declares " + what).isFalse();
        JsonNode content = declared.path("content");
        String type = r.headers().firstValue("Content-Type").orElse("");
        if (content.has("application/json")) {
            assertThat(type).as(what).startsWith("application/json");
            String schema = ApiSchemas.jsonSchemaName(declared).orElseThrow();
            assertThat(api.problems(schema, RestServer.JSON.readTree(r.body()))).as(what).isEmpty();
        } else if (content.has("text/plain")) {
            JsonNode schema = content.path("text/plain").path("schema");
            List<String> allowed = schema.has("const") ? List.of(schema.get("const").asText())
                    : StreamSupport.stream(schema.path("enum").spliterator(), false).map(JsonNode::asText).toList();
            if (!method.equals("HEAD")) {
                assertThat(allowed).as(what).contains(r.body());
            }
        } else if (content.isMissingNode()) {
            assertThat(r.body()).as(what).isEmpty();
        }
        return r;
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.httpAddress().getPort() + path);
    }

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        return RestServer.JSON.readTree(r.body());
    }

    private static List<String> ids(HttpResponse<String> page) throws Exception {
        return StreamSupport.stream(json(page).at("/items").spliterator(), false).map(u -> u.at("/id").asText()).toList();
    }

    /** A Server-Sent Events client: collects every event of the stream as it arrives. */
    private static final class EventStream implements Flow.Subscriber<String>, AutoCloseable {

        /** One event: its type, its id and its data line. */
        record Event(String type, String id, String data) {
        }

        private final List<Event> received = new CopyOnWriteArrayList<>();
        private volatile Flow.Subscription subscription;
        private String type;
        private String id;
        private String data;

        static EventStream open(HttpClient http, URI uri, String token) {
            EventStream stream = new EventStream();
            http.sendAsync(HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + token)
                    .header("Accept", "text/event-stream").GET().build(), HttpResponse.BodyHandlers.fromLineSubscriber(stream));
            return stream;
        }

        List<Event> received() {
            return List.copyOf(received);
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(String line) {
            if (line.isEmpty()) {
                if (data != null) {
                    received.add(new Event(type, id, data));
                }
                type = null;
                id = null;
                data = null;
            } else if (line.startsWith("event:")) {
                type = line.substring(6).strip();
            } else if (line.startsWith("id:")) {
                id = line.substring(3).strip();
            } else if (line.startsWith("data:")) {
                data = line.substring(5).strip();
            }
        }

        @Override
        public void onError(Throwable throwable) {
        }

        @Override
        public void onComplete() {
        }

        @Override
        public void close() {
            if (subscription != null) {
                subscription.cancel();
            }
        }
    }
}
