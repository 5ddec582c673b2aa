package io.cellota.server.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cellota.server.devices.DeviceOperationException;
import io.cellota.server.store.Database;
import io.cellota.server.store.DatabaseConfig;
import io.cellota.server.testing.MovableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link HeldOperations} with a device whose answers the test gives, sends started on the calling thread: nothing
 * goes to a device that cannot be reached, a device's operations go one at a time in order, every way a send can end
 * leaves the operation where the class says, and bad requests are refused whole. Run on H2
 * ({@link HeldOperationsTest}) and PostgreSQL ({@link HeldOperationsPostgresIT}).
 */
abstract class HeldOperationsContract {

    private static final String DEV = "dev-1";

    @TempDir
    Path dir;

    private DatabaseConfig config;
    private Database database;
    private final FakeDevice device = new FakeDevice();
    private final MovableClock clock = new MovableClock(Instant.parse("2026-11-27T10:00:00Z"));
    private final List<HeldOperation> changes = new ArrayList<>();
    private HeldOperations held;

    /** A new, empty database. */
    abstract DatabaseConfig emptyDatabase(Path dir);

    @BeforeEach
    void open() {
        config = emptyDatabase(dir);
        database = Database.open(config);
        held = service();
    }

    private HeldOperations service() {
        return new HeldOperations(new JdbcHeldOperations(database), device, e -> device.reachable,
                Duration.ofSeconds(30), clock, Runnable::run, changes::add);
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void an_operation_for_a_sleeping_device_waits_and_goes_when_it_wakes() throws Exception {
        HeldOperation op = held.hold(read("/3/0/0"));

        assertThat(op.status()).isEqualTo(HeldOperation.Status.QUEUED);
        assertThat(device.count()).as("nothing is sent to a sleeping device").isZero();
        device.reachable = true;
        held.reachable(DEV);
        assertThat(device.count()).isEqualTo(1);
        assertThat(status(op)).isEqualTo(HeldOperation.Status.SENDING);
        device.answer(FakeDevice.ok("2.05", "CONTENT"));

        HeldOperation done = held.find(DEV, op.id()).orElseThrow();
        assertThat(done.status()).isEqualTo(HeldOperation.Status.SUCCEEDED);
        assertThat(done.attempts()).isEqualTo(1);
        assertThat(done.result().orElseThrow().code()).isEqualTo("2.05");
        assertThat(changes).extracting(HeldOperation::status).containsExactly(HeldOperation.Status.QUEUED,
                HeldOperation.Status.SENDING, HeldOperation.Status.SUCCEEDED);
    }

    @Test
    void a_device_gets_its_operations_one_at_a_time_oldest_first() throws Exception {
        HeldOperation write = held.hold(new HeldOperations.Request(DEV, HeldOperation.Kind.WRITE, "/1/0/3",
                Optional.of(60L), Optional.empty(), Duration.ofHours(1), "olga"));
        HeldOperation execute = held.hold(new HeldOperations.Request(DEV, HeldOperation.Kind.EXECUTE, "/3/0/4",
                Optional.empty(), Optional.of("0='x'"), Duration.ofHours(1), "olga"));
        device.reachable = true;

        held.reachable(DEV);
        assertThat(device.count()).as("the second waits for the first's answer").isEqualTo(1);
        assertThat(device.last().operation()).isEqualTo("write");
        assertThat(device.last().value()).contains(60L);
        held.reachable(DEV);
        assertThat(device.count()).as("a second wake while sending sends nothing more").isEqualTo(1);
        device.answer(FakeDevice.ok("2.04", "CHANGED"));
        assertThat(device.count()).isEqualTo(2);
        assertThat(device.last().operation()).isEqualTo("execute");
        assertThat(device.last().arguments()).contains("0='x'");
        device.answer(FakeDevice.error("4.05", "METHOD_NOT_ALLOWED"));

        assertThat(status(write)).isEqualTo(HeldOperation.Status.SUCCEEDED);
        HeldOperation failed = held.find(DEV, execute.id()).orElseThrow();
        assertThat(failed.status()).isEqualTo(HeldOperation.Status.FAILED);
        assertThat(failed.failure()).hasValueSatisfying(f -> assertThat(f).contains("4.05"));
        assertThat(failed.result().orElseThrow().success()).isFalse();
    }

    @Test
    void an_operation_queued_while_the_device_is_awake_goes_at_once() throws Exception {
        device.reachable = true;

        HeldOperation op = held.hold(new HeldOperations.Request(DEV, HeldOperation.Kind.OBSERVE, "/3/0/9",
                Optional.empty(), Optional.empty(), Duration.ofMinutes(5), "olga"));

        assertThat(device.count()).isEqualTo(1);
        assertThat(device.last().operation()).isEqualTo("observe");
        assertThat(status(op)).isEqualTo(HeldOperation.Status.SENDING);
    }

    @Test
    void a_device_asleep_again_before_the_send_keeps_the_operation_for_its_next_wake_without_counting_it()
            throws Exception {
        HeldOperation op = held.hold(read("/3/0/0"));
        device.reachable = true;
        held.reachable(DEV);

        device.fail(DeviceOperationException.Reason.ASLEEP);

        HeldOperation back = held.find(DEV, op.id()).orElseThrow();
        assertThat(back.status()).isEqualTo(HeldOperation.Status.QUEUED);
        assertThat(back.attempts()).isZero();
        assertThat(device.count()).as("not sent again until the next wake").isEqualTo(1);
        held.reachable(DEV);
        assertThat(device.count()).isEqualTo(2);
    }

    @Test
    void an_unanswered_read_is_sent_again_at_each_wake_until_the_last_attempt() throws Exception {
        HeldOperation op = held.hold(read("/3/0/0"));
        device.reachable = true;

        for (int attempt = 1; attempt < HeldOperations.MAX_ATTEMPTS; attempt++) {
            held.reachable(DEV);
            device.fail(DeviceOperationException.Reason.TIMEOUT);
            HeldOperation now = held.find(DEV, op.id()).orElseThrow();
            assertThat(now.status()).isEqualTo(HeldOperation.Status.QUEUED);
            assertThat(now.attempts()).isEqualTo(attempt);
        }
        held.reachable(DEV);
        device.fail(DeviceOperationException.Reason.TIMEOUT);

        HeldOperation failed = held.find(DEV, op.id()).orElseThrow();
        assertThat(failed.status()).isEqualTo(HeldOperation.Status.FAILED);
        assertThat(failed.failure()).hasValueSatisfying(f -> assertThat(f).contains(
                "after " + HeldOperations.MAX_ATTEMPTS + " sends"));
        assertThat(device.count()).isEqualTo(HeldOperations.MAX_ATTEMPTS);
    }

    @Test
    void an_unanswered_execute_fails_and_is_never_sent_again() throws Exception {
        HeldOperation op = held.hold(new HeldOperations.Request(DEV, HeldOperation.Kind.EXECUTE, "/3/0/4",
                Optional.empty(), Optional.empty(), Duration.ofHours(1), "olga"));
        HeldOperation next = held.hold(read("/3/0/0"));
        device.reachable = true;
        held.reachable(DEV);

        device.fail(DeviceOperationException.Reason.TIMEOUT);

        assertThat(held.find(DEV, op.id()).orElseThrow().failure()).hasValueSatisfying(
                f -> assertThat(f).contains("not sent again"));
        assertThat(status(op)).isEqualTo(HeldOperation.Status.FAILED);
        assertThat(device.count()).as("the next operation goes").isEqualTo(2);
        assertThat(device.last().path()).isEqualTo(next.path());
    }

    @Test
    void an_operation_refused_by_the_device_model_fails_with_the_reason() throws Exception {
        HeldOperation op = held.hold(new HeldOperations.Request(DEV, HeldOperation.Kind.WRITE, "/3/0/0",
                Optional.of("x"), Optional.empty(), Duration.ofHours(1), "olga"));
        device.reachable = true;
        held.reachable(DEV);

        device.fail(DeviceOperationException.Reason.INVALID);

        HeldOperation failed = held.find(DEV, op.id()).orElseThrow();
        assertThat(failed.status()).isEqualTo(HeldOperation.Status.FAILED);
        assertThat(failed.failure()).contains("the device INVALID");
    }

    @Test
    void a_queued_operation_can_be_cancelled_and_is_then_never_sent() throws Exception {
        HeldOperation op = held.hold(read("/3/0/0"));

        HeldOperation cancelled = held.cancel(DEV, op.id(), "olga").orElseThrow();
        device.reachable = true;
        held.reachable(DEV);

        assertThat(cancelled.status()).isEqualTo(HeldOperation.Status.CANCELLED);
        assertThat(cancelled.failure()).contains("cancelled by olga");
        assertThat(device.count()).isZero();
        assertThat(held.cancel(DEV, 999_999, "olga")).isEmpty();
        assertThatThrownBy(() -> held.cancel(DEV, op.id(), "olga")).isInstanceOf(OperationRefusedException.class)
                .hasMessageContaining("cancelled");
    }

    @Test
    void an_operation_being_sent_cannot_be_cancelled() throws Exception {
        HeldOperation op = held.hold(read("/3/0/0"));
        device.reachable = true;
        held.reachable(DEV);

        assertThatThrownBy(() -> held.cancel(DEV, op.id(), "olga")).isInstanceOf(OperationRefusedException.class)
                .hasMessageContaining("sending");
        device.answer(FakeDevice.ok("2.05", "CONTENT"));
        assertThat(status(op)).isEqualTo(HeldOperation.Status.SUCCEEDED);
    }

    @Test
    void an_operation_not_sent_by_its_deadline_expires_and_is_never_sent() throws Exception {
        HeldOperation op = held.hold(new HeldOperations.Request(DEV, HeldOperation.Kind.READ, "/3/0/0",
                Optional.empty(), Optional.empty(), Duration.ofMinutes(10), "olga"));
        HeldOperation later = held.hold(new HeldOperations.Request(DEV, HeldOperation.Kind.READ, "/3/0/1",
                Optional.empty(), Optional.empty(), Duration.ofHours(2), "olga"));

        clock.advance(Duration.ofMinutes(11));
        held.expire(clock.instant());
        device.reachable = true;
        held.reachable(DEV);

        HeldOperation expired = held.find(DEV, op.id()).orElseThrow();
        assertThat(expired.status()).isEqualTo(HeldOperation.Status.EXPIRED);
        assertThat(expired.failure()).hasValueSatisfying(f -> assertThat(f).contains("before the deadline"));
        assertThat(device.count()).isEqualTo(1);
        assertThat(device.last().path()).isEqualTo(later.path());
    }

    @Test
    void a_wake_after_the_deadline_but_before_the_expiry_tick_still_sends_nothing_late() throws Exception {
        HeldOperation op = held.hold(new HeldOperations.Request(DEV, HeldOperation.Kind.READ, "/3/0/0",
                Optional.empty(), Optional.empty(), Duration.ofMinutes(10), "olga"));
        clock.advance(Duration.ofMinutes(11));
        device.reachable = true;

        held.reachable(DEV);

        assertThat(device.count()).isZero();
        assertThat(status(op)).isEqualTo(HeldOperation.Status.EXPIRED);
    }

    @Test
    void after_a_restart_a_read_being_sent_is_queued_again_and_an_execute_fails() throws Exception {
        HeldOperation read = held.hold(read("/3/0/0"));
        device.reachable = true;
        held.reachable(DEV);
        assertThat(status(read)).isEqualTo(HeldOperation.Status.SENDING);
        device.reachable = false;
        HeldOperation execute = held.hold(new HeldOperations.Request("dev-2", HeldOperation.Kind.EXECUTE, "/3/0/4",
                Optional.empty(), Optional.empty(), Duration.ofHours(1), "olga"));
        device.reachable = true;
        held.reachable("dev-2");
        assertThat(status(execute)).isEqualTo(HeldOperation.Status.SENDING);

        HeldOperations restarted = service();
        restarted.recover();

        assertThat(status(read)).isEqualTo(HeldOperation.Status.QUEUED);
        assertThat(held.find("dev-2", execute.id()).orElseThrow().status()).isEqualTo(HeldOperation.Status.FAILED);
        restarted.reachable(DEV);
        assertThat(device.count()).isEqualTo(3);
        assertThat(device.last().path()).isEqualTo("/3/0/0");
    }

    @Test
    void bad_requests_are_refused_and_nothing_is_kept() {
        List<HeldOperations.Request> bad = List.of(
                read("three"),
                read("/3/0/0/0/0"),
                new HeldOperations.Request(DEV, HeldOperation.Kind.WRITE, "/1/0", Optional.of(1L), Optional.empty(),
                        Duration.ofHours(1), "olga"),
                new HeldOperations.Request(DEV, HeldOperation.Kind.WRITE, "/1/0/3", Optional.empty(),
                        Optional.empty(), Duration.ofHours(1), "olga"),
                new HeldOperations.Request(DEV, HeldOperation.Kind.EXECUTE, "/3/0", Optional.empty(),
                        Optional.empty(), Duration.ofHours(1), "olga"),
                new HeldOperations.Request(DEV, HeldOperation.Kind.READ, "/3/0/0", Optional.of(1L), Optional.empty(),
                        Duration.ofHours(1), "olga"),
                new HeldOperations.Request(DEV, HeldOperation.Kind.READ, "/3/0/0", Optional.empty(),
                        Optional.of("x"), Duration.ofHours(1), "olga"),
                new HeldOperations.Request(DEV, HeldOperation.Kind.READ, "/3/0/0", Optional.empty(),
                        Optional.empty(), Duration.ZERO, "olga"),
                new HeldOperations.Request(DEV, HeldOperation.Kind.READ, "/3/0/0", Optional.empty(),
                        Optional.empty(), HeldOperations.MAX_LIFETIME.plusSeconds(1), "olga"));

        for (HeldOperations.Request request : bad) {
            assertThatThrownBy(() -> held.hold(request)).as(request.toString())
                    .isInstanceOfSatisfying(OperationRefusedException.class,
                            e -> assertThat(e.reason()).isEqualTo(OperationRefusedException.Reason.INVALID));
        }
        assertThat(held.count(DEV, Optional.empty())).isZero();
        assertThat(changes).isEmpty();
    }

    @Test
    void a_device_holds_at_most_its_share_of_waiting_operations() throws Exception {
        for (int i = 0; i < HeldOperations.MAX_WAITING; i++) {
            held.hold(read("/3/0/" + i));
        }

        assertThatThrownBy(() -> held.hold(read("/3/0/99"))).isInstanceOfSatisfying(OperationRefusedException.class,
                e -> assertThat(e.reason()).isEqualTo(OperationRefusedException.Reason.CONFLICT));
        assertThat(held.count(DEV, Optional.empty())).isEqualTo(HeldOperations.MAX_WAITING);
        assertThat(held.hold(new HeldOperations.Request("dev-2", HeldOperation.Kind.READ, "/3/0/0",
                Optional.empty(), Optional.empty(), Duration.ofHours(1), "olga")).status())
                .as("another device's queue is its own").isEqualTo(HeldOperation.Status.QUEUED);
    }

    @Test
    void listings_page_newest_first_and_filter_by_status() throws Exception {
        HeldOperation first = held.hold(read("/3/0/0"));
        HeldOperation second = held.hold(read("/3/0/1"));
        HeldOperation third = held.hold(read("/3/0/2"));
        held.cancel(DEV, second.id(), "olga");

        assertThat(held.list(DEV, Optional.empty(), 0, 2)).extracting(HeldOperation::id)
                .containsExactly(third.id(), second.id());
        assertThat(held.list(DEV, Optional.empty(), 2, 2)).extracting(HeldOperation::id).containsExactly(first.id());
        assertThat(held.list(DEV, Optional.of(HeldOperation.Status.QUEUED), 0, 10)).extracting(HeldOperation::id)
                .containsExactly(third.id(), first.id());
        assertThat(held.count(DEV, Optional.of(HeldOperation.Status.CANCELLED))).isEqualTo(1);
        assertThat(held.find("dev-2", first.id())).as("an operation is found under its own device only").isEmpty();
    }

    @Test
    void the_device_answer_is_kept_whole_across_a_restart() throws Exception {
        HeldOperation op = held.hold(read("/3/0"));
        device.reachable = true;
        held.reachable(DEV);
        Map<String, Object> content = Map.of("kind", "instance", "id", 0, "resources",
                List.of(Map.of("kind", "resource", "id", 0, "type", "STRING", "value", "Cellota")));
        device.answer(new io.cellota.server.devices.DeviceOperations.Outcome(true, "2.05", "CONTENT",
                Optional.empty(), Optional.of(content)));
        database.close();
        database = Database.open(config);

        HeldOperation reread = service().find(DEV, op.id()).orElseThrow();

        assertThat(reread.result().orElseThrow().content()).contains(content);
        assertThat(reread.queuedAt()).isEqualTo(op.queuedAt());
        assertThat(reread.requestedBy()).isEqualTo("olga");
    }

    @Test
    void finished_operations_are_forgotten_after_they_have_been_kept_long_enough() throws Exception {
        HeldOperation op = held.hold(read("/3/0/0"));
        HeldOperation waiting = held.hold(new HeldOperations.Request(DEV, HeldOperation.Kind.READ, "/3/0/1",
                Optional.empty(), Optional.empty(), HeldOperations.MAX_LIFETIME, "olga"));
        held.cancel(DEV, op.id(), "olga");

        clock.advance(HeldOperations.KEPT.plusDays(1));
        held.expire(clock.instant());

        assertThat(held.find(DEV, op.id())).isEmpty();
        assertThat(held.find(DEV, waiting.id()).orElseThrow().status()).isEqualTo(HeldOperation.Status.EXPIRED);
    }

    private static HeldOperations.Request read(String path) {
        return new HeldOperations.Request(DEV, HeldOperation.Kind.READ, path, Optional.empty(), Optional.empty(),
                Duration.ofHours(1), "olga");
    }

    private HeldOperation.Status status(HeldOperation op) {
        return held.find(op.endpoint(), op.id()).orElseThrow().status();
    }
}
