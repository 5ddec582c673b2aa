package io.cellota.server.fileserver;

import static org.assertj.core.api.Assertions.assertThat;

import io.cellota.device.download.CoapTestRig;
import io.cellota.device.download.DownloadOptions;
import io.cellota.device.download.DownloadOutcome;
import io.cellota.device.download.DownloadOutcome.Completed;
import io.cellota.device.download.MemoryBlockSink;
import io.cellota.device.download.TestImages;
import io.cellota.device.download.WindowPolicy;
import io.cellota.device.link.DropReason;
import io.cellota.device.link.LinkProfile;
import io.cellota.server.repository.PackageFile;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.eclipse.californium.core.coap.BlockOption;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The device's own {@code CoapDownloader} pulls packages from the firmware resource byte-exact: every block
 * size and lockstep or a window of 8, over CoAP with a token and over CoAPs with a PSK and Connection ID;
 * every block is answered by the resource itself (never by Californium's block-wise layer); a server
 * preferring smaller blocks gets them; and a lossy LTE-M link through the impairment proxy.
 */
class CoapDeliveryIT {

    private static final List<Integer> BLOCK_SIZES = List.of(16, 32, 64, 128, 256, 512, 1024);
    private static final DownloadOptions LOOPBACK = CoapTestRig.LOOPBACK_OPTIONS
            .withRto(Duration.ofMillis(400), Duration.ofMillis(100), Duration.ofSeconds(2), 2);

    @TempDir
    Path directory;

    static Stream<Arguments> every_block_size_and_window() {
        return Stream.of("coap", "coaps").flatMap(scheme -> BLOCK_SIZES.stream().flatMap(size ->
                Stream.of(WindowPolicy.LOCKSTEP, WindowPolicy.fixed(8)).map(window -> Arguments.of(scheme, size, window))));
    }

    @ParameterizedTest(name = "{0}, {1}-byte blocks, window {2}")
    @MethodSource("every_block_size_and_window")
    void a_device_downloads_a_package_byte_exact(String scheme, int blockSize, WindowPolicy window) throws Exception {
        byte[] image = TestImages.random(6_000 + blockSize / 2 + 3, blockSize);
        try (CoapDeliveryRig rig = CoapDeliveryRig.over(scheme, directory)) {
            PackageFile file = rig.serve("image-1", image);
            MemoryBlockSink sink = new MemoryBlockSink(64 * 1024);

            DownloadOutcome outcome = rig.download(rig.device(), LOOPBACK.withBlockSize(blockSize).withWindow(window),
                    rig.uri("image-1"), sink);

            assertThat(outcome).isInstanceOfSatisfying(Completed.class, completed -> {
                assertThat(completed.size()).isEqualTo(image.length);
                assertThat(completed.etag()).hasValueSatisfying(etag -> assertThat(etag)
                        .isEqualTo(FirmwareDelivery.coapEtag(file)));
            });
            assertThat(sink.content()).isEqualTo(image);
            Transport transport = Transport.ofScheme(scheme);
            assertThat(rig.metrics.responses(transport)).isEqualTo((image.length + blockSize - 1) / blockSize);
            assertThat(rig.metrics.bytes(transport)).isEqualTo(image.length);
        }
    }

    @Test
    void a_server_preferring_512_byte_blocks_answers_1024_byte_requests_with_512_byte_blocks_at_the_same_offset() throws Exception {
        byte[] image = TestImages.random(20_000, 9);
        try (CoapDeliveryRig rig = CoapDeliveryRig.over("coap", directory, FileServerConfig.DEFAULTS,
                config -> config.set(CoapConfig.PREFERRED_BLOCK_SIZE, 512))) {
            rig.serve("image-1", image);
            CoapEndpoint device = rig.device();
            MemoryBlockSink sink = new MemoryBlockSink(64 * 1024);

            DownloadOutcome outcome = rig.download(device, LOOPBACK.withBlockSize(1024), rig.uri("image-1"), sink);

            assertThat(outcome).isInstanceOf(Completed.class);
            assertThat(sink.content()).isEqualTo(image);
            assertThat(rig.metrics.responses(Transport.COAP)).isEqualTo((20_000 + 511) / 512);
            Request block3 = Request.newGet();
            block3.setURI(rig.uri("image-1"));
            block3.getOptions().setBlock2(BlockOption.size2Szx(1024), false, 3);
            Response response = CoapDeliveryRig.send(device, block3);
            assertThat(response.getOptions().getBlock2()).isEqualTo(new BlockOption(BlockOption.size2Szx(512), true, 6));
            assertThat(response.getPayload()).isEqualTo(Arrays.copyOfRange(image, 3072, 3584));
        }
    }

    @Test
    void a_smaller_configured_maximum_block_size_wins_over_the_request() throws Exception {
        byte[] image = TestImages.random(5_000, 10);
        try (CoapDeliveryRig rig = CoapDeliveryRig.over("coaps", directory,
                FileServerConfig.DEFAULTS.withMaxBlockSize(128), config -> { })) {
            rig.serve("image-1", image);
            MemoryBlockSink sink = new MemoryBlockSink(64 * 1024);

            DownloadOutcome outcome = rig.download(rig.device(), LOOPBACK.withBlockSize(1024), rig.uri("image-1"), sink);

            assertThat(outcome).isInstanceOf(Completed.class);
            assertThat(sink.content()).isEqualTo(image);
            assertThat(rig.metrics.responses(Transport.COAPS)).isEqualTo((5_000 + 127) / 128);
        }
    }

    @Test
    void a_download_over_a_lossy_lte_m_link_completes_byte_exact() throws Exception {
        byte[] image = TestImages.random(32 * 1024 - 7, 11);
        DownloadOptions lteM = DownloadOptions.LTE_M
                .withRto(Duration.ofMillis(500), Duration.ofMillis(200), Duration.ofSeconds(2), 2)
                .withRetries(8, Duration.ofMillis(100), Duration.ofSeconds(1))
                .withDeadline(Duration.ofSeconds(50));
        try (CoapDeliveryRig rig = CoapDeliveryRig.over("coaps", directory).through(LinkProfile.LTE_M_LOSSY, 42)) {
            rig.serve("image-1", image);
            CoapEndpoint device = rig.device();
            MemoryBlockSink sink = new MemoryBlockSink(64 * 1024);

            DownloadOutcome outcome = rig.download(device, lteM, rig.uri("image-1"), sink);

            assertThat(outcome).isInstanceOf(Completed.class);
            assertThat(sink.content()).isEqualTo(image);
            assertThat(rig.metrics.responses(Transport.COAPS)).isGreaterThanOrEqualTo(32);
            assertThat(rig.proxy().stats().uplink().dropped(DropReason.LOSS)
                    + rig.proxy().stats().downlink().dropped(DropReason.LOSS)).isPositive();
        }
    }
}
