package io.cellota.server.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cellota.firmware.object5.ProtocolSupport;
import io.cellota.server.repository.FileContentStore;
import io.cellota.server.repository.FirmwareRepository;
import io.cellota.server.repository.RepositoryConfig;
import io.cellota.server.store.Database;
import io.cellota.server.store.DatabaseConfig;
import io.cellota.server.update.CommandOutcome;
import io.cellota.server.update.CommandRef;
import io.cellota.server.update.DeliveryPolicy;
import io.cellota.server.update.DeviceGateway;
import io.cellota.server.update.DeviceUpdate;
import io.cellota.server.update.Failure;
import io.cellota.server.update.LinkEstimate;
import io.cellota.server.update.PackageFacts;
import io.cellota.server.update.UpdateEngine;
import io.cellota.server.update.UpdateEvent;
import io.cellota.server.update.UpdateId;
import io.cellota.server.update.UpdateListener;
import io.cellota.server.update.UpdatePhase;
import io.cellota.server.update.UpdateRequest;
import io.cellota.server.update.UriIssuer;
import io.cellota.server.update.jdbc.JdbcUpdateStore;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The update listings over real HTTP, on the JDBC store: {@code GET /api/v1/devices/{endpoint}/updates} and
 * {@code GET /api/v1/updates}, newest first, paged with their totals, filtered by state and device, and bad
 * filters refused with {@code invalid_request}.
 */
class UpdateListingIT {

    private static final String TOKEN = "listing-token";
    private static final Instant T0 = Instant.parse("2026-03-01T10:15:30Z");
    private static final PackageFacts TARGET = new PackageFacts("fw-aaaaaaaaaaaaaaaa", "1.1.0+0", 24_000, "mcuboot");

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();
    private Database database;
    private JdbcUpdateStore store;
    private RestServer server;

    /** In creation order: a SUCCEEDED, b FAILED, a FAILED, c CANCELLED, a QUEUED. */
    private List<DeviceUpdate> seeded;

    @BeforeEach
    void start() throws Exception {
        database = Database.open(DatabaseConfig.embedded(dir));
        store = new JdbcUpdateStore(database);
        Clock clock = Clock.fixed(T0, ZoneOffset.UTC);
        FirmwareRepository firmware = new FirmwareRepository(database, new FileContentStore(dir.resolve("packages")),
                RepositoryConfig.trusting(List.of()), id -> false, clock);
        UpdateEngine engine = new UpdateEngine(store, new SilentGateway(), new NoUris(), DeliveryPolicy.defaults(),
                clock, UpdateListener.NONE);
        server = RestServer.start(new InetSocketAddress("127.0.0.1", 0), TOKEN,
                List.of(new UpdateRoutes(engine, store, firmware, clock)));
        seeded = List.of(seed("a", UpdatePhase.SUCCEEDED), seed("b", UpdatePhase.FAILED), seed("a", UpdatePhase.FAILED),
                seed("c", UpdatePhase.CANCELLED), seed("a", UpdatePhase.QUEUED));
    }

    @AfterEach
    void stop() {
        server.close();
        database.close();
    }

    @Test
    void a_device_s_updates_come_newest_first_in_pages_that_carry_the_total() throws Exception {
        JsonNode first = get("/api/v1/devices/a/updates?limit=2");
        JsonNode second = get("/api/v1/devices/a/updates?limit=2&offset=2");

        assertThat(ids(first)).containsExactly(id(4), id(2));
        assertThat(first.at("/total").asLong()).isEqualTo(3);
        assertThat(first.at("/offset").asInt()).isZero();
        assertThat(first.at("/limit").asInt()).isEqualTo(2);
        assertThat(ids(second)).containsExactly(id(0));
        assertThat(second.at("/total").asLong()).isEqualTo(3);
    }

    @Test
    void a_device_without_updates_has_an_empty_page_not_an_error() throws Exception {
        JsonNode page = get("/api/v1/devices/never-seen/updates");

        assertThat(page.at("/items").isArray()).isTrue();
        assertThat(page.at("/items")).isEmpty();
        assertThat(page.at("/total").asLong()).isZero();
    }

    @Test
    void every_update_is_listed_newest_first_and_filtered_by_state_and_device() throws Exception {
        assertThat(ids(get("/api/v1/updates"))).containsExactly(id(4), id(3), id(2), id(1), id(0));
        assertThat(ids(get("/api/v1/updates?state=FAILED"))).containsExactly(id(2), id(1));
        assertThat(ids(get("/api/v1/updates?state=FAILED,QUEUED"))).containsExactly(id(4), id(2), id(1));
        assertThat(ids(get("/api/v1/updates?state=FAILED&state=QUEUED"))).containsExactly(id(4), id(2), id(1));
        assertThat(ids(get("/api/v1/updates?endpoint=a&state=FAILED"))).containsExactly(id(2));
        assertThat(ids(get("/api/v1/updates?endpoint=b"))).containsExactly(id(1));
        assertThat(ids(get("/api/v1/devices/a/updates?state=SUCCEEDED,CANCELLED"))).containsExactly(id(0));
        assertThat(get("/api/v1/updates?state=QUEUED,CANCELLED&limit=1").at("/total").asLong()).isEqualTo(2);
        assertThat(get("/api/v1/updates?endpoint=nobody").at("/total").asLong()).isZero();
    }

