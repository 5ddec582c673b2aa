package io.cellota.server.fileserver;

import static org.assertj.core.api.Assertions.assertThat;

import io.cellota.device.download.DownloadOptions;
import io.cellota.device.download.DownloadOutcome.Failed;
import io.cellota.device.download.DownloadOutcome.Failure;
import io.cellota.device.download.MemoryBlockSink;
import io.cellota.device.download.TestImages;
import io.cellota.server.fileserver.AccessDecision.Denial;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Over HTTP the token in the URI says who asks, a grant whether it may: every refusal is 403, before any lookup. */
@Timeout(60)
class HttpAccessIT {

    @TempDir
    Path directory;

    private HttpDeliveryRig rig;

    @BeforeEach
    void start() {
        rig = HttpDeliveryRig.plain(directory);
        rig.serve("image-1", TestImages.random(5_000, 71));
    }

    @AfterEach
    void stop() {
        rig.close();
    }

    @Test
    void a_valid_token_in_the_query_or_the_path_opens_the_package() throws Exception {
        String token = rig.token("image-1").value();

        assertThat(status(rig.http("/fw/image-1?t=" + token))).isEqualTo(200);
        assertThat(status(rig.http("/fw/image-1/" + token))).isEqualTo(200);
    }

    @Test
    void without_a_token_the_answer_is_403() throws Exception {
        assertThat(status(rig.http("/fw/image-1"))).isEqualTo(403);
        assertThat(rig.metrics.denials()).containsExactly(Denial.NO_CREDENTIALS);
    }

    @Test
    void an_expired_token_is_403_and_the_device_gives_up_at_once() throws Exception {
        URI uri = rig.uri("image-1");
        rig.clock.advance(Duration.ofHours(2));

        assertThat(status(uri)).isEqualTo(403);
        assertThat(rig.download(uri, new MemoryBlockSink(64 * 1024), DownloadOptions.LTE_M))
                .isInstanceOfSatisfying(Failed.class, failed -> assertThat(failed.failure()).isEqualTo(Failure.INVALID_URI));
        assertThat(rig.metrics.denials()).containsOnly(Denial.TOKEN_EXPIRED);
    }

    @Test
    void a_token_for_another_package_is_403() throws Exception {
        rig.serve("image-2", TestImages.random(100, 72));

        assertThat(status(rig.http("/fw/image-2?t=" + rig.token("image-1").value()))).isEqualTo(403);
        assertThat(rig.metrics.denials()).containsExactly(Denial.TOKEN_WRONG_PACKAGE);
    }

    @Test
    void a_forged_token_is_403() throws Exception {
        String token = rig.token("image-1").value();
        String forged = token.substring(0, 20) + (token.charAt(20) == 'A' ? 'B' : 'A') + token.substring(21);

        assertThat(status(rig.http("/fw/image-1?t=" + forged))).isEqualTo(403);
        assertThat(status(rig.http("/fw/image-1?t=%00%01"))).isEqualTo(403);
        assertThat(rig.metrics.denials()).containsExactly(Denial.TOKEN_BAD_MAC, Denial.TOKEN_MALFORMED);
    }

    @Test
    void a_valid_token_without_a_grant_is_403() throws Exception {
        URI uri = rig.uri("image-1");
        rig.grants.revokeAll(HttpDeliveryRig.ENDPOINT);

        assertThat(status(uri)).isEqualTo(403);
        assertThat(rig.metrics.denials()).containsExactly(Denial.NOT_GRANTED);
    }

    @Test
    void an_unknown_package_with_valid_credentials_is_404_and_without_them_403() throws Exception {
        rig.grants.grant(HttpDeliveryRig.ENDPOINT, "nope", HttpDeliveryRig.START.plusSeconds(3600));
        rig.packages.addMissing("gone");
        rig.grants.grant(HttpDeliveryRig.ENDPOINT, "gone", HttpDeliveryRig.START.plusSeconds(3600));

        assertThat(status(rig.uri("nope"))).isEqualTo(404);
        assertThat(status(rig.uri("gone"))).isEqualTo(404);
        assertThat(status(rig.http("/fw/nope"))).isEqualTo(403);
    }

    private int status(URI uri) throws Exception {
        return rig.send(HttpRequest.newBuilder(uri).build()).statusCode();
    }
}
