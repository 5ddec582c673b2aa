package io.cellota.device.download;

import static org.assertj.core.api.Assertions.assertThat;

import io.cellota.device.lwm2m.ClientConfigurations;
import io.cellota.device.lwm2m.CoapTiming;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.elements.config.Configuration;
import org.junit.jupiter.api.Test;

/**
 * The device's requests carry 4-byte tokens on the wire (the token length is the low nibble of a CoAP
 * message's first byte, RFC 7252 §3): the download endpoints' configuration and the LwM2M endpoint's.
 */
class TokenLengthTest {

    @Test
    void a_download_endpoint_sends_4_byte_tokens() throws Exception {
        assertThat(tokenLengthSentWith(CoapDownloadEndpoints.configuration())).isEqualTo(4);
    }

    @Test
    void the_lwm2m_endpoint_configuration_sends_4_byte_tokens() throws Exception {
        assertThat(tokenLengthSentWith(ClientConfigurations.cellular(CoapTiming.LOOPBACK))).isEqualTo(4);
    }

    /** Sends one GET from an endpoint with {@code config} to a bare UDP socket and reads the token length. */
    private static int tokenLengthSentWith(Configuration config) throws Exception {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
        try (DatagramSocket server = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            server.setSoTimeout(10_000);
            CoapEndpoint endpoint = CoapDownloadEndpoints.plain(config,
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                    new CoapDownloadEndpoints.Executors(executor, executor));
            endpoint.start();
            try {
                Request request = Request.newGet();
                request.setURI("coap://127.0.0.1:" + server.getLocalPort() + "/fw/x");
                endpoint.sendRequest(request);
                DatagramPacket packet = new DatagramPacket(new byte[1500], 1500);
                server.receive(packet);
                return packet.getData()[0] & 0x0F;
            } finally {
                endpoint.destroy();
            }
        } finally {
            executor.shutdownNow();
        }
    }
}
