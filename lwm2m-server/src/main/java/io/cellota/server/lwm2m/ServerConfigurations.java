package io.cellota.server.lwm2m;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.dtls.cipher.CipherSuite;
import org.eclipse.leshan.server.californium.endpoint.CaliforniumServerEndpointsProvider;
import org.eclipse.leshan.server.californium.endpoint.coap.CoapServerProtocolProvider;
import org.eclipse.leshan.server.californium.endpoint.coaps.CoapsServerProtocolProvider;

/**
 * The server's Californium configuration, built in code from Leshan's server defaults (nothing is read from or
 * written to a properties file). Key by key, see {@link ServerCoapSettings} and docs/configuration.md:
 * retransmission timing and the RFC 7252 lifetimes derived from it, 1024-byte blocks, the largest body
 * assembled in memory, the block-wise pause limit, DTLS Connection ID, DTLS session capacity, and the cipher
 * suites nRF91 modems use (PSK with AES-128-CCM-8; ECDHE-ECDSA with AES-128-CCM-8 when the server has a key).
 *
 * <p>Deduplication keeps at most {@link #DEDUPLICATION_PER_PEER} exchanges per peer
 * ({@code PEERS_MARK_AND_SWEEP}) rather than every exchange for {@code EXCHANGE_LIFETIME} (294 s here): each
 * Block2 answer kept for a duplicate holds its request, its 1 KiB payload and its serialized datagram (about
 * 5.4 KiB of heap), so a campaign over 1,000 devices left 65,000 of them, 344 MiB, on the heap at its end, and a
 * server serving 3,000 blocks a second would need several GiB for them alone (docs/benchmarks.md). A duplicate of
 * an evicted block request is served again, which is harmless for a GET of an immutable package; a device's
 * LwM2M requests are evicted only after that many newer exchanges of its own.
 */
final class ServerConfigurations {

    /** Exchanges kept per peer for deduplication: the largest adaptive window of the device presets (16). */
    static final int DEDUPLICATION_PER_PEER = 16;

    private ServerConfigurations() {
    }

    static Configuration create(ServerCoapSettings s, boolean certificateIdentity) {
        Configuration c = new CaliforniumServerEndpointsProvider.Builder(new CoapServerProtocolProvider(),
                new CoapsServerProtocolProvider()).createDefaultConfiguration();
        c.set(CoapConfig.ACK_TIMEOUT, s.ackTimeout().toMillis(), TimeUnit.MILLISECONDS);
        c.set(CoapConfig.MAX_RETRANSMIT, s.maxRetransmit());
        c.set(CoapConfig.MAX_ACK_TIMEOUT, s.ackTimeout().toMillis() << s.maxRetransmit(), TimeUnit.MILLISECONDS);
        c.set(CoapConfig.MAX_LATENCY, s.maxLatency().toMillis(), TimeUnit.MILLISECONDS);
        c.set(CoapConfig.EXCHANGE_LIFETIME, s.exchangeLifetime().toMillis(), TimeUnit.MILLISECONDS);
        c.set(CoapConfig.NON_LIFETIME, s.maxTransmitSpan().plus(s.maxLatency()).toMillis(), TimeUnit.MILLISECONDS);
        c.set(CoapConfig.MAX_TRANSMIT_WAIT, s.maxTransmitWait().toMillis(), TimeUnit.MILLISECONDS);
        c.set(CoapConfig.DEDUPLICATOR, CoapConfig.DEDUPLICATOR_PEERS_MARK_AND_SWEEP);
        c.set(CoapConfig.PEERS_MARK_AND_SWEEP_MESSAGES, DEDUPLICATION_PER_PEER);
        c.set(CoapConfig.PREFERRED_BLOCK_SIZE, s.blockSize());
        c.set(CoapConfig.MAX_MESSAGE_SIZE, s.blockSize());
        c.set(CoapConfig.MAX_RESOURCE_BODY_SIZE, s.maxBodySize());
        c.set(CoapConfig.BLOCKWISE_STATUS_LIFETIME, s.blockwiseLifetime().toMillis(), TimeUnit.MILLISECONDS);
        if (s.connectionIdLength() > 0) {
            c.set(DtlsConfig.DTLS_CONNECTION_ID_LENGTH, s.connectionIdLength());
        }
        c.set(DtlsConfig.DTLS_MAX_CONNECTIONS, s.maxDtlsConnections());
        c.set(DtlsConfig.DTLS_RETRANSMISSION_TIMEOUT, s.ackTimeout().toMillis(), TimeUnit.MILLISECONDS);
        c.set(DtlsConfig.DTLS_MAX_RETRANSMISSION_TIMEOUT, Math.max(60_000, s.ackTimeout().toMillis() * 8),
                TimeUnit.MILLISECONDS);
        List<CipherSuite> suites = new ArrayList<>(List.of(CipherSuite.TLS_PSK_WITH_AES_128_CCM_8,
                CipherSuite.TLS_PSK_WITH_AES_128_GCM_SHA256));
        if (certificateIdentity) {
            suites.addAll(List.of(CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8,
                    CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256));
        }
        c.set(DtlsConfig.DTLS_CIPHER_SUITES, suites);
        return c;
    }
}
