package io.cellota.server.lwm2m;

import io.cellota.server.devices.CredentialRepository;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.cert.Certificate;
import java.util.function.Supplier;
import javax.crypto.SecretKey;
import org.eclipse.californium.core.CoapServer;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.core.server.resources.Resource;
import org.eclipse.californium.elements.UDPConnector;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.config.DtlsConfig.DtlsRole;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.CertificateType;
import org.eclipse.californium.scandium.dtls.ConnectionId;
import org.eclipse.californium.scandium.dtls.HandshakeResultHandler;
import org.eclipse.californium.scandium.dtls.PskPublicInformation;
import org.eclipse.californium.scandium.dtls.PskSecretResult;
import org.eclipse.californium.scandium.dtls.pskstore.AdvancedPskStore;
import org.eclipse.californium.scandium.dtls.x509.SingleCertificateProvider;
import org.eclipse.californium.scandium.dtls.x509.StaticNewAdvancedCertificateVerifier;
import org.eclipse.californium.scandium.util.SecretUtil;
import org.eclipse.californium.scandium.util.ServerNames;

/**
 * The firmware resource on ports of its own (CoAP and CoAPs), apart from the LwM2M endpoints, for operators who
 * put downloads behind a different address or firewall rule. It uses the same Californium settings as the LwM2M
 * server (cellular timing, 1024-byte blocks, Connection ID) and the same device credentials: PSK identities are
 * looked up in the credential repository at each handshake; raw public keys are accepted at the DTLS layer and
 * mapped to a device (or refused) per request by the resource's access check; X.509 certificates must chain to
 * the configured issuers.
 */
public final class SeparateFileServer implements AutoCloseable {

    private final CoapServer server;
    private final CoapEndpoint coap;
    private final CoapEndpoint coaps;

    private SeparateFileServer(CoapServer server, CoapEndpoint coap, CoapEndpoint coaps) {
        this.server = server;
        this.coap = coap;
        this.coaps = coaps;
    }

    /**
     * Starts the endpoints and serves the resources {@code resources} makes (called once per start; a resource
     * belongs to one server).
     */
    public static SeparateFileServer start(InetSocketAddress coapAddress, InetSocketAddress coapsAddress,
                                           ServerCoapSettings settings, Lwm2mServer.Identity identity,
                                           CredentialRepository credentials, Supplier<Resource> resource) {
        Configuration config = ServerConfigurations.create(settings, true);
        CoapEndpoint coap = new CoapEndpoint.Builder().setConfiguration(config)
                .setConnector(new UDPConnector(coapAddress, config)).setLoggingTag("files").build();
        StaticNewAdvancedCertificateVerifier.Builder verifier = StaticNewAdvancedCertificateVerifier.builder()
                .setTrustAllRPKs();
        if (!identity.trustedIssuers().isEmpty()) {
            verifier.setTrustedCertificates(identity.trustedIssuers().toArray(new Certificate[0]));
        }
        SingleCertificateProvider own = identity.chain().isEmpty()
                ? new SingleCertificateProvider(identity.privateKey(), identity.publicKey())
                : new SingleCertificateProvider(identity.privateKey(), identity.chain().toArray(new Certificate[0]),
                        CertificateType.X_509, CertificateType.RAW_PUBLIC_KEY);
        DtlsConnectorConfig dtls = DtlsConnectorConfig.builder(config)
                .setAddress(coapsAddress)
                .set(DtlsConfig.DTLS_ROLE, DtlsRole.SERVER_ONLY)
                .setAdvancedPskStore(new RepositoryPskStore(credentials))
                .setCertificateIdentityProvider(own)
                .setAdvancedCertificateVerifier(verifier.build())
                .setLoggingTag("files")
                .build();
        CoapEndpoint coaps = new CoapEndpoint.Builder().setConfiguration(config)
                .setConnector(new DTLSConnector(dtls)).setLoggingTag("files").build();
        CoapServer server = new CoapServer(config);
        server.addEndpoint(coap);
        server.addEndpoint(coaps);
        server.add(resource.get());
        server.start();
        return new SeparateFileServer(server, coap, coaps);
    }

    public URI coapUri() {
        return coap.getUri();
    }

    public URI coapsUri() {
        return coaps.getUri();
    }

    @Override
    public void close() {
        server.destroy();
    }

    /** PSKs from the credential repository, looked up at each handshake (the server never initiates one). */
    private record RepositoryPskStore(CredentialRepository credentials) implements AdvancedPskStore {

        @Override
        public boolean hasEcdhePskSupported() {
            return false;
        }

        @Override
        public PskSecretResult requestPskSecretResult(ConnectionId cid, ServerNames serverName,
                PskPublicInformation identity, String hmacAlgorithm, SecretKey otherSecret, byte[] seed,
                boolean useExtendedMasterSecret) {
            SecretKey key = credentials.byPskIdentity(identity.getPublicInfoAsString())
                    .map(psk -> SecretUtil.create(psk.key(), PskSecretResult.ALGORITHM_PSK)).orElse(null);
            return new PskSecretResult(cid, identity, key);
        }

        @Override
        public PskPublicInformation getIdentity(InetSocketAddress peer, ServerNames virtualHost) {
            return null;
        }

        @Override
        public void setResultHandler(HandshakeResultHandler handler) {
            // answers are synchronous
        }
    }
}
