package io.cellota.server.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.cellota.server.events.EventBus;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A server stopping with a browser's event stream open: events published while it closes (Leshan cancelling the
 * requests in flight, which the update engine reports) reach no stream any more, and publishing returns. Before, the
 * dropped connection made Javalin's error handling loop for ever on the publishing thread, and the log grew by
 * gigabytes.
 */
class EventStreamShutdownIT {

    private static final String TOKEN = "stream-token";

    @Test
    void events_published_after_the_server_stopped_reach_no_stream_and_publishing_returns() throws Exception {
        EventBus bus = new EventBus(Clock.systemUTC());
        RestServer server = RestServer.start(new InetSocketAddress("127.0.0.1", 0), TOKEN,
                List.of(new EventRoutes(bus)));
        HttpClient http = HttpClient.newHttpClient();
        CompletableFuture<HttpResponse<Stream<String>>> stream = http.sendAsync(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.port() + "/api/v1/events"))
                .header("Authorization", "Bearer " + TOKEN).header("Accept", "text/event-stream").GET().build(),
                HttpResponse.BodyHandlers.ofLines());
        HttpResponse<Stream<String>> response = stream.get(30, TimeUnit.SECONDS);
        assertThat(response.statusCode()).isEqualTo(200);
        Iterator<String> lines = response.body().iterator();
        StringBuilder seen = new StringBuilder();
        // the stream is subscribed once an event published now arrives on it
        CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> {
            while (lines.hasNext()) {
                String line = lines.next();
                seen.append(line).append('|');
                if (line.startsWith("event:")) {
                    return line;
                }
            }
            return "";
        });
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            bus.publish("device.awake", "dev-1", Map.of());
            return first.isDone();
        });
        assertThat(first.join()).as(seen.toString()).isEqualTo("event: device.awake");

        server.close();

        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            for (int i = 0; i < 10; i++) {
                bus.publish("update.cancelled", "dev-1", Map.of("updateId", "u-" + i));
            }
        }, "publishing after the server stopped must return");
    }
}
