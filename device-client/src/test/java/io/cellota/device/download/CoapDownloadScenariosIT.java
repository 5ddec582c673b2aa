package io.cellota.device.download;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.cellota.device.download.BlockFileResource.BlockRequest;
import io.cellota.device.download.BlockFileResource.Reaction;
import io.cellota.device.download.DownloadOutcome.Completed;
import io.cellota.device.download.DownloadOutcome.Failed;
import io.cellota.device.download.DownloadOutcome.Failure;
import io.cellota.device.link.DropReason;
import io.cellota.device.link.LinkProfile;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.elements.UDPConnector;
import org.eclipse.californium.elements.config.Configuration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What a CoAP download does when the server, the resource or the link misbehaves, over loopback. */
class CoapDownloadScenariosIT {

    private static final int BLOCK = 256;
    private static final byte[] IMAGE = TestImages.random(32 * BLOCK - 50, 1);
    private static final DownloadOptions OPTIONS = CoapTestRig.LOOPBACK_OPTIONS.withBlockSize(BLOCK);

    private CoapTestRig rig;
    private final MemoryBlockSink sink = new MemoryBlockSink(64 * 1024);
    private final MemoryProgressStore store = new MemoryProgressStore();

    @AfterEach
    void close_the_rig() throws Exception {
        if (rig != null) {
            rig.close();
        }
    }

    @Test
    void a_server_preferring_smaller_blocks_wins_and_offsets_are_re_mapped() throws Exception {
        BlockFileResource resource = givenServer("coap").serve("image", IMAGE);
        resource.preferredBlockSize(64);

        DownloadOutcome outcome = download(OPTIONS.withBlockSize(1024).withWindow(WindowPolicy.fixed(4)));

        assertCompleted(outcome, IMAGE);
        List<BlockRequest> requests = resource.requests();
        assertThat(requests.get(0).size()).isEqualTo(1024);
        assertThat(requests.subList(1, requests.size())).allSatisfy(request -> assertThat(request.size()).isEqualTo(64));
        assertThat(requests).extracting(BlockRequest::offset).doesNotHaveDuplicates()
                .hasSize((IMAGE.length + 63) / 64);
    }

    @Test
    void an_etag_change_mid_download_starts_over_once_and_gets_the_new_content() throws Exception {
        BlockFileResource resource = givenServer("coap").serve("image", IMAGE);
        byte[] newer = TestImages.random(IMAGE.length + 300, 2);
        AtomicInteger changes = new AtomicInteger();
        resource.hook(request -> {
            if (request.num() == 10 && changes.getAndIncrement() == 0) {
                resource.content(newer);
            }
            return Reaction.SERVE;
        });

        DownloadOutcome outcome = download(OPTIONS.withWindow(WindowPolicy.fixed(4)));

        assertCompleted(outcome, newer);
        assertThat(((Completed) outcome).etag()).hasValueSatisfying(tag -> assertThat(tag).isEqualTo(resource.etag()));
        assertThat(sink.resets()).isEqualTo(2);
    }

    @Test
    void a_resource_that_keeps_changing_fails_the_download_as_an_integrity_failure() throws Exception {
        BlockFileResource resource = givenServer("coap").serve("image", IMAGE);
        AtomicInteger version = new AtomicInteger();
        resource.hook(request -> {
            if (request.num() == 5) {
                resource.content(TestImages.random(IMAGE.length, 100 + version.incrementAndGet()));
            }
            return Reaction.SERVE;
        });

        assertFailed(download(OPTIONS), Failure.INTEGRITY);
    }

