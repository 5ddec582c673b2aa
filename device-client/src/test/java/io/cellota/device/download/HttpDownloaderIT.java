package io.cellota.device.download;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cellota.device.download.DownloadOutcome.Completed;
import io.cellota.device.download.DownloadOutcome.Failed;
import io.cellota.device.download.DownloadOutcome.Failure;
import io.cellota.device.download.RangeHttpServer.Reaction;
import io.cellota.device.download.RangeHttpServer.Seen;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** HTTP and HTTPS downloads over loopback: streaming, Range resume, ETag changes, status codes, cancel. */
class HttpDownloaderIT {

    private static final byte[] IMAGE = TestImages.random(200_000 + 17, 3);
    private static final DownloadOptions OPTIONS = DownloadOptions.LTE_M
            .withRetries(4, Duration.ofMillis(20), Duration.ofMillis(100))
            .withIdleTimeout(Duration.ofSeconds(5))
            .withDeadline(Duration.ofSeconds(30));

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final ExecutorService httpThreads = Executors.newCachedThreadPool();
    private final MemoryBlockSink sink = new MemoryBlockSink(256 * 1024);
    private final MemoryProgressStore store = new MemoryProgressStore();
    private RangeHttpServer server;

    @AfterEach
    void stop_everything() {
        if (server != null) {
            server.close();
        }
        scheduler.shutdownNow();
        httpThreads.shutdownNow();
    }

    @Test
    void a_download_over_http_is_streamed_byte_exact() throws Exception {
        givenServer(RangeHttpServer.plain());

        DownloadOutcome outcome = download(OPTIONS);

        assertCompleted(outcome, IMAGE);
        assertThat(((Completed) outcome).etag()).hasValueSatisfying(tag ->
                assertThat(new String(tag, java.nio.charset.StandardCharsets.ISO_8859_1))
                        .isEqualTo(RangeHttpServer.etagOf(IMAGE)));
        assertThat(sink.writes()).hasSizeGreaterThan(1);
        assertThat(server.requests()).hasSize(1);
    }

    @Test
    void a_download_over_https_with_a_self_signed_certificate_is_byte_exact() throws Exception {
        SelfSignedTls tls = SelfSignedTls.generate();
        givenServer(RangeHttpServer.https(tls.serverContext()));

        assertCompleted(download(OPTIONS, Optional.of(tls.clientContext())), IMAGE);
    }

    @Test
    void an_untrusted_certificate_fails_at_once_without_retries() throws Exception {
        givenServer(RangeHttpServer.https(SelfSignedTls.generate().serverContext()));

        DownloadOutcome outcome = download(OPTIONS, Optional.of(SelfSignedTls.generate().clientContext()));

        assertFailed(outcome, Failure.CONNECTION_LOST);
        assertThat(((Failed) outcome).message()).contains("TLS");
    }

    @Test
    void a_dropped_connection_is_resumed_with_a_range_from_the_first_missing_byte() throws Exception {
        givenServer(RangeHttpServer.plain());
        AtomicInteger calls = new AtomicInteger();
        server.hook(seen -> calls.getAndIncrement() == 0 ? Reaction.cutAfter(50_000) : Reaction.SERVE);

        assertCompleted(download(OPTIONS), IMAGE);
        List<Seen> requests = server.requests();
        assertThat(requests).hasSize(2);
        assertThat(requests.get(1).range()).hasValueSatisfying(range -> assertThat(range).matches("bytes=[1-9]\\d*-"));
        assertThat(requests.get(1).ifRange()).contains(RangeHttpServer.etagOf(IMAGE));
        assertThat(sink.resets()).isEqualTo(1);
    }

    @Test
    void a_resource_changed_between_attempts_comes_back_whole_and_the_download_starts_over() throws Exception {
        givenServer(RangeHttpServer.plain());
        byte[] newer = TestImages.random(150_000, 4);
        AtomicInteger calls = new AtomicInteger();
        server.hook(seen -> {
            if (calls.getAndIncrement() == 0) {
                return Reaction.cutAfter(60_000);
            }
            server.serve("image", newer);
            return Reaction.SERVE;
        });

        DownloadOutcome outcome = download(OPTIONS);

        assertCompleted(outcome, newer);
        assertThat(sink.resets()).isEqualTo(2);
        assertThat(server.requests().get(1).range()).isPresent();
    }

    @Test
    void a_resource_that_keeps_changing_is_an_integrity_failure() throws Exception {
        givenServer(RangeHttpServer.plain());
        AtomicInteger version = new AtomicInteger();
        server.hook(seen -> {
            server.serve("image", TestImages.random(100_000, 10 + version.incrementAndGet()));
            return Reaction.cutAfter(30_000);
        });

        assertFailed(download(OPTIONS), Failure.INTEGRITY);
    }

    @Test
    void a_restarted_process_resumes_from_the_saved_block_with_a_range() throws Exception {
        givenServer(RangeHttpServer.plain());
        server.hook(seen -> Reaction.cutAfter(70_000));
        assertFailed(download(OPTIONS.withRetries(0, Duration.ofMillis(10), Duration.ofMillis(10))),
                Failure.CONNECTION_LOST);
        DownloadProgress kept = store.load().orElseThrow();
        server.hook(seen -> Reaction.SERVE);

        assertCompleted(download(OPTIONS), IMAGE);
        assertThat(server.requests().get(1).range()).contains("bytes=" + kept.firstMissing() * 1024 + "-");
        assertThat(sink.resets()).isEqualTo(1);
    }

