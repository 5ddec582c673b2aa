package io.cellota.server.fileserver;

import static org.assertj.core.api.Assertions.assertThat;

import io.cellota.device.download.CoapTestRig;
import io.cellota.device.download.DownloadOutcome;
import io.cellota.device.download.DownloadOutcome.Completed;
import io.cellota.device.download.DownloadOutcome.Failed;
import io.cellota.device.download.DownloadOutcome.Failure;
import io.cellota.device.download.MemoryBlockSink;
import io.cellota.device.download.TestImages;
import io.cellota.server.fileserver.AccessDecision.Denial;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.eclipse.californium.core.coap.BlockOption;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who may download over CoAP (a token in the URI) and CoAPs (the DTLS identity), and in both cases only with
 * a grant for the package: refusals are 4.01 when the client did not prove who it is, 4.03 when it did but
 * may not, and the device's downloader stops at once on either.
 */
class CoapAccessIT {

    @TempDir
    Path directory;

    private final byte[] image = TestImages.random(3_000, 31);

    @Test
    void over_coap_a_token_is_required() throws Exception {
        try (CoapDeliveryRig rig = CoapDeliveryRig.over("coap", directory)) {
            rig.serve("image-1", image);

            assertThat(get(rig, rig.device(), rig.base().resolve("/fw/image-1")).getCode())
                    .isEqualTo(ResponseCode.UNAUTHORIZED);
            assertThat(rig.metrics.denials()).containsExactly(Denial.NO_CREDENTIALS);
        }
    }

    @Test
    void over_coap_an_expired_token_is_refused() throws Exception {
        try (CoapDeliveryRig rig = CoapDeliveryRig.over("coap", directory)) {
            rig.serve("image-1", image);
            URI uri = rig.uri("image-1");
            CoapEndpoint device = rig.device();
            assertThat(get(rig, device, uri).getCode()).isEqualTo(ResponseCode.CONTENT);

            rig.clock.advance(rig.tokens.lifetime());

            assertThat(get(rig, device, uri).getCode()).isEqualTo(ResponseCode.UNAUTHORIZED);
            assertThat(rig.metrics.denials()).containsExactly(Denial.TOKEN_EXPIRED);
        }
    }

    @Test
    void over_coap_a_token_for_another_package_is_forbidden() throws Exception {
        try (CoapDeliveryRig rig = CoapDeliveryRig.over("coap", directory)) {
            rig.serve("image-1", image);
            rig.serve("image-2", image);
            String tokenForOne = rig.tokens.issue("image-1", CoapDeliveryRig.ENDPOINT, rig.clock.instant()).value();

            assertThat(get(rig, rig.device(), rig.base().resolve("/fw/image-2/" + tokenForOne)).getCode())
                    .isEqualTo(ResponseCode.FORBIDDEN);
            assertThat(rig.metrics.denials()).containsExactly(Denial.TOKEN_WRONG_PACKAGE);
        }
    }

    @Test
    void over_coap_a_garbled_token_is_refused_and_the_device_gives_up_at_once() throws Exception {
        try (CoapDeliveryRig rig = CoapDeliveryRig.over("coap", directory)) {
            rig.serve("image-1", image);

            DownloadOutcome outcome = rig.download(rig.device(), CoapTestRig.LOOPBACK_OPTIONS,
                    rig.base().resolve("/fw/image-1/AAAAthis-is-not-a-token"), new MemoryBlockSink(64 * 1024));

            assertThat(outcome).isInstanceOfSatisfying(Failed.class, failed ->
                    assertThat(failed.failure()).isEqualTo(Failure.INVALID_URI));
            assertThat(rig.metrics.denials()).containsExactly(Denial.TOKEN_MALFORMED);
        }
    }

    @Test
    void over_coap_the_token_may_also_come_as_the_t_query() throws Exception {
        try (CoapDeliveryRig rig = CoapDeliveryRig.over("coap", directory)) {
            rig.serve("image-1", image);
            String token = rig.tokens.issue("image-1", CoapDeliveryRig.ENDPOINT, rig.clock.instant()).value();

            assertThat(get(rig, rig.device(), rig.base().resolve("/fw/image-1?t=" + token)).getCode())
                    .isEqualTo(ResponseCode.CONTENT);
        }
    }

