package io.cellota.server.lwm2m;

import io.cellota.server.devices.CredentialRepository;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.eclipse.californium.core.CoapServer;
import org.eclipse.californium.core.network.Endpoint;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.leshan.core.endpoint.Protocol;
import org.eclipse.leshan.core.observation.CompositeObservation;
import org.eclipse.leshan.core.observation.Observation;
import org.eclipse.leshan.core.observation.SingleObservation;
import org.eclipse.leshan.core.node.LwM2mSingleResource;
import org.eclipse.leshan.core.request.DownlinkRequest;
import org.eclipse.leshan.core.response.LwM2mResponse;
import org.eclipse.leshan.core.response.ObserveCompositeResponse;
import org.eclipse.leshan.core.response.ObserveResponse;
import org.eclipse.leshan.server.LeshanServer;
import org.eclipse.leshan.server.LeshanServerBuilder;
import org.eclipse.leshan.server.californium.endpoint.CaliforniumServerEndpointsProvider;
import org.eclipse.leshan.server.californium.endpoint.coap.CoapServerProtocolProvider;
import org.eclipse.leshan.server.californium.endpoint.coaps.CoapsServerProtocolProvider;
import org.eclipse.leshan.server.observation.ObservationListener;
import org.eclipse.leshan.server.queue.PresenceListener;
import org.eclipse.leshan.server.queue.StaticClientAwakeTimeProvider;
import org.eclipse.leshan.server.registration.Registration;
import org.eclipse.leshan.server.registration.RegistrationListener;
import org.eclipse.leshan.server.registration.RegistrationUpdate;

/**
 * Cellota's LwM2M server: Leshan with CoAP and CoAPs endpoints on the configured addresses, the Californium
 * configuration of {@link ServerConfigurations}, device credentials from the {@link CredentialRepository},
 * Connection ID on, queue mode with the configured awake time, and every registration, presence and Object 5
 * notification passed on as {@link DeviceEvents}. The CoAP server is exposed so that the firmware resource can
 * be served on the same endpoints.
 */
public final class Lwm2mServer implements AutoCloseable {

    /**
     * Where and how the server listens.
     *
     * @param coap      the CoAP address (port 0: ephemeral)
     * @param coaps     the CoAPs address
     * @param coapSettings CoAP and DTLS settings
     * @param awakeTime how long a queue-mode device is taken to be reachable after an uplink
     * @param identity  the server's own key (and certificate) for RPK and X.509 devices, if any
     */
    public record Settings(InetSocketAddress coap, InetSocketAddress coaps, ServerCoapSettings coapSettings,
                           Duration awakeTime, Optional<Identity> identity) {
        public Settings {
            Objects.requireNonNull(coap, "coap");
            Objects.requireNonNull(coaps, "coaps");
            Objects.requireNonNull(coapSettings, "coapSettings");
        }
    }

    /** The server's key pair, its certificate chain, and the issuers of device certificates it trusts. */
    public record Identity(PublicKey publicKey, PrivateKey privateKey, List<X509Certificate> chain,
                           List<X509Certificate> trustedIssuers) {
        public Identity {
            chain = List.copyOf(chain);
            trustedIssuers = List.copyOf(trustedIssuers);
        }
    }

    private final LeshanServer leshan;
    private final CaliforniumServerEndpointsProvider endpoints;
    private volatile boolean closing;

    private Lwm2mServer(LeshanServer leshan, CaliforniumServerEndpointsProvider endpoints) {
        this.leshan = leshan;
        this.endpoints = endpoints;
    }

    /** Builds the server; nothing listens until {@link #start()}. */
    public static Lwm2mServer create(Settings settings, CredentialRepository credentials, DeviceEvents events) {
        Configuration config = ServerConfigurations.create(settings.coapSettings(), settings.identity().isPresent());
        CaliforniumServerEndpointsProvider endpoints = new CaliforniumServerEndpointsProvider.Builder(
                new CoapServerProtocolProvider(), new CoapsServerProtocolProvider())
                .setConfiguration(config)
                .addEndpoint(settings.coap(), Protocol.COAP)
                .addEndpoint(settings.coaps(), Protocol.COAPS)
                .build();
        LeshanServerBuilder builder = new LeshanServerBuilder()
                .setEndpointsProviders(endpoints)
                .setSecurityStore(new RepositorySecurityStore(credentials))
                .setClientAwakeTimeProvider(new StaticClientAwakeTimeProvider((int) Math.min(Integer.MAX_VALUE, settings.awakeTime().toMillis())))
                .setUpdateRegistrationOnNotification(true);
        settings.identity().ifPresent(id -> {
            builder.setPublicKey(id.publicKey()).setPrivateKey(id.privateKey());
            if (!id.chain().isEmpty()) {
                builder.setCertificateChain(id.chain().toArray(new X509Certificate[0]));
            }
            builder.setTrustedCertificates(id.trustedIssuers().toArray(new X509Certificate[0]));
        });
        LeshanServer leshan = builder.build();
        leshan.getRegistrationService().addListener(new Registrations(events));
        leshan.getPresenceService().addListener(new Presence(events));
        leshan.getObservationService().addListener(new Notifications(events));
        return new Lwm2mServer(leshan, endpoints);
    }