    @Test
    void a_connection_that_keeps_dropping_loses_the_connection_after_the_retries() throws Exception {
        givenServer(RangeHttpServer.plain());
        server.hook(seen -> Reaction.cutAfter(0));

        assertFailed(download(OPTIONS), Failure.CONNECTION_LOST);
        assertThat(server.requests()).hasSize(OPTIONS.maxRetriesPerBlock() + 1);
    }

    @Test
    void a_stalled_body_is_dropped_after_the_idle_timeout_and_resumed() throws Exception {
        givenServer(RangeHttpServer.plain());
        AtomicInteger calls = new AtomicInteger();
        server.hook(seen -> calls.getAndIncrement() == 0 ? Reaction.stallAfter(40_000) : Reaction.SERVE);

        assertCompleted(download(OPTIONS.withIdleTimeout(Duration.ofMillis(300))), IMAGE);
        assertThat(server.requests().get(1).range()).isPresent();
    }

    @Test
    void service_unavailable_is_retried() throws Exception {
        givenServer(RangeHttpServer.plain());
        AtomicInteger calls = new AtomicInteger();
        server.hook(seen -> calls.getAndIncrement() < 2 ? Reaction.status(503) : Reaction.SERVE);

        assertCompleted(download(OPTIONS), IMAGE);
        assertThat(server.requests()).hasSize(3);
    }

    @ParameterizedTest
    @ValueSource(ints = {404, 401, 403, 410})
    void not_found_and_forbidden_are_an_invalid_uri_without_retries(int status) throws Exception {
        givenServer(RangeHttpServer.plain());
        server.hook(seen -> Reaction.status(status));

        assertFailed(download(OPTIONS), Failure.INVALID_URI);
        assertThat(server.requests()).hasSize(1);
    }

    @Test
    void a_content_length_larger_than_the_slot_is_too_large_before_anything_is_written() throws Exception {
        givenServer(RangeHttpServer.plain());
        MemoryBlockSink small = new MemoryBlockSink(IMAGE.length - 1);

        DownloadOutcome outcome = downloader(OPTIONS, Optional.empty())
                .start(server.uri("image"), small, store, DownloadListener.NONE)
                .outcome().toCompletableFuture().get(10, TimeUnit.SECONDS);

        assertFailed(outcome, Failure.TOO_LARGE);
        assertThat(small.writes()).isEmpty();
    }

    @Test
    void cancelling_stops_the_download_with_cancelled() throws Exception {
        givenServer(RangeHttpServer.plain());
        server.hook(seen -> Reaction.stallAfter(8_192));
        Download download = downloader(OPTIONS, Optional.empty()).start(server.uri("image"), sink, store,
                DownloadListener.NONE);
        await().atMost(Duration.ofSeconds(10)).until(() -> !sink.writes().isEmpty());

        download.cancel();

        assertFailed(download.outcome().toCompletableFuture().get(5, TimeUnit.SECONDS), Failure.CANCELLED);
    }

    @Test
    void schemes_other_than_http_are_an_unsupported_protocol() throws Exception {
        HttpDownloader downloader = downloader(OPTIONS, Optional.empty());

        assertThat(downloader.supports(URI.create("HTTPS://example.com/fw"))).isTrue();
        assertFailed(downloader.start(URI.create("coap://127.0.0.1/fw"), sink, store, DownloadListener.NONE)
                .outcome().toCompletableFuture().get(1, TimeUnit.SECONDS), Failure.UNSUPPORTED_PROTOCOL);
    }

    private void givenServer(RangeHttpServer started) {
        server = started;
        server.serve("image", IMAGE);
    }

    private HttpDownloader downloader(DownloadOptions options, Optional<SSLContext> tls) {
        HttpClient client = HttpDownloader.client(options, tls, httpThreads);
        return new HttpDownloader(client, options, scheduler, Clock.systemUTC());
    }

    private DownloadOutcome download(DownloadOptions options) throws Exception {
        return download(options, Optional.empty());
    }

    private DownloadOutcome download(DownloadOptions options, Optional<SSLContext> tls) throws Exception {
        return downloader(options, tls).start(server.uri("image"), sink, store, DownloadListener.NONE).outcome()
                .toCompletableFuture().get(20, TimeUnit.SECONDS);
    }

    private void assertCompleted(DownloadOutcome outcome, byte[] expected) {
        assertThat(outcome).isInstanceOf(Completed.class);
        assertThat(((Completed) outcome).size()).isEqualTo(expected.length);
        assertThat(sink.content()).isEqualTo(expected);
    }

    private static void assertFailed(DownloadOutcome outcome, Failure failure) {
        assertThat(outcome).isInstanceOf(Failed.class);
        assertThat(((Failed) outcome).failure()).as(((Failed) outcome).message()).isEqualTo(failure);
    }
}