    @Test
    void over_coap_a_valid_token_without_a_grant_is_forbidden() throws Exception {
        try (CoapDeliveryRig rig = CoapDeliveryRig.over("coap", directory)) {
            rig.serve("image-1", image);
            URI uri = rig.uri("image-1");
            rig.grants.revoke(CoapDeliveryRig.ENDPOINT, "image-1");

            assertThat(get(rig, rig.device(), uri).getCode()).isEqualTo(ResponseCode.FORBIDDEN);
            assertThat(rig.metrics.denials()).containsExactly(Denial.NOT_GRANTED);
        }
    }

    @Test
    void over_coaps_a_device_without_a_grant_is_forbidden_and_its_download_fails_at_once() throws Exception {
        try (CoapDeliveryRig rig = CoapDeliveryRig.over("coaps", directory)) {
            rig.packages.add("image-1", image);
            CoapEndpoint device = rig.device();

            assertThat(get(rig, device, rig.uri("image-1")).getCode()).isEqualTo(ResponseCode.FORBIDDEN);
            DownloadOutcome outcome = rig.download(device, CoapTestRig.LOOPBACK_OPTIONS, rig.uri("image-1"),
                    new MemoryBlockSink(64 * 1024));
            assertThat(outcome).isInstanceOfSatisfying(Failed.class, failed ->
                    assertThat(failed.failure()).isEqualTo(Failure.INVALID_URI));
            assertThat(rig.metrics.denials()).containsOnly(Denial.NOT_GRANTED);
        }
    }

    @Test
    void over_coaps_a_device_with_a_grant_downloads_without_any_token() throws Exception {
        try (CoapDeliveryRig rig = CoapDeliveryRig.over("coaps", directory)) {
            rig.packages.add("image-1", image);
            rig.grants.grant(CoapDeliveryRig.ENDPOINT, "image-1", rig.clock.instant().plus(Duration.ofHours(1)));
            MemoryBlockSink sink = new MemoryBlockSink(64 * 1024);

            DownloadOutcome outcome = rig.download(rig.device(), CoapTestRig.LOOPBACK_OPTIONS.withBlockSize(256),
                    rig.uri("image-1"), sink);

            assertThat(outcome).isInstanceOf(Completed.class);
            assertThat(sink.content()).isEqualTo(image);
            assertThat(rig.uri("image-1").getPath()).isEqualTo("/fw/image-1");
        }
    }

    @Test
    void over_coaps_the_identity_decides_even_when_the_uri_has_a_token() throws Exception {
        try (CoapDeliveryRig rig = CoapDeliveryRig.over("coaps", directory)) {
            rig.packages.add("image-1", image);
            String token = rig.tokens.issue("image-1", CoapDeliveryRig.ENDPOINT, rig.clock.instant()).value();
            rig.grants.grant("someone-else", "image-1", rig.clock.instant().plus(Duration.ofHours(1)));

            assertThat(get(rig, rig.device(), rig.base().resolve("/fw/image-1/" + token)).getCode())
                    .isEqualTo(ResponseCode.FORBIDDEN);
            assertThat(rig.metrics.denials()).containsExactly(Denial.NOT_GRANTED);
        }
    }

    @Test
    void over_coaps_an_identity_of_no_device_is_unauthorized() throws Exception {
        try (CoapDeliveryRig rig = CoapDeliveryRig.over("coaps", directory)) {
            rig.serve("image-1", image);

            assertThat(get(rig, rig.device(CoapDeliveryRig.STRANGER_IDENTITY), rig.uri("image-1")).getCode())
                    .isEqualTo(ResponseCode.UNAUTHORIZED);
            assertThat(rig.metrics.denials()).containsExactly(Denial.UNKNOWN_IDENTITY);
        }
    }

    private static Response get(CoapDeliveryRig rig, CoapEndpoint device, URI uri) throws InterruptedException {
        Request request = Request.newGet();
        request.setURI(uri);
        request.getOptions().setBlock2(BlockOption.size2Szx(64), false, 0);
        return CoapDeliveryRig.send(device, request);
    }
}
