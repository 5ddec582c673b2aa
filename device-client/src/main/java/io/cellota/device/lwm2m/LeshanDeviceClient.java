package io.cellota.device.lwm2m;

import io.cellota.device.fota.FirmwareUpdateService;
import io.cellota.device.radio.PsmRadio;
import io.cellota.device.radio.RadioModel;
import io.cellota.firmware.object5.ObjectVersion;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.eclipse.californium.core.CoapServer;
import org.eclipse.californium.core.network.Endpoint;
import org.eclipse.leshan.client.LeshanClient;
import org.eclipse.leshan.client.LeshanClientBuilder;
import org.eclipse.leshan.client.californium.endpoint.CaliforniumClientEndpointsProvider;
import org.eclipse.leshan.client.engine.DefaultRegistrationEngineFactory;
import org.eclipse.leshan.client.object.Security;
import org.eclipse.leshan.client.object.Server;
import org.eclipse.leshan.client.resource.LwM2mObjectEnabler;
import org.eclipse.leshan.client.resource.ObjectsInitializer;
import org.eclipse.leshan.client.servers.LwM2mServer;
import org.eclipse.leshan.core.LwM2mId;
import org.eclipse.leshan.core.peer.IpPeer;
import org.eclipse.leshan.core.request.BindingMode;

/**
 * One simulated device's LwM2M client: a Leshan client with objects 0, 1, 3, 4 and 5, on the fleet's shared
 * {@link ClientResources}, its connectors behind the device's {@link PsmRadio}, registering in queue mode with
 * the given lifetime, and receiving pushed packages block by block. {@link #stop()} then {@link #start()} is a
 * reboot as the network sees it: a new port, a new DTLS handshake, a new registration.
 */
public final class LeshanDeviceClient implements AutoCloseable {

    /**
     * How the device reaches its server.
     *
     * @param endpoint            the LwM2M endpoint name
     * @param serverUri           {@code coap://} or {@code coaps://} URI of the LwM2M server
     * @param credentials         matching the URI's scheme
     * @param lifetime            the registration lifetime
     * @param queueMode           register in LwM2M 1.1 queue mode (the device sleeps between uplinks)
     * @param communicationPeriod how often the device sends a registration update by itself; empty for
     *                            Leshan's default (the lifetime minus the CoAP exchange lifetime)
     * @param localAddress        the address to bind (a loopback address in tests and simulations)
     */
    public record Settings(String endpoint, URI serverUri, DeviceCredentials credentials, Duration lifetime,
                           boolean queueMode, Optional<Duration> communicationPeriod, InetAddress localAddress) {
        public Settings {
            Objects.requireNonNull(endpoint, "endpoint");
            Objects.requireNonNull(serverUri, "serverUri");
            Objects.requireNonNull(credentials, "credentials");
            boolean secure = "coaps".equals(serverUri.getScheme());
            if (secure == credentials instanceof DeviceCredentials.NoSec) {
                throw new IllegalArgumentException(serverUri.getScheme() + " does not go with " + credentials);
            }
            if (lifetime.toSeconds() < 60) {
                throw new IllegalArgumentException("a lifetime under a minute makes no sense on a cellular link");
            }
        }
    }

    /** What the client tells the device about its connection. */
    public interface Listener {
        /** Registered, or a registration update succeeded: the server can reach the device now. */
        void registered();

        /** Registration failed or timed out; Leshan retries by itself. */
        default void registrationFailed(String reason) {
        }
    }

    private final LeshanClient client;
    private final CaliforniumClientEndpointsProvider provider;
    private final FirmwareUpdateEnabler firmware;

    private LeshanDeviceClient(LeshanClient client, CaliforniumClientEndpointsProvider provider,
                               FirmwareUpdateEnabler firmware) {
        this.client = client;
        this.provider = provider;
        this.firmware = firmware;
    }

    /** The parts of the device its objects read from and act on. */
    public record DeviceParts(DeviceInfo info, Supplier<String> firmwareVersion, DeviceActions actions,
                              RadioModel radio, PsmRadio psm, Supplier<FirmwareUpdateService> firmwareUpdate,
                              ObjectVersion firmwareObjectVersion, Clock clock) {
    }

