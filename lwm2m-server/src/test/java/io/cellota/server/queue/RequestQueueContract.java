package io.cellota.server.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@link RequestQueue} contract: sequences strictly increasing and never reused, each device first in,
 * first out, expiry strictly after the deadline and atomic, every request removed by exactly one caller.
 * Run on {@link InMemoryRequestQueue} ({@link InMemoryRequestQueueTest}), H2 ({@link JdbcRequestQueueTest})
 * and PostgreSQL ({@link JdbcRequestQueuePostgresIT}).
 */
public abstract class RequestQueueContract {

    /** Whole microseconds, which every queue keeps exactly. */
    static final Instant NOW = Instant.parse("2026-03-01T10:15:30.123456Z");

    RequestQueue queue;

    /** A new, empty queue. */
    protected abstract RequestQueue newQueue();

    @BeforeEach
    void emptyQueue() {
        queue = newQueue();
    }

    @Test
    void enqueue_returns_the_request_with_a_sequence_that_grows_with_every_request() {
        QueuedRequest first = queue.enqueue(request("dev-1", "WRITE_URI", Duration.ofMinutes(5)));
        QueuedRequest second = queue.enqueue(request("dev-2", "EXECUTE", Duration.ofMinutes(5)));
        QueuedRequest third = queue.enqueue(request("dev-1", "EXECUTE", Duration.ofMinutes(5)));

        assertThat(first.sequence()).isPositive();
        assertThat(second.sequence()).isGreaterThan(first.sequence());
        assertThat(third.sequence()).isGreaterThan(second.sequence());
        assertThat(first).isEqualTo(request("dev-1", "WRITE_URI", Duration.ofMinutes(5)).withSequence(first.sequence()));
        assertThat(queue.head("dev-1")).hasValue(first);
    }

    @Test
    void each_device_is_first_in_first_out() {
        List<QueuedRequest> dev1 = new ArrayList<>();
        List<QueuedRequest> dev2 = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            dev1.add(queue.enqueue(request("dev-1", "R" + i, Duration.ofMinutes(10 - i))));
            dev2.add(queue.enqueue(request("dev-2", "R" + i, Duration.ofMinutes(i + 1))));
        }