    /**
     * Starts both endpoints. Californium starts a server when at least one of its endpoints binds and only logs
     * the others; here an endpoint that could not bind (port in use, not permitted) fails the start with an
     * {@link UncheckedIOException} caused by a {@link BindException} naming its address.
     */
    public void start() {
        leshan.start();
        for (Endpoint endpoint : endpoints.getCoapServer().getEndpoints()) {
            if (!endpoint.isStarted()) {
                InetSocketAddress address = endpoint.getAddress();
                throw new UncheckedIOException(new BindException("cannot listen on " + endpoint.getUri().getScheme()
                        + " udp " + address.getHostString() + ":" + address.getPort() + ": in use, or not permitted"));
            }
        }
    }

    /** The CoAP server behind both endpoints, to serve more resources (firmware) on them. */
    public CoapServer coapServer() {
        return endpoints.getCoapServer();
    }

    public URI coapUri() {
        return leshan.getEndpoint(Protocol.COAP).getURI();
    }

    public URI coapsUri() {
        return leshan.getEndpoint(Protocol.COAPS).getURI();
    }

    /** The current registration of {@code endpoint}. */
    public Optional<Registration> registration(String endpoint) {
        return Optional.ofNullable(leshan.getRegistrationService().getByEndpoint(endpoint));
    }

    public boolean isAwake(Registration registration) {
        return leshan.getPresenceService().isClientAwake(registration);
    }

    /** Whether a request to {@code endpoint} can go now: it is registered and, in queue mode, awake. */
    public boolean reachable(String endpoint) {
        return registration(endpoint).map(r -> !r.usesQueueMode() || isAwake(r)).orElse(false);
    }

    /** Every current registration. */
    public Collection<Registration> registrations() {
        List<Registration> all = new java.util.ArrayList<>();
        leshan.getRegistrationService().getAllRegistrations().forEachRemaining(all::add);
        return all;
    }

    /** Sends {@code request} asynchronously; the stage fails with Leshan's exception (timeout, sleeping…). */
    public <T extends LwM2mResponse> CompletionStage<T> send(Registration registration, DownlinkRequest<T> request,
                                                             Duration timeout) {
        CompletableFuture<T> result = new CompletableFuture<>();
        leshan.send(registration, request, timeout.toMillis(), result::complete, result::completeExceptionally);
        return result;
    }

    /** The object model the device registered with (object and resource names, types, operations). */
    public org.eclipse.leshan.core.model.LwM2mModel model(Registration registration) {
        return leshan.getModelProvider().getObjectModel(registration);
    }

    /** Cancels the server's observations of {@code path} on the device; how many there were. */
    public int cancelObservations(Registration registration, String path) {
        return leshan.getObservationService().cancelObservations(registration, path);
    }

    /** Forgets a device's registration (its credentials were removed). */
    public void deregister(String endpoint) {
        registration(endpoint).ifPresent(r -> leshan.getRegistrationStore().removeRegistration(r.getId()));
    }

    /**
     * Whether {@link #close()} has begun: requests in flight are being cancelled and new ones fail at once, which says
     * nothing about the devices.
     */
    public boolean isClosing() {
        return closing;
    }

    @Override
    public void close() {
        closing = true;
        leshan.destroy();
    }

    /** Registration events, passed on. */
    private record Registrations(DeviceEvents events) implements RegistrationListener {
        @Override
        public void registered(Registration registration, Registration previous, Collection<Observation> observations) {
            events.registered(registration.getEndpoint());
        }

        @Override
        public void updated(RegistrationUpdate update, Registration updated, Registration previous) {
            events.updated(updated.getEndpoint());
        }

        @Override
        public void unregistered(Registration registration, Collection<Observation> observations, boolean expired,
                                 Registration newReg) {
            if (newReg == null) {
                events.deregistered(registration.getEndpoint());
            }
        }
    }

    /** Queue-mode presence, passed on. */
    private record Presence(DeviceEvents events) implements PresenceListener {
        @Override
        public void onAwake(Registration registration) {
            events.awake(registration.getEndpoint());
        }

        @Override
        public void onSleeping(Registration registration) {
            events.sleeping(registration.getEndpoint());
        }
    }

    /** Object 5 State and Update Result notifications, passed on. */
    private record Notifications(DeviceEvents events) implements ObservationListener {
        @Override
        public void newObservation(Observation observation, Registration registration) {
        }

        @Override
        public void cancelled(Observation observation) {
        }

        @Override
        public void onResponse(SingleObservation observation, Registration registration, ObserveResponse response) {
            var path = observation.getPath();
            if (response.isSuccess() && path.isResource() && path.getObjectId() == 5
                    && (path.getResourceId() == 3 || path.getResourceId() == 5)
                    && response.getContent() instanceof LwM2mSingleResource r && r.getValue() instanceof Number n) {
                events.object5(registration.getEndpoint(), path.getResourceId(), n.longValue());
            } else if (response.isSuccess() && response.getContent() != null) {
                events.notified(registration.getEndpoint(), path.toString(), NodeJson.of(response.getContent()));
            }
        }

        @Override
        public void onResponse(CompositeObservation observation, Registration registration,
                               ObserveCompositeResponse response) {
        }

        @Override
        public void onError(Observation observation, Registration registration, Exception error) {
        }
    }
}