    /** Builds the client; nothing is sent until {@link #start()}. */
    public static LeshanDeviceClient create(Settings settings, DeviceParts parts, ClientResources shared,
                                            Listener listener) {
        ObjectsInitializer objects = new ObjectsInitializer(shared.model());
        objects.setInstancesForObject(LwM2mId.SECURITY, security(settings));
        objects.setInstancesForObject(LwM2mId.SERVER, new Server(1, settings.lifetime().toSeconds(),
                EnumSet.of(BindingMode.U), false, BindingMode.U));
        objects.setInstancesForObject(LwM2mId.DEVICE, new DeviceEnabler(parts.info(), parts.firmwareVersion(),
                parts.actions(), parts.clock()));
        objects.setInstancesForObject(LwM2mId.CONNECTIVITY_MONITORING, new ConnectivityEnabler(parts.radio(),
                () -> settings.localAddress().getHostAddress()));
        FirmwareUpdateEnabler firmware = new FirmwareUpdateEnabler(parts.firmwareUpdate(), parts.firmwareObjectVersion());
        objects.setInstancesForObject(LwM2mId.FIRMWARE, firmware);
        for (int single : new int[] {LwM2mId.DEVICE, LwM2mId.CONNECTIVITY_MONITORING, LwM2mId.FIRMWARE}) {
            objects.setFactoryForObject(single, (model, id, used) -> {
                throw new IllegalStateException("object " + model.id + " has one instance, created at start");
            });
        }
        List<LwM2mObjectEnabler> enablers = objects.create(LwM2mId.SECURITY, LwM2mId.SERVER, LwM2mId.DEVICE,
                LwM2mId.CONNECTIVITY_MONITORING, LwM2mId.FIRMWARE);

        CaliforniumClientEndpointsProvider provider = new CaliforniumClientEndpointsProvider.Builder(
                GatedProtocolProviders.coap(parts.psm(), shared.datagramLoop()),
                GatedProtocolProviders.coaps(parts.psm(), shared.californiumExecutor(), shared.datagramLoop()))
                .setConfiguration(shared.configuration())
                .setClientAddress(settings.localAddress())
                .build();

        CoapTiming timing = shared.timing();
        DefaultRegistrationEngineFactory engine = new DefaultRegistrationEngineFactory();
        engine.setQueueMode(settings.queueMode());
        engine.setRequestTimeoutInMs(timing.maxTransmitWait().toMillis() + timing.ackTimeout().toMillis());
        engine.setDeregistrationTimeoutInMs(timing.maxTransmitSpan().toMillis());
        engine.setRetryWaitingTimeInMs((int) Math.min(Integer.MAX_VALUE, timing.maxTransmitWait().toMillis()));
        settings.communicationPeriod().ifPresent(p -> engine.setCommunicationPeriod((int) p.toMillis()));

        LeshanClient client = new LeshanClientBuilder(settings.endpoint())
                .setObjects(enablers)
                .setEndpointsProviders(provider)
                .setRegistrationEngineFactory(engine)
                .setSharedExecutor(shared.leshanExecutor())
                .setEncoder(shared.encoder())
                .setDecoder(shared.decoder())
                .build();
        CoapServer coap = provider.getCoapServer();
        coap.setExecutors(shared.californiumExecutor(), shared.californiumTimer(), true);
        LeshanDeviceClient device = new LeshanDeviceClient(client, provider, firmware);
        coap.setMessageDeliverer(new PackageBlockReceiver(coap.getRoot(), shared.configuration(),
                parts.firmwareUpdate(), device::plainServerAddress));
        client.addObserver(new RegistrationEvents(settings.endpoint(), listener));
        return device;
    }

    private static Security security(Settings s) {
        String uri = s.serverUri().toString();
        DeviceCredentials c = s.credentials();
        if (c instanceof DeviceCredentials.Psk p) {
            return Security.psk(uri, 1, p.identity().getBytes(java.nio.charset.StandardCharsets.US_ASCII), p.key());
        }
        if (c instanceof DeviceCredentials.Rpk r) {
            return Security.rpk(uri, 1, r.publicKey().getEncoded(), r.privateKey().getEncoded(),
                    r.serverPublicKey().getEncoded());
        }
        if (c instanceof DeviceCredentials.X509 x) {
            return x509(uri, x);
        }
        return Security.noSec(uri, 1);
    }

    private static Security x509(String uri, DeviceCredentials.X509 x) {
        try {
            return Security.x509(uri, 1, x.certificate().getEncoded(), x.privateKey().getEncoded(),
                    x.serverCertificate().getEncoded());
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalArgumentException("cannot encode the device certificate", e);
        }
    }

    /** The server's address when the device speaks plain CoAP to it; empty over DTLS or when unregistered. */
    Optional<InetSocketAddress> plainServerAddress() {
        for (LwM2mServer server : client.getRegisteredServers().values()) {
            if (server.getTransportData() instanceof IpPeer peer && server.getUri().startsWith("coap://")) {
                return Optional.of(peer.getSocketAddress());
            }
        }
        return Optional.empty();
    }

    /** Tells observers of object 5 that resources changed. */
    public void firmwareChanged(java.util.Set<io.cellota.firmware.object5.FirmwareUpdateResource> resources) {
        firmware.changed(resources);
    }

    /** Powers the modem up: connects and registers. */
    public void start() {
        client.start();
    }

    /** Powers down without deregistering, as a reset or a battery pull does. */
    public void stop() {
        client.stop(false);
    }

    /** Sends a registration update now (an uplink: wakes a sleeping device). */
    public void triggerUpdate() {
        client.triggerRegistrationUpdate();
    }

    public boolean isRegistered() {
        return !client.getRegisteredServers().isEmpty();
    }

    /** The CoAP endpoint the device talks to its server on, to download over the same DTLS session. */
    public Optional<Endpoint> serverEndpoint() {
        return provider.getCoapServer().getEndpoints().stream().filter(Endpoint::isStarted).findFirst();
    }

    @Override
    public void close() {
        client.destroy(false);
    }
}