    @Test
    void a_restarted_process_resumes_and_fetches_only_the_missing_blocks() throws Exception {
        BlockFileResource resource = givenServer("coap").serve("image", IMAGE);
        resource.hook(request -> request.num() >= 20 ? Reaction.DROP : Reaction.SERVE);
        DownloadOptions impatient = OPTIONS.withWindow(WindowPolicy.fixed(4))
                .withRetries(1, Duration.ofMillis(20), Duration.ofMillis(20));
        assertFailed(download(impatient), Failure.CONNECTION_LOST);
        assertThat(store.load()).hasValueSatisfying(progress -> assertThat(progress.firstMissing()).isEqualTo(20));
        resource.clearRequests();
        resource.hook(request -> Reaction.SERVE);

        DownloadOutcome outcome = rig.restartedDownloader(OPTIONS).start(rig.uri("image"), sink, store,
                DownloadListener.NONE).outcome().toCompletableFuture().get(20, TimeUnit.SECONDS);

        assertCompleted(outcome, IMAGE);
        List<BlockRequest> requests = resource.requests();
        assertThat(requests).extracting(BlockRequest::num).containsExactlyInAnyOrder(
                20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31);
        assertThat(requests.get(0).size2Asked()).isTrue();
        assertThat(sink.resets()).isEqualTo(1);
    }

    @Test
    void a_resume_against_a_changed_resource_starts_over() throws Exception {
        BlockFileResource resource = givenServer("coap").serve("image", IMAGE);
        resource.hook(request -> request.num() >= 12 ? Reaction.DROP : Reaction.SERVE);
        assertFailed(download(OPTIONS.withRetries(0, Duration.ofMillis(20), Duration.ofMillis(20))),
                Failure.CONNECTION_LOST);
        byte[] newer = TestImages.random(IMAGE.length, 3);
        resource.content(newer);
        resource.hook(request -> Reaction.SERVE);
        resource.clearRequests();

        DownloadOutcome outcome = rig.restartedDownloader(OPTIONS).start(rig.uri("image"), sink, store,
                DownloadListener.NONE).outcome().toCompletableFuture().get(20, TimeUnit.SECONDS);

        assertCompleted(outcome, newer);
        assertThat(sink.resets()).isEqualTo(2);
        assertThat(resource.requests()).extracting(BlockRequest::num).contains(0, 11);
    }

    @Test
    void a_resume_against_a_resource_now_shorter_than_the_progress_starts_over() throws Exception {
        BlockFileResource resource = givenServer("coap").serve("image", IMAGE);
        resource.hook(request -> request.num() >= 20 ? Reaction.DROP : Reaction.SERVE);
        assertFailed(download(OPTIONS.withRetries(0, Duration.ofMillis(20), Duration.ofMillis(20))),
                Failure.CONNECTION_LOST);
        byte[] shorter = TestImages.random(10 * BLOCK, 5);
        resource.content(shorter);
        resource.hook(request -> Reaction.SERVE);

        DownloadOutcome outcome = rig.restartedDownloader(OPTIONS).start(rig.uri("image"), sink, store,
                DownloadListener.NONE).outcome().toCompletableFuture().get(20, TimeUnit.SECONDS);

        assertCompleted(outcome, shorter);
        assertThat(sink.resets()).isEqualTo(2);
    }

    @Test
    void a_short_blackout_is_bridged_by_retries() throws Exception {
        BlockFileResource resource = givenServer("coap").serve("image", IMAGE);
        rig.through(LinkProfile.LOOPBACK, 5);
        AtomicInteger blackouts = new AtomicInteger();
        resource.hook(request -> {
            if (request.num() == 10 && blackouts.getAndIncrement() == 0) {
                rig.proxy().blackout(Duration.ofSeconds(1));
            }
            return Reaction.SERVE;
        });

        DownloadOutcome outcome = download(OPTIONS.withRetries(8, Duration.ofMillis(50), Duration.ofMillis(400)));

        assertCompleted(outcome, IMAGE);
        assertThat(resource.requests()).filteredOn(request -> request.num() == 10).hasSizeGreaterThan(1);
        assertThat(rig.proxy().stats().downlink().dropped(DropReason.BLACKOUT)).isPositive();
    }