    @Test
    void a_listed_update_reads_exactly_as_the_update_itself() throws Exception {
        for (JsonNode item : get("/api/v1/updates").at("/items")) {
            assertThat(item).isEqualTo(get("/api/v1/updates/" + item.at("/id").asText()));
        }
        JsonNode cancelled = get("/api/v1/updates?state=CANCELLED").at("/items/0");
        assertThat(cancelled.at("/state").asText()).isEqualTo("CANCELLED");
        assertThat(cancelled.at("/endpoint").asText()).isEqualTo("c");
        assertThat(cancelled.at("/failure").asText()).contains("seeded");
    }

    @Test
    void bad_filters_and_pages_are_invalid_requests_that_say_what_is_allowed() throws Exception {
        for (String query : List.of("/api/v1/updates?state=failed", "/api/v1/updates?state=", "/api/v1/updates?state=FAILED,",
                "/api/v1/updates?state=DONE", "/api/v1/devices/a/updates?state=RUNNING", "/api/v1/updates?endpoint=",
                "/api/v1/updates?limit=501", "/api/v1/updates?offset=-1", "/api/v1/devices/a/updates?limit=x")) {
            HttpResponse<String> r = call(query, true);

            assertThat(r.statusCode()).as(query).isEqualTo(400);
            assertThat(json(r).at("/error/code").asText()).as(query).isEqualTo("invalid_request");
        }
        assertThat(json(call("/api/v1/updates?state=failed", true)).at("/error/message").asText())
                .contains("QUEUED, PREPARING, TRANSFERRING, DOWNLOADING").contains("'failed'");
    }

    @Test
    void the_listings_need_the_token() throws Exception {
        assertThat(call("/api/v1/updates", false).statusCode()).isEqualTo(401);
        assertThat(call("/api/v1/devices/a/updates", false).statusCode()).isEqualTo(401);
    }

    private DeviceUpdate seed(String endpoint, UpdatePhase end) {
        DeviceUpdate queued = DeviceUpdate.queued(UpdateId.random(), UpdateRequest.of(endpoint, TARGET), T0);
        DeviceUpdate created = store.create(queued, new UpdateEvent(queued.id(), T0, Optional.empty(), UpdatePhase.QUEUED,
                "requested"));
        if (end == UpdatePhase.QUEUED) {
            return created;
        }
        Optional<Failure> failure = end == UpdatePhase.SUCCEEDED ? Optional.empty()
                : Optional.of(Failure.engine(end == UpdatePhase.CANCELLED ? Failure.Reason.CANCELLED : Failure.Reason.DEADLINE,
                        "seeded"));
        return store.save(created.finished(end, failure, T0), List.of(new UpdateEvent(created.id(), T0,
                Optional.of(UpdatePhase.QUEUED), end, "seeded")));
    }

    private String id(int creationIndex) {
        return seeded.get(creationIndex).id().value();
    }

    private static List<String> ids(JsonNode page) {
        return StreamSupport.stream(page.at("/items").spliterator(), false).map(u -> u.at("/id").asText()).toList();
    }

    private JsonNode get(String path) throws Exception {
        HttpResponse<String> r = call(path, true);
        assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
        return json(r);
    }

    private HttpResponse<String> call(String path, boolean withToken) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).GET();
        if (withToken) {
            b.header("Authorization", "Bearer " + TOKEN);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        return RestServer.JSON.readTree(r.body());
    }

    /** A device that never answers: the listings need an engine, but never call it. */
    private static final class SilentGateway implements DeviceGateway {

        private static CompletionStage<CommandOutcome> never() {
            return new CompletableFuture<>();
        }

        @Override
        public CompletionStage<CommandOutcome> readFacts(CommandRef ref, String endpoint) {
            return never();
        }

        @Override
        public CompletionStage<CommandOutcome> observeStatus(CommandRef ref, String endpoint) {
            return never();
        }

        @Override
        public CompletionStage<CommandOutcome> readStatus(CommandRef ref, String endpoint) {
            return never();
        }

        @Override
        public CompletionStage<CommandOutcome> resetPackage(CommandRef ref, String endpoint) {
            return never();
        }

        @Override
        public CompletionStage<CommandOutcome> writePackageUri(CommandRef ref, String endpoint, String uri) {
            return never();
        }

        @Override
        public CompletionStage<CommandOutcome> pushPackage(CommandRef ref, String endpoint, String packageId,
                Duration timeout) {
            return never();
        }

        @Override
        public CompletionStage<CommandOutcome> executeUpdate(CommandRef ref, String endpoint) {
            return never();
        }

        @Override
        public CompletionStage<CommandOutcome> executeCancel(CommandRef ref, String endpoint) {
            return never();
        }

        @Override
        public CompletionStage<CommandOutcome> readFirmwareVersion(CommandRef ref, String endpoint) {
            return never();
        }

        @Override
        public LinkEstimate linkEstimate(String endpoint) {
            return LinkEstimate.CONSERVATIVE;
        }
    }

    /** Offers no protocol: nothing here is ever pulled. */
    private static final class NoUris implements UriIssuer {

        @Override
        public Set<ProtocolSupport> protocols(String endpoint) {
            return Set.of();
        }

        @Override
        public String packageUri(String endpoint, String packageId, ProtocolSupport protocol) {
            throw new IllegalStateException("no URI is issued in these tests");
        }
    }
}
