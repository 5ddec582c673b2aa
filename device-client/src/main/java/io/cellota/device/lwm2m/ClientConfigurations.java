package io.cellota.device.lwm2m;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.UdpConfig;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.dtls.cipher.CipherSuite;
import org.eclipse.leshan.client.californium.endpoint.CaliforniumClientEndpointsProvider;
import org.eclipse.leshan.client.californium.endpoint.coap.CoapClientProtocolProvider;
import org.eclipse.leshan.client.californium.endpoint.coaps.CoapsClientProtocolProvider;

/**
 * The Californium configuration of a simulated device, built in code (never read from or written to a file),
 * starting from Leshan's client defaults. Key by key:
 * <ul>
 * <li>{@code MAX_RESOURCE_BODY_SIZE} 0: transparent block-wise off, so a pushed package reaches our block
 *     receiver block by block and our downloader sees every Block2 response as it is;</li>
 * <li>{@code DTLS_CONNECTION_ID_LENGTH} 0: the device supports Connection ID and lets the server assign one,
 *     so its DTLS session survives NAT rebinding;</li>
 * <li>cipher suites: set per connector by the security mode ({@link #cipherSuites}), what an nRF91 modem
 *     offers: {@code TLS_PSK_WITH_AES_128_CCM_8}, or {@code TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8} for RPK and
 *     X.509;</li>
 * <li>retransmission timing ({@code ACK_TIMEOUT}, {@code ACK_INIT_RANDOM}, {@code MAX_RETRANSMIT},
 *     {@code MAX_ACK_TIMEOUT}) and the lifetimes derived from it ({@code EXCHANGE_LIFETIME}, {@code NON_LIFETIME},
 *     {@code MAX_LATENCY}, {@code MAX_TRANSMIT_WAIT}) from a {@link CoapTiming}; DTLS handshake retransmission
 *     starts at the same timeout;</li>
 * <li>one UDP receiver and one sender thread for a dedicated download endpoint (Californium's stock
 *     connector); the devices' LwM2M connectors have no thread at all, they run on the fleet's
 *     {@link DatagramLoop}.</li>
 * </ul>
 * One configuration may be shared by a whole fleet: Scandium copies it per connector.
 */
public final class ClientConfigurations {

    /**
     * The CoAP token length of the device's requests ({@code TOKEN_SIZE_LIMIT}; Californium's default is 8).
     * Each block of a download carries the token twice (request and response): 4 bytes instead of 8 save 8 bytes
     * per block (docs/benchmarks.md, wire efficiency). 32 random bits are plenty to match answers to the few
     * requests in flight (Californium also checks the message ID of piggybacked answers), and over plain CoAP,
     * together with the 16-bit message ID, keep an off-path guess at 1 in 2^48 (RFC 9175 §4.2 asks for
     * unpredictable tokens, not long ones); over DTLS the session authenticates every answer.
     */
    public static final int TOKEN_BYTES = 4;

    private ClientConfigurations() {
    }

    /** The configuration for devices on a link with {@code timing}. */
    public static Configuration cellular(CoapTiming timing) {
        Configuration c = new CaliforniumClientEndpointsProvider.Builder(new CoapClientProtocolProvider(),
                new CoapsClientProtocolProvider()).createDefaultConfiguration();
        c.set(CoapConfig.MAX_RESOURCE_BODY_SIZE, 0);
        c.set(CoapConfig.TOKEN_SIZE_LIMIT, TOKEN_BYTES);
        c.set(CoapConfig.ACK_TIMEOUT, timing.ackTimeout().toMillis(), TimeUnit.MILLISECONDS);
        c.set(CoapConfig.ACK_INIT_RANDOM, (float) timing.ackRandom());
        c.set(CoapConfig.ACK_TIMEOUT_SCALE, 2.0f);
        c.set(CoapConfig.MAX_RETRANSMIT, timing.maxRetransmit());
        c.set(CoapConfig.MAX_ACK_TIMEOUT, timing.maxAckTimeout().toMillis(), TimeUnit.MILLISECONDS);
        c.set(CoapConfig.MAX_LATENCY, timing.maxLatency().toMillis(), TimeUnit.MILLISECONDS);
        c.set(CoapConfig.EXCHANGE_LIFETIME, timing.exchangeLifetime().toMillis(), TimeUnit.MILLISECONDS);
        c.set(CoapConfig.NON_LIFETIME, timing.nonLifetime().toMillis(), TimeUnit.MILLISECONDS);
        c.set(CoapConfig.MAX_TRANSMIT_WAIT, timing.maxTransmitWait().toMillis(), TimeUnit.MILLISECONDS);
        c.set(DtlsConfig.DTLS_CONNECTION_ID_LENGTH, 0);
        c.set(DtlsConfig.DTLS_RETRANSMISSION_TIMEOUT, timing.ackTimeout().toMillis(), TimeUnit.MILLISECONDS);
        c.set(DtlsConfig.DTLS_MAX_RETRANSMISSION_TIMEOUT, Math.max(timing.maxAckTimeout().toMillis(),
                timing.ackTimeout().toMillis()), TimeUnit.MILLISECONDS);
        c.set(DtlsConfig.DTLS_MAX_RETRANSMISSIONS, Math.max(2, timing.maxRetransmit()));
        c.set(UdpConfig.UDP_RECEIVER_THREAD_COUNT, 1);
        c.set(UdpConfig.UDP_SENDER_THREAD_COUNT, 1);
        return c;
    }

    /** The one suite an nRF91 uses for a security mode: AES-128-CCM-8 with PSK, or with ECDHE-ECDSA. */
    static List<CipherSuite> cipherSuites(boolean psk) {
        return List.of(psk ? CipherSuite.TLS_PSK_WITH_AES_128_CCM_8 : CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8);
    }
}