    @Test
    void a_server_that_lost_the_dtls_session_gets_a_new_handshake_and_the_download_goes_on() throws Exception {
        BlockFileResource resource = givenServer("coaps").serve("image", IMAGE);
        AtomicInteger forgotten = new AtomicInteger();
        resource.hook(request -> {
            if (request.num() == 10 && forgotten.getAndIncrement() == 0) {
                rig.server().forgetSessions();
                return Reaction.DROP;
            }
            return Reaction.SERVE;
        });

        DownloadOutcome outcome = download(OPTIONS.withWindow(WindowPolicy.LOCKSTEP));

        assertCompleted(outcome, IMAGE);
        assertThat(forgotten).hasValueGreaterThan(1);
    }

    @Test
    void a_blackout_longer_than_the_retries_loses_the_connection_and_a_new_start_resumes() throws Exception {
        BlockFileResource resource = givenServer("coap").serve("image", IMAGE);
        rig.through(LinkProfile.LOOPBACK, 6);
        resource.hook(request -> {
            if (request.num() == 10) {
                rig.proxy().setLinkUp(false);
            }
            return Reaction.SERVE;
        });
        // lockstep, so that exactly blocks 0..9 get through before the link goes down with block 10
        CoapDownloader downloader = rig.downloader(OPTIONS.withWindow(WindowPolicy.LOCKSTEP)
                .withRetries(2, Duration.ofMillis(20), Duration.ofMillis(40))
                .withRto(Duration.ofMillis(100), Duration.ofMillis(50), Duration.ofMillis(200), 1));

        DownloadOutcome lost = downloader.start(rig.uri("image"), sink, store, DownloadListener.NONE).outcome()
                .toCompletableFuture().get(20, TimeUnit.SECONDS);

        assertFailed(lost, Failure.CONNECTION_LOST);
        DownloadProgress kept = store.load().orElseThrow();
        assertThat(kept.received().cardinality()).isEqualTo(10);
        List<Integer> missing = IntStream.range(0, 32).filter(block -> !kept.received().get(block)).boxed().toList();
        rig.proxy().setLinkUp(true);
        resource.hook(request -> Reaction.SERVE);
        resource.clearRequests();

        DownloadOutcome resumed = downloader.start(rig.uri("image"), sink, store, DownloadListener.NONE).outcome()
                .toCompletableFuture().get(20, TimeUnit.SECONDS);

        assertCompleted(resumed, IMAGE);
        assertThat(resource.requests()).extracting(BlockRequest::num).containsExactlyInAnyOrderElementsOf(missing);
    }

    @Test
    void a_size2_larger_than_the_slot_fails_too_large_before_anything_is_written() throws Exception {
        BlockFileResource resource = givenServer("coap").serve("image", IMAGE);
        MemoryBlockSink small = new MemoryBlockSink(IMAGE.length - 1);

        DownloadOutcome outcome = rig.downloader(OPTIONS).start(rig.uri("image"), small, store, DownloadListener.NONE)
                .outcome().toCompletableFuture().get(10, TimeUnit.SECONDS);

        assertFailed(outcome, Failure.TOO_LARGE);
        assertThat(small.writes()).isEmpty();
        assertThat(resource.requests()).hasSize(1);
    }

    @Test
    void a_storage_failure_is_out_of_storage() throws Exception {
        givenServer("coap").serve("image", IMAGE);
        BlockSink failing = new BlockSink() {
            @Override
            public long capacity() {
                return 64 * 1024;
            }

            @Override
            public void write(long offset, ByteBuffer data) throws OutOfStorageException {
                throw new OutOfStorageException("flash worn out");
            }

            @Override
            public void flush() {
            }

            @Override
            public void reset() {
            }
        };

        DownloadOutcome outcome = rig.downloader(OPTIONS).start(rig.uri("image"), failing, store, DownloadListener.NONE)
                .outcome().toCompletableFuture().get(10, TimeUnit.SECONDS);

        assertFailed(outcome, Failure.OUT_OF_STORAGE);
    }

