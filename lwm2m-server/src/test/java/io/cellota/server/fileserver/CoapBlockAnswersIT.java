package io.cellota.server.fileserver;

import static org.assertj.core.api.Assertions.assertThat;

import io.cellota.device.download.TestImages;
import io.cellota.server.repository.PackageFile;
import java.net.URI;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.RejectedExecutionException;
import org.eclipse.californium.core.coap.BlockOption;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Single requests to the firmware resource and its exact answers: random block access, block 0 with and
 * without Block2, Size2, ETag, the end of the package, unknown packages and paths, Accept, If-Match, methods.
 *
 * <pre>
 * device                                        server
 *   | GET /fw/image-1/&lt;token&gt; Block2(7, 64)  --&gt;  |
 *   |  &lt;-- 2.05 Block2(7, M, 64) ETag CF=42 payload[448..512)
 *   | GET /fw/image-1/&lt;token&gt; (no Block2)    --&gt;  |
 *   |  &lt;-- 2.05 Block2(0, M, 1024) ETag Size2=10000 payload[0..1024)
 * </pre>
 */
class CoapBlockAnswersIT {

    @TempDir
    Path directory;

    private final byte[] image = TestImages.random(10_000, 21);
    private CoapDeliveryRig rig;
    private PackageFile file;
    private CoapEndpoint device;

    @BeforeEach
    void start() throws Exception {
        rig = CoapDeliveryRig.over("coap", directory);
        file = rig.serve("image-1", image);
        device = rig.device();
    }

    @AfterEach
    void stop() throws Exception {
        rig.close();
    }

    @Test
    void any_block_can_be_fetched_directly_in_any_size() throws Exception {
        Response response = get(rig.uri("image-1"), block(7, 64));

        assertThat(response.getCode()).isEqualTo(ResponseCode.CONTENT);
        assertThat(response.getOptions().getBlock2()).isEqualTo(new BlockOption(BlockOption.size2Szx(64), true, 7));
        assertThat(response.getPayload()).isEqualTo(Arrays.copyOfRange(image, 448, 512));
        assertThat(response.getOptions().getETags()).containsExactly(FirmwareDelivery.coapEtag(file));
        assertThat(response.getOptions().hasContentFormat()).as("only block 0 describes the representation").isFalse();
        assertThat(response.getOptions().hasSize2()).isFalse();
    }

    @Test
    void a_request_without_block2_gets_block_0_with_an_explicit_block2_and_size2() throws Exception {
        Response response = get(rig.uri("image-1"), null);

        assertThat(response.getOptions().getBlock2()).isEqualTo(new BlockOption(BlockOption.size2Szx(1024), true, 0));
        assertThat(response.getPayload()).isEqualTo(Arrays.copyOf(image, 1024));
        assertThat(response.getOptions().getSize2()).isEqualTo(10_000);
        assertThat(response.getOptions().getETags()).containsExactly(Arrays.copyOf(TempPackages.sha256(image), 8));
        assertThat(response.getOptions().getContentFormat()).isEqualTo(MediaTypeRegistry.APPLICATION_OCTET_STREAM);
    }

    @Test
    void size2_is_answered_when_asked_for_any_block_and_always_on_block_0() throws Exception {
        Request asking = block(3, 256);
        asking.getOptions().setSize2(0);

        assertThat(get(rig.uri("image-1"), asking).getOptions().getSize2()).isEqualTo(10_000);
        assertThat(get(rig.uri("image-1"), block(0, 16)).getOptions().getSize2()).isEqualTo(10_000);
    }

    @Test
    void the_last_block_is_short_and_says_no_more() throws Exception {
        Response response = get(rig.uri("image-1"), block(9, 1024));

        assertThat(response.getOptions().getBlock2()).isEqualTo(new BlockOption(6, false, 9));
        assertThat(response.getPayload()).isEqualTo(Arrays.copyOfRange(image, 9216, 10_000));
    }

    @Test
    void a_block_past_the_end_is_a_bad_option() throws Exception {
        assertThat(get(rig.uri("image-1"), block(10, 1024)).getCode()).isEqualTo(ResponseCode.BAD_OPTION);
        assertThat(get(rig.uri("image-1"), block(625, 16)).getCode()).isEqualTo(ResponseCode.BAD_OPTION);
        assertThat(get(rig.uri("image-1"), block(624, 16)).getPayload()).isEqualTo(Arrays.copyOfRange(image, 9984, 10_000));
    }

