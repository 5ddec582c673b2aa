package io.cellota.server.fileserver;

import static org.assertj.core.api.Assertions.assertThat;

import io.cellota.device.download.DownloadOptions;
import io.cellota.device.download.DownloadOutcome;
import io.cellota.device.download.DownloadOutcome.Completed;
import io.cellota.device.download.MemoryBlockSink;
import io.cellota.device.download.SelfSignedTls;
import io.cellota.device.download.TestImages;
import io.cellota.server.repository.PackageFile;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Packages over HTTP and HTTPS: the device's {@code HttpDownloader} fetches them whole and resumes a cut
 * download with Range and If-Range; single requests get exactly the RFC 9110 answers (200, 206, 416, HEAD).
 */
@Timeout(120)
class HttpDeliveryIT {

    private static final DownloadOptions OPTIONS = DownloadOptions.LTE_M
            .withRetries(4, Duration.ofMillis(20), Duration.ofMillis(100))
            .withIdleTimeout(Duration.ofSeconds(5))
            .withDeadline(Duration.ofSeconds(30));

    @TempDir
    Path directory;

    private final byte[] image = TestImages.random(1_500_000 + 17, 61);
    private HttpDeliveryRig rig;
    private PackageFile file;

    @BeforeEach
    void start() {
        rig = HttpDeliveryRig.plain(directory);
        file = rig.serve("image-1", image);
    }

    @AfterEach
    void stop() {
        rig.close();
    }

    @Test
    void a_device_downloads_a_package_over_http_byte_exact() throws Exception {
        MemoryBlockSink sink = new MemoryBlockSink(2 * 1024 * 1024);

        DownloadOutcome outcome = rig.download(rig.uri("image-1"), sink, OPTIONS);

        assertThat(outcome).isInstanceOfSatisfying(Completed.class, completed -> assertThat(completed.etag())
                .hasValueSatisfying(etag -> assertThat(new String(etag, StandardCharsets.ISO_8859_1))
                        .isEqualTo(FirmwareDelivery.httpEtag(file))));
        assertThat(sink.content()).isEqualTo(image);
        assertThat(rig.metrics.responses(Transport.HTTP)).isEqualTo(1);
        assertThat(rig.metrics.bytes(Transport.HTTP)).isEqualTo(image.length);
    }

    @Test
    void a_download_cut_mid_body_resumes_with_a_range_and_gets_the_rest() throws Exception {
        try (CuttingProxy proxy = new CuttingProxy(new InetSocketAddress("127.0.0.1", rig.port()), 300_000)) {
            URI uri = new PackageUris("127.0.0.1", 0, 0, proxy.port(), 0, "fw").http("image-1", rig.token("image-1"));
            MemoryBlockSink sink = new MemoryBlockSink(2 * 1024 * 1024);

            DownloadOutcome outcome = rig.download(uri, sink, OPTIONS);

            assertThat(outcome).isInstanceOf(Completed.class);
            assertThat(sink.content()).isEqualTo(image);
            List<CuttingProxy.Connection> connections = proxy.connections();
            assertThat(connections).hasSize(2);
            assertThat(connections.get(0).statusLine()).isEqualTo("HTTP/1.1 200 OK");
            assertThat(connections.get(1).requestText()).containsPattern("(?i)range: bytes=[1-9]\\d*-\r\n")
                    .containsIgnoringCase("if-range: " + FirmwareDelivery.httpEtag(file));
            assertThat(connections.get(1).statusLine()).isEqualTo("HTTP/1.1 206 Partial Content");
        }
    }

    @Test
    void consecutive_requests_share_one_connection() throws Exception {
        try (CuttingProxy proxy = new CuttingProxy(new InetSocketAddress("127.0.0.1", rig.port()), Long.MAX_VALUE)) {
            PackageUris uris = new PackageUris("127.0.0.1", 0, 0, proxy.port(), 0, "fw");
            for (String range : List.of("bytes=0-99", "bytes=100-", "bytes=0-0")) {
                HttpRequest request = HttpRequest.newBuilder(uris.http("image-1", rig.token("image-1")))
                        .header("Range", range).build();

                assertThat(rig.send(request).statusCode()).isEqualTo(206);
            }
            HttpRequest head = HttpRequest.newBuilder(uris.http("image-1", rig.token("image-1")))
                    .method("HEAD", HttpRequest.BodyPublishers.noBody()).build();
            assertThat(rig.send(head).statusCode()).isEqualTo(200);
            assertThat(rig.send(HttpRequest.newBuilder(uris.http("image-1", rig.token("image-1"))).build()).body())
                    .isEqualTo(image);

            assertThat(proxy.connections()).hasSize(1);
        }
    }

