package io.cellota.device.lwm2m;

import io.cellota.device.radio.PsmRadio;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import org.eclipse.californium.elements.Connector;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.leshan.client.californium.endpoint.CaliforniumClientEndpointFactory;
import org.eclipse.leshan.client.californium.endpoint.coap.CoapClientEndpointFactory;
import org.eclipse.leshan.client.californium.endpoint.coap.CoapClientProtocolProvider;
import org.eclipse.leshan.client.californium.endpoint.coaps.CoapsClientEndpointFactory;
import org.eclipse.leshan.client.californium.endpoint.coaps.CoapsClientProtocolProvider;
import org.eclipse.leshan.client.servers.ServerInfo;
import org.eclipse.leshan.core.SecurityMode;
import org.eclipse.californium.scandium.config.DtlsConfig;
import java.security.cert.Certificate;
import java.util.List;

/**
 * Leshan's CoAP and CoAPs protocol providers with our connectors: no thread per device (the fleet's
 * {@link DatagramLoop} reads every device's channel; DTLS work runs on the fleet's shared executor), and the
 * radio gate. Leshan's provider builder offers no other way in than subclassing the protocol providers and
 * overriding their endpoint factories' protected {@code createConnector} and {@code createSecuredConnector}.
 */
final class GatedProtocolProviders {

    private GatedProtocolProviders() {
    }

    static CoapClientProtocolProvider coap(PsmRadio radio, DatagramLoop loop) {
        return new CoapClientProtocolProvider() {
            @Override
            public CaliforniumClientEndpointFactory createDefaultEndpointFactory() {
                return new CoapClientEndpointFactory() {
                    @Override
                    protected Connector createConnector(InetSocketAddress address, Configuration coapConfig) {
                        return new LoopUdpConnector(address, coapConfig, loop, radio);
                    }
                };
            }
        };
    }

    static CoapsClientProtocolProvider coaps(PsmRadio radio, ExecutorService dtlsExecutor, DatagramLoop loop) {
        return new CoapsClientProtocolProvider() {
            @Override
            public CaliforniumClientEndpointFactory createDefaultEndpointFactory() {
                return new CoapsClientEndpointFactory() {
                    @Override
                    protected DtlsConnectorConfig.Builder createEffectiveDtlsConnectorConfigBuilder(
                            InetSocketAddress addr, ServerInfo serverInfo, DtlsConnectorConfig.Builder root,
                            Configuration coapConfig, boolean clientInitiatedOnly, List<Certificate> trustStore) {
                        DtlsConnectorConfig.Builder builder = super.createEffectiveDtlsConnectorConfigBuilder(addr,
                                serverInfo, root, coapConfig, clientInitiatedOnly, trustStore);
                        if (builder != null) {
                            builder.set(DtlsConfig.DTLS_CIPHER_SUITES,
                                    ClientConfigurations.cipherSuites(serverInfo.secureMode == SecurityMode.PSK));
                        }
                        return builder;
                    }

                    @Override
                    protected Connector createSecuredConnector(DtlsConnectorConfig dtlsConfig) {
                        DTLSConnector connector = new LoopDtlsConnector(dtlsConfig, loop, radio);
                        if (dtlsExecutor != null) {
                            connector.setExecutor(dtlsExecutor);
                        }
                        return connector;
                    }
                };
            }
        };
    }
}