    @Test
    void an_unknown_package_with_valid_credentials_is_not_found() throws Exception {
        rig.grants.grant(CoapDeliveryRig.ENDPOINT, "nope", CoapDeliveryRig.START.plusSeconds(3600));

        assertThat(get(rig.uri("nope"), null).getCode()).isEqualTo(ResponseCode.NOT_FOUND);
    }

    @Test
    void a_listed_package_whose_file_is_missing_is_not_found() throws Exception {
        rig.packages.addMissing("gone");
        rig.grants.grant(CoapDeliveryRig.ENDPOINT, "gone", CoapDeliveryRig.START.plusSeconds(3600));

        assertThat(get(rig.uri("gone"), block(0, 64)).getCode()).isEqualTo(ResponseCode.NOT_FOUND);
    }

    @Test
    void a_package_id_that_needs_encoding_is_found_through_its_package_uri() throws Exception {
        rig.serve("fw 2.0+ü#%", image);
        URI base = rig.base();
        URI uri = new PackageUris(base.getHost(), base.getPort(), 0, 0, 0, "fw").coap("fw 2.0+ü#%",
                rig.tokens.issue("fw 2.0+ü#%", CoapDeliveryRig.ENDPOINT, rig.clock.instant()));

        assertThat(get(uri, block(2, 32)).getPayload()).isEqualTo(Arrays.copyOfRange(image, 64, 96));
    }

    @Test
    void paths_that_name_no_package_are_not_found() throws Exception {
        String token = rig.tokens.issue("image-1", CoapDeliveryRig.ENDPOINT, rig.clock.instant()).value();

        assertThat(get(rig.base().resolve("/fw"), null).getCode()).isEqualTo(ResponseCode.NOT_FOUND);
        assertThat(get(rig.base().resolve("/fw/image-1/" + token + "/more"), null).getCode())
                .isEqualTo(ResponseCode.NOT_FOUND);
    }

    @Test
    void an_accept_other_than_octet_stream_is_not_acceptable() throws Exception {
        Request request = Request.newGet();
        request.getOptions().setAccept(MediaTypeRegistry.TEXT_PLAIN);
        Request octets = Request.newGet();
        octets.getOptions().setAccept(MediaTypeRegistry.APPLICATION_OCTET_STREAM);

        assertThat(get(rig.uri("image-1"), request).getCode()).isEqualTo(ResponseCode.NOT_ACCEPTABLE);
        assertThat(get(rig.uri("image-1"), octets).getCode()).isEqualTo(ResponseCode.CONTENT);
    }

    @Test
    void if_match_must_match_the_etag() throws Exception {
        Request stale = block(1, 64);
        stale.getOptions().addIfMatch(new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        Request current = block(1, 64);
        current.getOptions().addIfMatch(FirmwareDelivery.coapEtag(file));

        assertThat(get(rig.uri("image-1"), stale).getCode()).isEqualTo(ResponseCode.PRECONDITION_FAILED);
        assertThat(get(rig.uri("image-1"), current).getCode()).isEqualTo(ResponseCode.CONTENT);
    }

    @Test
    void only_get_is_allowed() throws Exception {
        Request post = Request.newPost();
        post.setURI(rig.uri("image-1"));

        assertThat(CoapDeliveryRig.send(device, post).getCode()).isEqualTo(ResponseCode.METHOD_NOT_ALLOWED);
    }

    @Test
    void a_full_io_queue_is_answered_service_unavailable_with_max_age() throws Exception {
        rig.close();
        rig = CoapDeliveryRig.withIo("coap", directory, task -> {
            throw new RejectedExecutionException("full");
        });
        rig.serve("image-1", image);
        device = rig.device();

        Response response = get(rig.uri("image-1"), block(0, 64));

        assertThat(response.getCode()).isEqualTo(ResponseCode.SERVICE_UNAVAILABLE);
        assertThat(response.getOptions().getMaxAge()).isEqualTo(1);
    }

    private Response get(URI uri, Request template) throws InterruptedException {
        Request request = template == null ? Request.newGet() : template;
        request.setURI(uri);
        return CoapDeliveryRig.send(device, request);
    }

    private static Request block(int num, int size) {
        Request request = Request.newGet();
        request.getOptions().setBlock2(BlockOption.size2Szx(size), false, num);
        return request;
    }
}
