package io.cellota.device.download;

import static org.assertj.core.api.Assertions.assertThat;

import io.cellota.device.download.DownloadOutcome.Completed;
import io.cellota.device.link.LinkProfile;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Downloads complete byte-exact for every block size, fixed and adaptive windows, over CoAP and CoAPs: first
 * straight over loopback, then through the impairment proxy on an LTE-M link.
 */
class CoapDownloadMatrixIT {

    private static final List<Integer> BLOCK_SIZES = List.of(16, 32, 64, 128, 256, 512, 1024);
    private static final List<WindowPolicy> WINDOWS = List.of(WindowPolicy.LOCKSTEP, WindowPolicy.fixed(8),
            WindowPolicy.auto(16));

    static Stream<Arguments> every_block_size_and_window() {
        return Stream.of("coap", "coaps").flatMap(scheme -> BLOCK_SIZES.stream()
                .flatMap(size -> WINDOWS.stream().map(window -> Arguments.of(scheme, size, window))));
    }

    @ParameterizedTest(name = "{0}, {1}-byte blocks, window {2}")
    @MethodSource("every_block_size_and_window")
    void a_download_over_loopback_is_byte_exact(String scheme, int blockSize, WindowPolicy window) throws Exception {
        byte[] image = TestImages.random(4_000 + blockSize / 2, blockSize);
        try (CoapTestRig rig = CoapTestRig.over(scheme)) {
            BlockFileResource resource = rig.server().serve("image", image);

            Completed completed = downloads(rig, image, blockSize, window);

            assertThat(completed.etag()).hasValueSatisfying(tag -> assertThat(tag).isEqualTo(resource.etag()));
            assertThat(resource.requests()).hasSize((image.length + blockSize - 1) / blockSize);
        }
    }

    static Stream<Arguments> link_cases() {
        return Stream.of(
                Arguments.of("coap", 1024, WindowPolicy.LOCKSTEP),
                Arguments.of("coap", 1024, WindowPolicy.fixed(8)),
                Arguments.of("coap", 1024, WindowPolicy.auto(16)),
                Arguments.of("coap", 256, WindowPolicy.fixed(8)),
                Arguments.of("coap", 64, WindowPolicy.auto(32)),
                Arguments.of("coaps", 1024, WindowPolicy.LOCKSTEP),
                Arguments.of("coaps", 512, WindowPolicy.fixed(8)),
                Arguments.of("coaps", 128, WindowPolicy.auto(32)));
    }

    @ParameterizedTest(name = "{0}, {1}-byte blocks, window {2}")
    @MethodSource("link_cases")
    void a_download_over_an_lte_m_link_is_byte_exact(String scheme, int blockSize, WindowPolicy window)
            throws Exception {
        byte[] image = TestImages.random(16 * 1024 - 100, blockSize);
        try (CoapTestRig rig = CoapTestRig.over(scheme).through(LinkProfile.LTE_M, 7)) {
            rig.server().serve("image", image);

            downloads(rig, image, blockSize, window);
        }
    }

    /** Downloads {@code /fw/image} and checks it arrived whole and byte-exact. */
    private static Completed downloads(CoapTestRig rig, byte[] image, int blockSize, WindowPolicy window)
            throws Exception {
        MemoryBlockSink sink = new MemoryBlockSink(64 * 1024);
        DownloadOptions options = CoapTestRig.LOOPBACK_OPTIONS.withBlockSize(blockSize).withWindow(window)
                .withRto(Duration.ofMillis(400), Duration.ofMillis(100), Duration.ofSeconds(2), 2);
        Download download = rig.downloader(options).start(rig.uri("image"), sink, new MemoryProgressStore(),
                DownloadListener.NONE);

        DownloadOutcome outcome = download.outcome().toCompletableFuture().get(30, TimeUnit.SECONDS);

        assertThat(outcome).isInstanceOf(Completed.class);
        assertThat(((Completed) outcome).size()).isEqualTo(image.length);
        assertThat(sink.content()).isEqualTo(image);
        return (Completed) outcome;
    }
}