        assertThat(queue.pending("dev-1")).containsExactlyElementsOf(dev1);
        assertThat(queue.pending("dev-2")).containsExactlyElementsOf(dev2);
        for (QueuedRequest next : dev1) {
            assertThat(queue.head("dev-1")).hasValue(next);
            assertThat(queue.remove(next.sequence())).isTrue();
        }
        assertThat(queue.head("dev-1")).isEmpty();
        assertThat(queue.pending("dev-2")).containsExactlyElementsOf(dev2);
    }

    @Test
    void a_device_without_requests_has_no_head_and_nothing_pending() {
        queue.enqueue(request("dev-1", "EXECUTE", Duration.ofMinutes(5)));

        assertThat(queue.head("dev-2")).isEmpty();
        assertThat(queue.pending("dev-2")).isEmpty();
        assertThat(queue.head("DEV-1")).as("endpoint names are case-sensitive").isEmpty();
    }

    @Test
    void remove_takes_one_request_and_says_whether_it_was_there() {
        QueuedRequest first = queue.enqueue(request("dev-1", "WRITE_URI", Duration.ofMinutes(5)));
        QueuedRequest second = queue.enqueue(request("dev-1", "EXECUTE", Duration.ofMinutes(5)));

        assertThat(queue.remove(first.sequence())).isTrue();
        assertThat(queue.remove(first.sequence())).isFalse();
        assertThat(queue.remove(second.sequence() + 1000)).isFalse();
        assertThat(queue.pending("dev-1")).containsExactly(second);
    }

    @Test
    void a_sequence_is_never_handed_out_again() {
        QueuedRequest first = queue.enqueue(request("dev-1", "EXECUTE", Duration.ofMinutes(5)));
        queue.remove(first.sequence());

        QueuedRequest next = queue.enqueue(request("dev-1", "EXECUTE", Duration.ofMinutes(5)));

        assertThat(next.sequence()).isGreaterThan(first.sequence());
    }

    @Test
    void requests_expire_strictly_after_their_deadline_and_are_returned_once_oldest_first() {
        QueuedRequest late = queue.enqueue(request("dev-1", "A", Duration.ofSeconds(-10)));
        QueuedRequest onTime = queue.enqueue(request("dev-1", "B", Duration.ZERO));
        QueuedRequest early = queue.enqueue(request("dev-2", "C", Duration.ofNanos(-1000)));
        QueuedRequest future = queue.enqueue(request("dev-2", "D", Duration.ofSeconds(10)));

        assertThat(queue.removeExpired(NOW)).containsExactly(late, early);
        assertThat(queue.removeExpired(NOW)).isEmpty();
        assertThat(queue.pending("dev-1")).containsExactly(onTime);
        assertThat(queue.pending("dev-2")).containsExactly(future);
        assertThat(queue.removeExpired(NOW.plusNanos(1))).containsExactly(onTime);
    }

    @Test
    void the_devices_with_requests_are_listed_once_each_by_their_oldest_request() {
        assertThat(queue.endpointsWithPending()).isEmpty();
        QueuedRequest first = queue.enqueue(request("dev-b", "A", Duration.ofMinutes(5)));
        queue.enqueue(request("dev-a", "A", Duration.ofMinutes(5)));
        queue.enqueue(request("dev-b", "B", Duration.ofMinutes(5)));
        queue.enqueue(request("dev-c", "A", Duration.ofMinutes(5)));

        assertThat(queue.endpointsWithPending()).containsExactly("dev-b", "dev-a", "dev-c");

        queue.remove(first.sequence());
        assertThat(queue.endpointsWithPending()).containsExactly("dev-a", "dev-b", "dev-c");
        queue.pending("dev-a").forEach(r -> queue.remove(r.sequence()));
        assertThat(queue.endpointsWithPending()).containsExactly("dev-b", "dev-c");
    }

    @Test
    void every_text_is_kept_as_given() {
        String uri = "coaps://files.cellota.test/p/fw-abcdefghijklmnop?ep=" + "é".repeat(100);
        QueuedRequest odd = queue.enqueue(QueuedRequest.of("ép-日本-😀", "WRITE_URI", uri,
                "2f1c6a0e#7 \"quoted\" \\ back", NOW.plusSeconds(60), NOW));
        QueuedRequest empty = queue.enqueue(QueuedRequest.of("dev-1", "EXECUTE", "", "", NOW, NOW));
        QueuedRequest big = queue.enqueue(QueuedRequest.of("dev-1", "WRITE", "x".repeat(100_000), "c", NOW, NOW));

        assertThat(queue.pending("ép-日本-😀")).containsExactly(odd);
        assertThat(queue.pending("dev-1")).containsExactly(empty, big);
    }

    @Test
    void concurrent_producers_keep_each_devices_order_and_get_distinct_sequences() throws Exception {
        int devices = 6;
        int perDevice = 25;
        List<List<QueuedRequest>> produced = race(devices, d -> () -> {
            List<QueuedRequest> mine = new ArrayList<>();
            for (int i = 0; i < perDevice; i++) {
                mine.add(queue.enqueue(request("dev-" + d, "R" + i, Duration.ofMinutes(5))));
            }
            return mine;
        });

        List<Long> sequences = produced.stream().flatMap(List::stream).map(QueuedRequest::sequence).toList();
        assertThat(sequences).doesNotHaveDuplicates().hasSize(devices * perDevice);
        for (int d = 0; d < devices; d++) {
            assertThat(queue.pending("dev-" + d)).containsExactlyElementsOf(produced.get(d));
        }
    }

    @Test
    void racing_removers_remove_and_return_each_request_exactly_once() throws Exception {
        List<QueuedRequest> all = IntStream.range(0, 60)
                .mapToObj(i -> queue.enqueue(request("dev-" + (i % 3), "R" + i, Duration.ofSeconds(-1))))
                .toList();

        List<List<QueuedRequest>> taken = race(6, r -> () -> {
            List<QueuedRequest> mine = new ArrayList<>();
            if (r % 2 == 0) {
                mine.addAll(queue.removeExpired(NOW));
            } else {
                for (QueuedRequest request : all) {
                    if (queue.remove(request.sequence())) {
                        mine.add(request);
                    }
                }
            }
            return mine;
        });

        assertThat(taken.stream().flatMap(List::stream).toList()).containsExactlyInAnyOrderElementsOf(all);
        assertThat(queue.endpointsWithPending()).isEmpty();
    }

    /** A request for {@code endpoint} made now, to be sent within {@code validity}. */
    static QueuedRequest request(String endpoint, String kind, Duration validity) {
        return QueuedRequest.of(endpoint, kind, "arg-" + kind, "update-1#" + kind, NOW.plus(validity), NOW);
    }

    interface Worker<T> {
        Callable<T> of(int index);
    }

    /** Runs {@code n} workers released at once; returns what each returned, by index. */
    static <T> List<T> race(int n, Worker<T> worker) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                Callable<T> work = worker.of(i);
                futures.add(pool.submit(() -> {
                    start.await();
                    return work.call();
                }));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get(60, TimeUnit.SECONDS));
            }
            return Collections.unmodifiableList(results);
        } finally {
            pool.shutdownNow();
        }
    }
}
