package io.cellota.server.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.cellota.device.link.LinkProfile;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reference peer with Debian's libcoap (the test command installs {@code libcoap3-bin}): an image fetched by
 * {@code coap-client} from {@code coap-server} through the proxy arrives whole, also when the transfer outlasts a
 * client run and is fetched in segments. The run compares every fetched byte with the image and throws otherwise.
 */
class ReferencePeerIT {

    /** 100 kbit/s down: 64 KiB take at least 5.2 s of serialization, so 2 s runs need three segments or more. */
    private static final LinkProfile SLOW = LinkProfile.parse("loopback,down=100kbit,up=100kbit,delay=10ms");

    @Test
    void an_image_longer_than_one_client_run_arrives_whole_in_segments(@TempDir Path dir) throws Exception {
        ReferencePeer peer = libcoap();
        byte[] image = image(64 * 1024, 7);

        ReferencePeer.Measurement m = peer.run(image, "fw/image", SLOW, 1, dir, Duration.ofMinutes(2),
                Duration.ofSeconds(2));

        assertThat(m.segments()).isGreaterThanOrEqualTo(3);
        assertThat(m.transfer().downlink().receivedBytes()).isGreaterThan(image.length);
        assertThat(m.transfer().uplink().received()).isGreaterThanOrEqualTo(64);
    }

    @Test
    void a_short_transfer_is_one_client_run(@TempDir Path dir) throws Exception {
        ReferencePeer peer = libcoap();
        byte[] image = image(8 * 1024 + 100, 3);

        ReferencePeer.Measurement m = peer.run(image, "fw/image", LinkProfile.LOOPBACK, 1, dir, Duration.ofMinutes(1),
                ReferencePeer.SEGMENT);

        assertThat(m.segments()).isEqualTo(1);
        assertThat(m.transfer().uplink().received()).isEqualTo(9);
    }

    private static ReferencePeer libcoap() {
        Optional<ReferencePeer> peer = ReferencePeer.find();
        assertThat(peer).as("libcoap's coap-client-notls and coap-server-notls on the PATH "
                + "(apt-get install libcoap3-bin)").isPresent();
        return peer.get();
    }

    private static byte[] image(int size, long seed) {
        byte[] image = new byte[size];
        new Random(seed).nextBytes(image);
        return image;
    }
}