    @Test
    void a_range_gets_206_with_exactly_those_bytes() throws Exception {
        HttpResponse<byte[]> response = rig.send(get("image-1").header("Range", "bytes=1000-1999").build());

        assertThat(response.statusCode()).isEqualTo(206);
        assertThat(response.body()).isEqualTo(Arrays.copyOfRange(image, 1000, 2000));
        assertThat(response.headers().firstValue("Content-Range")).contains("bytes 1000-1999/" + image.length);
        assertThat(response.headers().firstValueAsLong("Content-Length")).hasValue(1000);
        assertThat(response.headers().firstValue("ETag")).contains(FirmwareDelivery.httpEtag(file));
        assertThat(response.headers().firstValue("Accept-Ranges")).contains("bytes");
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("application/octet-stream"));
    }

    @Test
    void open_ended_and_suffix_ranges_get_the_tail() throws Exception {
        HttpResponse<byte[]> from = rig.send(get("image-1").header("Range", "bytes=1500000-").build());
        HttpResponse<byte[]> suffix = rig.send(get("image-1").header("Range", "bytes=-17").build());

        assertThat(from.statusCode()).isEqualTo(206);
        assertThat(from.body()).isEqualTo(Arrays.copyOfRange(image, 1_500_000, image.length));
        assertThat(suffix.statusCode()).isEqualTo(206);
        assertThat(suffix.body()).isEqualTo(Arrays.copyOfRange(image, 1_500_000, image.length));
    }

    @Test
    void if_range_with_the_current_etag_keeps_the_range_and_with_a_changed_one_gets_the_whole_package()
            throws Exception {
        HttpResponse<byte[]> current = rig.send(get("image-1").header("Range", "bytes=100-")
                .header("If-Range", FirmwareDelivery.httpEtag(file)).build());
        HttpResponse<byte[]> changed = rig.send(get("image-1").header("Range", "bytes=100-")
                .header("If-Range", "\"" + "0".repeat(64) + "\"").build());

        assertThat(current.statusCode()).isEqualTo(206);
        assertThat(current.body()).isEqualTo(Arrays.copyOfRange(image, 100, image.length));
        assertThat(changed.statusCode()).isEqualTo(200);
        assertThat(changed.body()).isEqualTo(image);
        assertThat(changed.headers().firstValue("Content-Range")).isEmpty();
    }

    @Test
    void a_range_past_the_end_gets_416_with_the_size() throws Exception {
        HttpResponse<byte[]> response = rig.send(get("image-1").header("Range", "bytes=" + image.length + "-").build());

        assertThat(response.statusCode()).isEqualTo(416);
        assertThat(response.headers().firstValue("Content-Range")).contains("bytes */" + image.length);
        assertThat(response.body()).isEmpty();
    }

    @Test
    void several_ranges_or_a_garbled_one_get_the_whole_package() throws Exception {
        for (String range : List.of("bytes=0-1,5-9", "bytes=9-1", "pages=1-2", "bytes=x")) {
            HttpResponse<byte[]> response = rig.send(get("image-1").header("Range", range).build());

            assertThat(response.statusCode()).as(range).isEqualTo(200);
            assertThat(response.body()).as(range).isEqualTo(image);
        }
    }

    @Test
    void head_gets_the_headers_of_the_whole_package_and_no_body() throws Exception {
        HttpResponse<byte[]> response = rig.send(head("image-1").build());
        HttpResponse<byte[]> ranged = rig.send(head("image-1").header("Range", "bytes=0-9").build());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEmpty();
        assertThat(response.headers().firstValueAsLong("Content-Length")).hasValue(image.length);
        assertThat(response.headers().firstValue("ETag")).contains(FirmwareDelivery.httpEtag(file));
        assertThat(response.headers().firstValue("Accept-Ranges")).contains("bytes");
        assertThat(ranged.statusCode()).isEqualTo(200);
        assertThat(rig.metrics.responses(Transport.HTTP)).isZero();
    }

    @Test
    void an_empty_package_is_served_empty() throws Exception {
        rig.serve("empty", new byte[0]);

        HttpResponse<byte[]> response = rig.send(get("empty").build());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEmpty();
        assertThat(response.headers().firstValueAsLong("Content-Length")).hasValue(0);
    }

    @Test
    void a_package_id_that_needs_encoding_is_found() throws Exception {
        rig.serve("fw 2.0+ü#%", image);

        assertThat(rig.send(HttpRequest.newBuilder(rig.uri("fw 2.0+ü#%")).build()).statusCode()).isEqualTo(200);
    }

    @Test
    void fifty_parallel_downloads_complete_through_one_open_file() throws Exception {
        List<CompletableFuture<HttpResponse<byte[]>>> responses = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            responses.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return rig.send(get("image-1").build());
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        for (CompletableFuture<HttpResponse<byte[]>> response : responses) {
            assertThat(response.get(60, TimeUnit.SECONDS).body()).isEqualTo(image);
        }
        assertThat(rig.files.opens()).isEqualTo(1);
        assertThat(rig.files.openFiles()).isEqualTo(1);
    }

    @Test
    void over_https_a_device_downloads_a_package_byte_exact() throws Exception {
        SelfSignedTls tls = SelfSignedTls.generate();
        rig.close();
        rig = HttpDeliveryRig.withHttps(directory, tls.serverContext(), tls.clientContext());
        rig.serve("image-1", image);
        URI uri = rig.uris().https("image-1", rig.token("image-1"));
        MemoryBlockSink sink = new MemoryBlockSink(2 * 1024 * 1024);

        DownloadOutcome outcome = rig.download(uri, sink, OPTIONS);

        assertThat(outcome).isInstanceOf(Completed.class);
        assertThat(sink.content()).isEqualTo(image);
        assertThat(rig.metrics.bytes(Transport.HTTPS)).isEqualTo(image.length);
        assertThat(rig.send(HttpRequest.newBuilder(uri).header("Range", "bytes=0-9").build()).body())
                .isEqualTo(Arrays.copyOf(image, 10));
    }

    private HttpRequest.Builder get(String packageId) {
        return HttpRequest.newBuilder(rig.uri(packageId)).GET();
    }

    private HttpRequest.Builder head(String packageId) {
        return HttpRequest.newBuilder(rig.uri(packageId)).method("HEAD", HttpRequest.BodyPublishers.noBody());
    }
}
