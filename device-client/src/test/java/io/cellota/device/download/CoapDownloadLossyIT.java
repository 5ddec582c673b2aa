package io.cellota.device.download;

import static org.assertj.core.api.Assertions.assertThat;

import io.cellota.device.download.DownloadOutcome.Completed;
import io.cellota.device.link.DropReason;
import io.cellota.device.link.LinkProfile;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Downloads still complete byte-exact through links that lose 10 % of the datagrams each way: the real
 * {@code lte-m-lossy} profile, and {@code nb-iot-lossy} scaled four times faster (delay and jitter divided by
 * four, rates multiplied by four, the same 8 KiB / 16 KiB buffers) to keep the suite quick.
 */
class CoapDownloadLossyIT {

    /** NB-IoT at the cell edge, four times faster: RTT 0.4–0.6 s, 104 kbit/s down. */
    static final LinkProfile NB_IOT_LOSSY_FAST = LinkProfile.NB_IOT_LOSSY
            .withDelay(Duration.ofMillis(200), Duration.ofMillis(200))
            .withJitter(Duration.ofMillis(100))
            .withRate(104_000, 248_000)
            .withName("nb-iot-lossy-x4");

    private static final DownloadOptions LTE_M_TEST = DownloadOptions.LTE_M
            .withRto(Duration.ofMillis(500), Duration.ofMillis(200), Duration.ofSeconds(2), 2)
            .withRetries(8, Duration.ofMillis(100), Duration.ofSeconds(1))
            .withDeadline(Duration.ofSeconds(40));

    private static final DownloadOptions NB_IOT_TEST = DownloadOptions.NB_IOT
            .withRto(Duration.ofSeconds(1), Duration.ofMillis(700), Duration.ofSeconds(2), 2)
            .withRetries(8, Duration.ofMillis(200), Duration.ofSeconds(2))
            .withDeadline(Duration.ofSeconds(40));

    static Stream<Arguments> lossy_links() {
        return Stream.of(
                Arguments.of("coap", LinkProfile.LTE_M_LOSSY, LTE_M_TEST.withWindow(WindowPolicy.LOCKSTEP), 16),
                Arguments.of("coap", LinkProfile.LTE_M_LOSSY, LTE_M_TEST.withWindow(WindowPolicy.fixed(8)), 32),
                Arguments.of("coap", LinkProfile.LTE_M_LOSSY, LTE_M_TEST, 32),
                Arguments.of("coaps", LinkProfile.LTE_M_LOSSY, LTE_M_TEST, 32),
                Arguments.of("coap", NB_IOT_LOSSY_FAST, NB_IOT_TEST, 8),
                Arguments.of("coaps", NB_IOT_LOSSY_FAST, NB_IOT_TEST.withWindow(WindowPolicy.fixed(4)), 8));
    }

    @ParameterizedTest(name = "{0} over {1}, window {2}, {3} KiB")
    @MethodSource("lossy_links")
    void a_download_over_a_lossy_link_completes_byte_exact(String scheme, LinkProfile link, DownloadOptions options,
            int kibibytes) throws Exception {
        byte[] image = TestImages.random(kibibytes * 1024 - 7, kibibytes);
        try (CoapTestRig rig = CoapTestRig.over(scheme).through(link, 42)) {
            rig.server().serve("image", image);
            MemoryBlockSink sink = new MemoryBlockSink(64 * 1024);

            DownloadOutcome outcome = rig.downloader(options).start(rig.uri("image"), sink, new MemoryProgressStore(),
                    DownloadListener.NONE).outcome().toCompletableFuture().get(45, TimeUnit.SECONDS);

            assertThat(outcome).isInstanceOf(Completed.class);
            assertThat(sink.content()).isEqualTo(image);
            assertThat(rig.proxy().stats().uplink().dropped(DropReason.LOSS)
                    + rig.proxy().stats().downlink().dropped(DropReason.LOSS)).isPositive();
        }
    }
}
