package io.cellota.device.download;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.eclipse.californium.core.CoapResource;
import org.eclipse.californium.core.CoapServer;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.elements.UDPConnector;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.SystemConfig;
import org.eclipse.californium.elements.config.UdpConfig;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.config.DtlsConfig.DtlsRole;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.pskstore.AdvancedMultiPskStore;

/**
 * A Californium file server for tests on an ephemeral loopback port: plain CoAP, or CoAPs with a PSK and a
 * 6-byte DTLS Connection ID (so devices keep their session across a NAT rebinding). Serves
 * {@link BlockFileResource}s under {@code /fw/<name>}. Its {@link Configuration} is built in code.
 */
public final class CoapFileServer implements AutoCloseable {

    public static final String PSK_IDENTITY = "cellota-device-1";
    public static final byte[] PSK_KEY = "not-a-real-key-0".getBytes(StandardCharsets.US_ASCII);
    /** DTLS handshake timers short enough for loopback and the scaled link profiles in tests. */
    public static final int DTLS_RETRANSMISSION_MILLIS = 300;

    private final CoapServer server;
    private final CoapEndpoint endpoint;
    private final CoapResource folder = new CoapResource("fw");

    private CoapFileServer(Configuration config, CoapEndpoint endpoint) {
        this.server = new CoapServer(config);
        this.endpoint = endpoint;
        server.addEndpoint(endpoint);
        server.add(folder);
        server.start();
    }

    /** A plain CoAP server. */
    public static CoapFileServer plain() {
        Configuration config = configuration();
        return new CoapFileServer(config, new CoapEndpoint.Builder().setConfiguration(config)
                .setConnector(new UDPConnector(loopback(), config)).build());
    }

    /** A CoAPs server knowing {@link #PSK_IDENTITY}, with Connection ID length 6. */
    public static CoapFileServer dtls() {
        Configuration config = configuration();
        AdvancedMultiPskStore psk = new AdvancedMultiPskStore();
        psk.setKey(PSK_IDENTITY, PSK_KEY);
        DtlsConnectorConfig dtls = DtlsConnectorConfig.builder(config)
                .setAddress(loopback())
                .setAdvancedPskStore(psk)
                .set(DtlsConfig.DTLS_ROLE, DtlsRole.SERVER_ONLY)
                .set(DtlsConfig.DTLS_CONNECTION_ID_LENGTH, 6)
                .setLoggingTag("file-server")
                .build();
        return new CoapFileServer(config, new CoapEndpoint.Builder().setConfiguration(config)
                .setConnector(new DTLSConnector(dtls)).build());
    }

    /** The configuration both server flavours use, built in code (never a properties file). */
    public static Configuration configuration() {
        Configuration config = new Configuration(SystemConfig.DEFINITIONS, CoapConfig.DEFINITIONS, UdpConfig.DEFINITIONS,
                DtlsConfig.DEFINITIONS);
        config.set(CoapConfig.PREFERRED_BLOCK_SIZE, 1024);
        config.set(CoapConfig.MAX_ACTIVE_PEERS, 100);
        config.set(CoapConfig.PROTOCOL_STAGE_THREAD_COUNT, 2);
        config.set(DtlsConfig.DTLS_MAX_CONNECTIONS, 100);
        config.set(DtlsConfig.DTLS_RECEIVER_THREAD_COUNT, 1);
        config.set(DtlsConfig.DTLS_CONNECTOR_THREAD_COUNT, 1);
        config.set(DtlsConfig.DTLS_RETRANSMISSION_TIMEOUT, DTLS_RETRANSMISSION_MILLIS,
                java.util.concurrent.TimeUnit.MILLISECONDS);
        config.set(UdpConfig.UDP_RECEIVER_THREAD_COUNT, 1);
        config.set(UdpConfig.UDP_SENDER_THREAD_COUNT, 1);
        return config;
    }

    /** Serves {@code bytes} at {@code /fw/<name>}. */
    public BlockFileResource serve(String name, byte[] bytes) {
        BlockFileResource resource = new BlockFileResource(name, bytes);
        folder.add(resource);
        return resource;
    }

    public InetSocketAddress address() {
        return endpoint.getAddress();
    }

    public String scheme() {
        return endpoint.getUri().getScheme();
    }

    /** The URI of {@code /fw/<name>} on this server. */
    public URI uri(String name) {
        return uri(name, address());
    }

    /** The URI of {@code /fw/<name>} as reached through {@code via} (an impairment proxy in front of this server). */
    public URI uri(String name, InetSocketAddress via) {
        return URI.create(scheme() + "://" + via.getAddress().getHostAddress() + ":" + via.getPort() + "/fw/" + name);
    }

    /** Drops every DTLS session, as a restarted server would: records of the old sessions are ignored. */
    public void forgetSessions() {
        ((DTLSConnector) endpoint.getConnector()).clearConnectionState();
    }

    @Override
    public void close() {
        server.destroy();
    }

    private static InetSocketAddress loopback() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    }
}
