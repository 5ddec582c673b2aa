package io.cellota.device.download;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.core.config.CoapConfig.TrackerMode;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.elements.UDPConnector;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.SystemConfig;
import org.eclipse.californium.elements.config.UdpConfig;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.config.DtlsConfig.DtlsRole;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.pskstore.AdvancedSinglePskStore;

/**
 * Dedicated CoAP endpoints for downloads from a host other than the LwM2M server: plain UDP, or DTLS with a
 * pre-shared key (as nRF Connect SDK's download client opens its own socket and session). Every
 * {@link Configuration} is built in code and copied, never read from or written to a file. The endpoints come
 * back built but not started; the caller owns their lifecycle.
 */
public final class CoapDownloadEndpoints {

    /** Executors Californium uses instead of creating its own: the protocol stage and its timers. */
    public record Executors(ScheduledExecutorService main, ScheduledExecutorService secondary) {
        public Executors {
            Objects.requireNonNull(main, "main");
            Objects.requireNonNull(secondary, "secondary");
        }
    }

    /** The token length of download requests, as the device's LwM2M endpoint ({@code ClientConfigurations}). */
    public static final int TOKEN_BYTES = 4;

    private CoapDownloadEndpoints() {
    }

    /**
     * A configuration for download endpoints, built in code: Californium's defaults for CoAP, UDP and DTLS,
     * trimmed as Leshan's client does it for one peer (10 peers, 1 protocol thread, no MID tracker, 1 DTLS
     * receiver and connector thread, 10 DTLS connections), {@link #TOKEN_BYTES}-byte tokens, with transparent
     * block-wise handling off.
     */
    public static Configuration configuration() {
        Configuration config = new Configuration(SystemConfig.DEFINITIONS, CoapConfig.DEFINITIONS, UdpConfig.DEFINITIONS,
                DtlsConfig.DEFINITIONS);
        config.set(CoapConfig.MID_TRACKER, TrackerMode.NULL);
        config.set(CoapConfig.TOKEN_SIZE_LIMIT, TOKEN_BYTES);
        config.set(CoapConfig.MAX_ACTIVE_PEERS, 10);
        config.set(CoapConfig.PROTOCOL_STAGE_THREAD_COUNT, 1);
        config.set(DtlsConfig.DTLS_MAX_CONNECTIONS, 10);
        config.set(DtlsConfig.DTLS_RECEIVER_THREAD_COUNT, 1);
        config.set(DtlsConfig.DTLS_CONNECTOR_THREAD_COUNT, 1);
        config.set(UdpConfig.UDP_RECEIVER_THREAD_COUNT, 1);
        config.set(UdpConfig.UDP_SENDER_THREAD_COUNT, 1);
        return forDownloads(config);
    }

    /** A copy of {@code base} with transparent block-wise handling off, as {@link CoapDownloader} requires. */
    public static Configuration forDownloads(Configuration base) {
        Configuration copy = new Configuration(base);
        copy.set(CoapConfig.MAX_RESOURCE_BODY_SIZE, 0);
        return copy;
    }

    /** A plain CoAP endpoint bound to {@code bind} (port 0 for an ephemeral port). */
    public static CoapEndpoint plain(Configuration base, InetSocketAddress bind, Executors executors) {
        Configuration config = forDownloads(base);
        CoapEndpoint endpoint = new CoapEndpoint.Builder()
                .setConfiguration(config)
                .setConnector(new UDPConnector(bind, config))
                .setLoggingTag("download")
                .build();
        if (executors != null) {
            endpoint.setExecutors(executors.main(), executors.secondary());
        }
        return endpoint;
    }

    /**
     * A CoAPs endpoint with a pre-shared key: a DTLS client only, supporting Connection ID (length 0: it uses
     * the server's CID but asks for none, which is what a device behind a NAT needs).
     *
     * @param identity the PSK identity, ASCII
     * @param key      the PSK; copied, never logged
     */
    public static CoapEndpoint psk(Configuration base, InetSocketAddress bind, String identity, byte[] key,
            Executors executors) {
        if (!StandardCharsets.US_ASCII.newEncoder().canEncode(identity)) {
            throw new IllegalArgumentException("the PSK identity must be ASCII");
        }
        Configuration config = forDownloads(base);
        DtlsConnectorConfig dtls = DtlsConnectorConfig.builder(config)
                .setAddress(bind)
                .setAdvancedPskStore(new AdvancedSinglePskStore(identity, key.clone()))
                .set(DtlsConfig.DTLS_ROLE, DtlsRole.CLIENT_ONLY)
                .set(DtlsConfig.DTLS_CONNECTION_ID_LENGTH, 0)
                .setLoggingTag("download")
                .build();
        DTLSConnector connector = new DTLSConnector(dtls);
        if (executors != null) {
            connector.setExecutor(executors.main());
        }
        CoapEndpoint endpoint = new CoapEndpoint.Builder()
                .setConfiguration(config)
                .setConnector(connector)
                .setLoggingTag("download")
                .build();
        if (executors != null) {
            endpoint.setExecutors(executors.main(), executors.secondary());
        }
        return endpoint;
    }
}
