package io.cellota.server.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.cellota.server.store.Database;
import io.cellota.server.store.DatabaseConfig;
import io.cellota.server.testing.MovableClock;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dispatcher against a real HTTP receiver on loopback, with the time of a test clock: a receiver that is
 * down (answering 503, or refusing connections) gets every event once it is back, in order, each signed, each
 * with the delivery id it had at every attempt, the backlog drained in one go; nothing is sent before its retry
 * time; a delivery older than the
 * give-up age is given up and the next one goes.
 */
class WebhookDeliveryIT {

    private static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");
    private static final RetryPolicy POLICY = new RetryPolicy(Duration.ofSeconds(10), Duration.ofMinutes(1),
            Duration.ofMinutes(30));

    @TempDir
    Path dir;

    private Database database;
    private WebhookStore store;
    private HttpServer receiver;
    private final AtomicInteger answer = new AtomicInteger(503);
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final MovableClock clock = new MovableClock(T0);

    private record Received(String delivery, String event, String signature, byte[] body, int answeredWith) {
    }

    @BeforeEach
    void start() throws IOException {
        database = Database.open(DatabaseConfig.embedded(dir));
        store = new WebhookStore(database);
        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/hook", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            int status = answer.get();
            received.add(new Received(exchange.getRequestHeaders().getFirst("X-Cellota-Delivery"),
                    exchange.getRequestHeaders().getFirst("X-Cellota-Event"),
                    exchange.getRequestHeaders().getFirst(Signature.HEADER), body, status));
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        receiver.start();
    }

    @AfterEach
    void stop() {
        receiver.stop(0);
        database.close();
    }

    private URI hookUri() {
        return URI.create("http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook");
    }

    private void runAt(Instant t) {
        clock.set(t);
        new WebhookDispatcher(store, POLICY, Duration.ofSeconds(5), clock).runDue(t).join();
    }

    @Test
    void a_receiver_that_is_down_gets_every_event_once_back_in_order_signed_and_with_stable_delivery_ids() {
        Webhook w = store.create(hookUri(), new EventPatterns(List.of("update.*")), Optional.empty(), "", T0);
        for (int i = 1; i <= 3; i++) {
            store.enqueue("update.phase", "{\"n\":" + i + "}", T0);
        }
        store.enqueue("device.registered", "{\"n\":0}", T0);

        runAt(T0);
        runAt(T0.plusSeconds(9));
        assertThat(received).as("one attempt, then nothing before its retry time").hasSize(1);
        runAt(T0.plusSeconds(10));
        assertThat(received).hasSize(2);
        assertThat(store.deliveries(w.id(), Optional.empty(), 0, 10)).filteredOn(d -> d.attempts() > 0).singleElement()
                .satisfies(d -> {
                    assertThat(d.attempts()).isEqualTo(2);
                    assertThat(d.lastStatus()).hasValue(503);
                    assertThat(d.nextAttempt()).isEqualTo(T0.plusSeconds(30));
                });

        answer.set(204);
        runAt(T0.plusSeconds(30));

        List<Received> delivered = received.stream().filter(r -> r.answeredWith() == 204).toList();
        assertThat(delivered).extracting(r -> new String(r.body())).containsExactly("{\"n\":1}", "{\"n\":2}",
                "{\"n\":3}");
        assertThat(delivered).allSatisfy(r -> {
            assertThat(Signature.verify(w.secret(), r.signature(), r.body())).isTrue();
            assertThat(r.event()).isEqualTo("update.phase");
        });
        assertThat(received.get(0).delivery()).isEqualTo(received.get(1).delivery())
                .isEqualTo(delivered.get(0).delivery());
        assertThat(delivered).extracting(Received::delivery).doesNotHaveDuplicates();
        assertThat(store.counts(w.id())).containsEntry(Delivery.State.DELIVERED, 3L)
                .containsEntry(Delivery.State.PENDING, 0L);
    }

    @Test
    void a_refused_connection_is_retried_and_a_delivery_too_old_is_given_up_so_the_next_one_goes() throws IOException {
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = probe.getLocalPort();
        }
        Webhook gone = store.create(URI.create("http://127.0.0.1:" + closedPort + "/hook"),
                new EventPatterns(List.of("*")), Optional.empty(), "", T0);
        Webhook down = store.create(hookUri(), new EventPatterns(List.of("*")), Optional.empty(), "", T0);
        store.enqueue("update.phase", "{\"n\":1}", T0);
        store.enqueue("update.phase", "{\"n\":2}", T0.plus(Duration.ofMinutes(20)));

        runAt(T0);
        assertThat(store.deliveries(gone.id(), Optional.empty(), 0, 10)).filteredOn(d -> d.attempts() > 0)
                .singleElement().satisfies(d -> {
                    assertThat(d.state()).isEqualTo(Delivery.State.PENDING);
                    assertThat(d.lastError()).contains("connection refused");
                    assertThat(d.lastStatus()).isEmpty();
                });

        answer.set(200);
        runAt(T0.plus(Duration.ofMinutes(31)));
        runAt(T0.plus(Duration.ofMinutes(31)));

        assertThat(store.counts(gone.id())).containsEntry(Delivery.State.FAILED, 1L)
                .containsEntry(Delivery.State.PENDING, 1L);
        assertThat(received.stream().filter(r -> r.answeredWith() == 200).map(r -> new String(r.body())))
                .as("the receiver that came back got both").containsExactly("{\"n\":1}", "{\"n\":2}");
        assertThat(store.counts(down.id())).containsEntry(Delivery.State.DELIVERED, 2L);
    }
}