    @Test
    void an_unknown_resource_is_an_invalid_uri_without_retries() throws Exception {
        BlockFileResource resource = givenServer("coap").serve("image", IMAGE);

        DownloadOutcome outcome = rig.downloader(OPTIONS).start(rig.uri("missing"), sink, store, DownloadListener.NONE)
                .outcome().toCompletableFuture().get(10, TimeUnit.SECONDS);

        assertFailed(outcome, Failure.INVALID_URI);
        assertThat(resource.requests()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"UNAUTHORIZED", "FORBIDDEN"})
    void a_forbidden_resource_is_an_invalid_uri(String code) throws Exception {
        BlockFileResource resource = givenServer("coap").serve("image", IMAGE);
        resource.hook(request -> Reaction.respond(ResponseCode.valueOf(code)));

        assertFailed(download(OPTIONS), Failure.INVALID_URI);
        assertThat(resource.requests()).hasSize(1);
    }

    @Test
    void service_unavailable_is_retried() throws Exception {
        BlockFileResource resource = givenServer("coap").serve("image", IMAGE);
        AtomicInteger refusals = new AtomicInteger();
        resource.hook(request -> request.num() == 3 && refusals.getAndIncrement() < 2
                ? Reaction.respond(ResponseCode.SERVICE_UNAVAILABLE) : Reaction.SERVE);

        assertCompleted(download(OPTIONS), IMAGE);
        assertThat(resource.requests()).filteredOn(request -> request.num() == 3).hasSize(3);
    }

    @Test
    void a_server_that_keeps_failing_loses_the_connection_after_the_retries() throws Exception {
        BlockFileResource resource = givenServer("coap").serve("image", IMAGE);
        resource.hook(request -> request.num() == 3 ? Reaction.respond(ResponseCode.INTERNAL_SERVER_ERROR)
                : Reaction.SERVE);

        assertFailed(download(OPTIONS), Failure.CONNECTION_LOST);
        assertThat(resource.requests()).filteredOn(request -> request.num() == 3)
                .hasSize(OPTIONS.maxRetriesPerBlock() + 1);
    }

    @Test
    void a_server_without_size2_or_etag_still_serves_a_windowed_download() throws Exception {
        BlockFileResource resource = givenServer("coap").serve("image", IMAGE);
        resource.answerSize2(false);
        resource.answerEtag(false);

        assertCompleted(download(OPTIONS.withWindow(WindowPolicy.fixed(8))), IMAGE);
    }

    @Test
    void out_of_order_answers_are_written_in_place() throws Exception {
        givenServer("coap").serve("image", IMAGE);
        rig.through(LinkProfile.LOOPBACK.withReorder(0.5), 11);

        DownloadOutcome outcome = download(OPTIONS.withBlockSize(64).withWindow(WindowPolicy.fixed(8)));

        assertCompleted(outcome, IMAGE);
        List<Long> writes = sink.writes();
        assertThat(writes).isNotEqualTo(writes.stream().sorted().toList());
    }

    @Test
    void cancelling_stops_the_download_with_cancelled() throws Exception {
        BlockFileResource resource = givenServer("coap").serve("image", IMAGE);
        resource.hook(request -> request.num() >= 4 ? Reaction.DROP : Reaction.SERVE);
        Download download = rig.downloader(OPTIONS.withRetries(50, Duration.ofMillis(50), Duration.ofMillis(50)))
                .start(rig.uri("image"), sink, store, DownloadListener.NONE);
        await().atMost(Duration.ofSeconds(10)).until(() -> resource.requests().stream().anyMatch(r -> r.num() == 4));

        download.cancel();

        assertFailed(download.outcome().toCompletableFuture().get(5, TimeUnit.SECONDS), Failure.CANCELLED);
        assertThat(store.load()).hasValueSatisfying(progress -> assertThat(progress.firstMissing()).isEqualTo(4));
    }

    @Test
    void the_deadline_ends_a_download_that_makes_no_progress() throws Exception {
        BlockFileResource resource = givenServer("coap").serve("image", IMAGE);
        resource.hook(request -> request.num() >= 2 ? Reaction.DROP : Reaction.SERVE);

        DownloadOutcome outcome = download(OPTIONS.withRetries(1_000, Duration.ofMillis(20), Duration.ofMillis(20))
                .withDeadline(Duration.ofMillis(500)));

        assertFailed(outcome, Failure.CONNECTION_LOST);
        assertThat(((Failed) outcome).message()).contains("deadline");
    }

