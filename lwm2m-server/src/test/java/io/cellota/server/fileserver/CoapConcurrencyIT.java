package io.cellota.server.fileserver;

import static org.assertj.core.api.Assertions.assertThat;

import io.cellota.device.download.CoapDownloader;
import io.cellota.device.download.CoapTestRig;
import io.cellota.device.download.DownloadListener;
import io.cellota.device.download.DownloadOptions;
import io.cellota.device.download.DownloadOutcome;
import io.cellota.device.download.DownloadOutcome.Completed;
import io.cellota.device.download.MemoryBlockSink;
import io.cellota.device.download.MemoryProgressStore;
import io.cellota.device.download.TestImages;
import io.cellota.device.download.WindowPolicy;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many devices at once through one resource: every download completes byte-exact, and the open files stay
 * within the cache's bound (plus, for a moment, the reads in flight). Bounds are asserted, never times.
 */
class CoapConcurrencyIT {

    private static final DownloadOptions OPTIONS = CoapTestRig.LOOPBACK_OPTIONS
            .withWindow(WindowPolicy.fixed(8))
            .withRto(Duration.ofMillis(500), Duration.ofMillis(200), Duration.ofSeconds(2), 3)
            .withRetries(8, Duration.ofMillis(100), Duration.ofSeconds(1))
            .withDeadline(Duration.ofMinutes(3));

    @TempDir
    Path directory;

    @Test
    void two_hundred_devices_download_the_same_image_through_one_open_file() throws Exception {
        byte[] image = TestImages.random(256 * 1024, 41);
        try (CoapDeliveryRig rig = CoapDeliveryRig.over("coap", directory)) {
            rig.serve("image-1", image);
            rig.metrics.probe(rig.files::openFiles);
            List<CompletableFuture<DownloadOutcome>> outcomes = new ArrayList<>();
            List<MemoryBlockSink> sinks = new ArrayList<>();
            for (int endpoint = 0; endpoint < 10; endpoint++) {
                CoapDownloader downloader = rig.downloader(rig.device(), OPTIONS);
                for (int i = 0; i < 20; i++) {
                    MemoryBlockSink sink = new MemoryBlockSink(image.length);
                    sinks.add(sink);
                    outcomes.add(start(downloader, rig.uri("image-1"), sink));
                }
            }

            for (int i = 0; i < outcomes.size(); i++) {
                assertThat(outcomes.get(i).get(4, TimeUnit.MINUTES)).as("download %d", i).isInstanceOf(Completed.class);
                assertThat(sinks.get(i).content()).as("download %d", i).isEqualTo(image);
            }
            assertThat(rig.files.opens()).isEqualTo(1);
            assertThat(rig.metrics.probeMax()).isEqualTo(1);
            assertThat(rig.files.openFiles()).isEqualTo(1);
            assertThat(rig.metrics.responses(Transport.COAP)).isGreaterThanOrEqualTo(200L * 256);
        }
    }

    @Test
    void devices_downloading_more_packages_than_the_cache_holds_keep_it_bounded() throws Exception {
        FileServerConfig settings = FileServerConfig.DEFAULTS.withOpenFiles(4).withIo(4, 4096);
        try (CoapDeliveryRig rig = CoapDeliveryRig.over("coap", directory, settings, config -> { })) {
            List<byte[]> images = new ArrayList<>();
            for (int p = 0; p < 12; p++) {
                images.add(TestImages.random(32 * 1024 + p, 50 + p));
                rig.serve("image-" + p, images.get(p));
            }
            rig.metrics.probe(rig.files::openFiles);
            List<CompletableFuture<DownloadOutcome>> outcomes = new ArrayList<>();
            List<MemoryBlockSink> sinks = new ArrayList<>();
            for (int endpoint = 0; endpoint < 6; endpoint++) {
                CoapDownloader downloader = rig.downloader(rig.device(), OPTIONS);
                for (int i = 0; i < 10; i++) {
                    MemoryBlockSink sink = new MemoryBlockSink(64 * 1024);
                    sinks.add(sink);
                    outcomes.add(start(downloader, rig.uri("image-" + (endpoint * 10 + i) % 12), sink));
                }
            }

            for (int i = 0; i < outcomes.size(); i++) {
                assertThat(outcomes.get(i).get(4, TimeUnit.MINUTES)).as("download %d", i).isInstanceOf(Completed.class);
                assertThat(sinks.get(i).content()).as("download %d", i).isEqualTo(images.get(i % 12));
            }
            assertThat(rig.metrics.probeMax()).isLessThanOrEqualTo(4 + 4);
            assertThat(rig.files.size()).isLessThanOrEqualTo(4);
            assertThat(rig.files.openFiles()).isLessThanOrEqualTo(4);
            assertThat(rig.files.opens()).isGreaterThan(12);
        }
    }

    private static CompletableFuture<DownloadOutcome> start(CoapDownloader downloader, URI uri, MemoryBlockSink sink) {
        return downloader.start(uri, sink, new MemoryProgressStore(), DownloadListener.NONE).outcome()
                .toCompletableFuture();
    }
}