    @Test
    void progress_is_saved_on_its_cadence_after_flushing_and_reported() throws Exception {
        givenServer("coap").serve("image", IMAGE);
        AtomicInteger reports = new AtomicInteger();
        DownloadListener listener = new DownloadListener() {
            @Override
            public void onProgress(long bytes, long total) {
                if (total == IMAGE.length) {
                    reports.incrementAndGet();
                }
            }
        };

        DownloadOutcome outcome = rig.downloader(OPTIONS.withSaveCadence(4, Duration.ofMinutes(1)))
                .start(rig.uri("image"), sink, store, listener).outcome().toCompletableFuture().get(10, TimeUnit.SECONDS);

        assertCompleted(outcome, IMAGE);
        // every 4th of the 31 blocks before the last, then the last
        assertThat(store.saves()).hasSize(31 / 4 + 1);
        assertThat(store.saves()).extracting(DownloadProgress::bytesReceived).isSorted();
        assertThat(store.load()).hasValueSatisfying(progress -> assertThat(progress.isComplete()).isTrue());
        assertThat(sink.flushes()).isEqualTo(store.saves().size());
        assertThat(reports).hasValue(store.saves().size());
    }

    @Test
    void a_dtls_download_keeps_its_session_across_a_nat_rebinding() throws Exception {
        BlockFileResource resource = givenServer("coaps").serve("image", IMAGE);
        rig.through(LinkProfile.LOOPBACK, 9);
        AtomicInteger rebinds = new AtomicInteger();
        resource.hook(request -> {
            if (request.num() == 8 && rebinds.getAndIncrement() == 0) {
                rig.proxy().rebindAll();
            }
            return Reaction.SERVE;
        });

        assertCompleted(download(OPTIONS.withWindow(WindowPolicy.fixed(4))), IMAGE);
        assertThat(resource.requests().stream().map(BlockRequest::source).distinct()).hasSize(2);
    }

    @Test
    void an_endpoint_with_transparent_blockwise_on_is_refused() {
        Configuration stock = CoapFileServer.configuration();
        CoapEndpoint transparent = new CoapEndpoint.Builder().setConfiguration(stock)
                .setConnector(new UDPConnector(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), stock))
                .build();
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        try {
            assertThatThrownBy(() -> new CoapDownloader(transparent, OPTIONS, scheduler, Clock.systemUTC()))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("MAX_RESOURCE_BODY_SIZE");
        } finally {
            transparent.destroy();
            scheduler.shutdownNow();
        }
    }

    @Test
    void a_scheme_the_endpoint_does_not_speak_is_an_unsupported_protocol() throws Exception {
        givenServer("coap").serve("image", IMAGE);
        CoapDownloader downloader = rig.downloader(OPTIONS);

        assertThat(downloader.supports(URI.create("coap://127.0.0.1/fw/image"))).isTrue();
        assertThat(downloader.supports(URI.create("coaps://127.0.0.1/fw/image"))).isFalse();
        assertFailed(downloader.start(URI.create("coaps://127.0.0.1/fw/image"), sink, store, DownloadListener.NONE)
                .outcome().toCompletableFuture().get(1, TimeUnit.SECONDS), Failure.UNSUPPORTED_PROTOCOL);
    }

    @Test
    void no_californium_properties_file_is_written() throws Exception {
        givenServer("coaps").serve("image", IMAGE);

        assertCompleted(download(OPTIONS), IMAGE);
        assertThat(Path.of(Configuration.DEFAULT_FILE_NAME)).doesNotExist();
    }

    private CoapFileServer givenServer(String scheme) {
        rig = CoapTestRig.over(scheme);
        return rig.server();
    }

    private DownloadOutcome download(DownloadOptions options) throws Exception {
        return rig.downloader(options).start(rig.uri("image"), sink, store, DownloadListener.NONE).outcome()
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
