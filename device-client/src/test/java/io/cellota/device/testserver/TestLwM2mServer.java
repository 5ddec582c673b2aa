package io.cellota.device.testserver;

import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.leshan.core.endpoint.Protocol;
import org.eclipse.leshan.core.node.LwM2mSingleResource;
import org.eclipse.leshan.core.observation.Observation;
import org.eclipse.leshan.core.observation.SingleObservation;
import org.eclipse.leshan.core.request.ContentFormat;
import org.eclipse.leshan.core.request.ExecuteRequest;
import org.eclipse.leshan.core.request.ObserveRequest;
import org.eclipse.leshan.core.request.ReadRequest;
import org.eclipse.leshan.core.request.WriteRequest;
import org.eclipse.leshan.core.response.ExecuteResponse;
import org.eclipse.leshan.core.response.LwM2mResponse;
import org.eclipse.leshan.core.response.ObserveCompositeResponse;
import org.eclipse.leshan.core.response.ObserveResponse;
import org.eclipse.leshan.core.response.ReadResponse;
import org.eclipse.leshan.core.response.WriteResponse;
import org.eclipse.leshan.server.LeshanServer;
import org.eclipse.leshan.server.LeshanServerBuilder;
import org.eclipse.leshan.server.californium.endpoint.CaliforniumServerEndpointsProvider;
import org.eclipse.leshan.server.californium.endpoint.coap.CoapServerProtocolProvider;
import org.eclipse.leshan.server.californium.endpoint.coaps.CoapsServerProtocolProvider;
import org.eclipse.leshan.server.observation.ObservationListener;
import org.eclipse.leshan.server.registration.Registration;
import org.eclipse.leshan.server.security.InMemorySecurityStore;
import org.eclipse.leshan.server.security.SecurityInfo;

/**
 * A bare Leshan server on loopback that drives a device's Object 5 the way the OMA interoperability tests do:
 * read, write, execute, observe State and Update Result and record every notification. Not Cellota's server:
 * a test harness for the device.
 *
 * <p>Over CoAPs it accepts PSK devices ({@link #addPsk}); given an {@link Identity} also raw-public-key and
 * X.509 devices ({@link #addRpk}, {@link #addX509}), presenting its key or certificate to them.
 */
public final class TestLwM2mServer implements AutoCloseable {

    /** One (State, Update Result) pair as notifications reported them. */
    public record Object5Event(long state, long result) {
    }

    /**
     * The server's own DTLS identity for RPK and X.509 (LwM2M 1.1 Core section 7.1.8): one EC key pair, whose
     * public key RPK devices pin, and the certificate for it that X.509 devices pin (certificate usage 3); and
     * the issuers whose device certificates the server trusts.
     */
    public record Identity(KeyPair keys, X509Certificate certificate, List<X509Certificate> trustedIssuers) {
        public Identity {
            Objects.requireNonNull(keys, "keys");
            Objects.requireNonNull(certificate, "certificate");
            if (!certificate.getPublicKey().equals(keys.getPublic())) {
                throw new IllegalArgumentException("the certificate is not for this key pair");
            }
            if (!"EC".equals(keys.getPublic().getAlgorithm())) {
                throw new IllegalArgumentException("Leshan supports EC keys only, not " + keys.getPublic().getAlgorithm());
            }
            trustedIssuers = List.copyOf(trustedIssuers);
        }
    }

    private final LeshanServer server;
    private final Optional<Identity> identity;
    private final InMemorySecurityStore security = new InMemorySecurityStore();
    private final Map<String, List<Object5Event>> events = new ConcurrentHashMap<>();
    private final Map<String, long[]> last = new ConcurrentHashMap<>();

    /** A server for NoSec and PSK devices only. */
    public TestLwM2mServer() {
        this(Optional.empty());
    }

    /** A server that also accepts RPK and X.509 devices, authenticating itself with {@code identity}. */
    public TestLwM2mServer(Identity identity) {
        this(Optional.of(identity));
    }

    private TestLwM2mServer(Optional<Identity> identity) {
        this.identity = identity;
        CaliforniumServerEndpointsProvider.Builder endpoints = new CaliforniumServerEndpointsProvider.Builder(
                new CoapServerProtocolProvider(), new CoapsServerProtocolProvider());
        Configuration config = endpoints.createDefaultConfiguration();
        config.set(CoapConfig.MAX_RESOURCE_BODY_SIZE, 4 * 1024 * 1024);
        config.set(CoapConfig.PREFERRED_BLOCK_SIZE, 512);
        config.set(DtlsConfig.DTLS_CONNECTION_ID_LENGTH, 6);
        endpoints.setConfiguration(config);
        InetAddress loopback = InetAddress.getLoopbackAddress();
        endpoints.addEndpoint(new InetSocketAddress(loopback, 0), Protocol.COAP);
        endpoints.addEndpoint(new InetSocketAddress(loopback, 0), Protocol.COAPS);
        LeshanServerBuilder builder = new LeshanServerBuilder().setEndpointsProviders(endpoints.build())
                .setSecurityStore(security);
        identity.ifPresent(id -> builder.setPrivateKey(id.keys().getPrivate())
                .setCertificateChain(new X509Certificate[] {id.certificate()})
                .setTrustedCertificates(id.trustedIssuers().toArray(X509Certificate[]::new)));
        server = builder.build();
        server.getObservationService().addListener(new Recorder());
        server.start();
    }

    public URI coapUri() {
        return server.getEndpoint(Protocol.COAP).getURI();
    }

    public URI coapsUri() {
        return server.getEndpoint(Protocol.COAPS).getURI();
    }

    public InetSocketAddress coapAddress() {
        URI u = coapUri();
        return new InetSocketAddress(u.getHost(), u.getPort());
    }

    public InetSocketAddress coapsAddress() {
        URI u = coapsUri();
        return new InetSocketAddress(u.getHost(), u.getPort());
    }

    public void addPsk(String endpoint, String identity, byte[] key) throws Exception {
        security.add(SecurityInfo.newPreSharedKeyInfo(endpoint, identity, key));
    }

    /** Lets {@code endpoint} register over CoAPs with the raw public key {@code devicePublicKey}. */
    public void addRpk(String endpoint, PublicKey devicePublicKey) throws Exception {
        security.add(SecurityInfo.newRawPublicKeyInfo(endpoint, devicePublicKey));
    }

    /**
     * Lets {@code endpoint} register over CoAPs with an X.509 certificate whose CN is the endpoint name, issued by
     * one of the {@link Identity#trustedIssuers()}.
     */
    public void addX509(String endpoint) throws Exception {
        security.add(SecurityInfo.newX509CertInfo(endpoint));
    }

    /** The public key RPK devices must expect from this server. */
    public PublicKey publicKey() {
        return identity().keys().getPublic();
    }

    /** The certificate X.509 devices must expect from this server. */
    public X509Certificate certificate() {
        return identity().certificate();
    }

    private Identity identity() {
        return identity.orElseThrow(() -> new IllegalStateException("this server has no RPK or X.509 identity"));
    }

    public Registration awaitRegistration(String endpoint, Duration within) {
        return await().atMost(within).until(() -> server.getRegistrationService().getByEndpoint(endpoint),
                r -> r != null);
    }

    public Registration registration(String endpoint) {
        return server.getRegistrationService().getByEndpoint(endpoint);
    }

    public <T extends LwM2mResponse> T send(String endpoint, org.eclipse.leshan.core.request.DownlinkRequest<T> request,
                                            Duration timeout) throws InterruptedException {
        Registration r = registration(endpoint);
        if (r == null) {
            throw new IllegalStateException(endpoint + " is not registered");
        }
        return server.send(r, request, timeout.toMillis());
    }

    public ReadResponse read(String endpoint, String path) throws InterruptedException {
        return send(endpoint, new ReadRequest(path), Duration.ofSeconds(30));
    }

    /** The value of a single resource, or null when the read failed. */
    public Object readValue(String endpoint, String path) throws InterruptedException {
        ReadResponse response = read(endpoint, path);
        return response != null && response.isSuccess() ? ((LwM2mSingleResource) response.getContent()).getValue() : null;
    }

    public WriteResponse writePackageUri(String endpoint, String uri) throws InterruptedException {
        return send(endpoint, new WriteRequest(5, 0, 1, uri), Duration.ofSeconds(30));
    }

    /** Pushes {@code bytes} as the Package (/5/0/0): block-wise when larger than a block. */
    public WriteResponse writePackage(String endpoint, byte[] bytes, Duration timeout) throws InterruptedException {
        return send(endpoint, new WriteRequest(ContentFormat.OPAQUE, 5, 0, 0, bytes), timeout);
    }

    public ExecuteResponse execute(String endpoint, String path) throws InterruptedException {
        return send(endpoint, new ExecuteRequest(path), Duration.ofSeconds(30));
    }

    /** Observes /5/0/3 and /5/0/5; notifications are recorded as (State, Update Result) pairs. */
    public void observeFirmwareUpdate(String endpoint) throws InterruptedException {
        events.computeIfAbsent(endpoint, e -> new CopyOnWriteArrayList<>());
        ObserveResponse state = send(endpoint, new ObserveRequest(5, 0, 3), Duration.ofSeconds(30));
        ObserveResponse result = send(endpoint, new ObserveRequest(5, 0, 5), Duration.ofSeconds(30));
        if (!state.isSuccess() || !result.isSuccess()) {
            throw new IllegalStateException("cannot observe object 5: " + state + " " + result);
        }
        last.put(endpoint, new long[] {value(state), value(result)});
    }

    /** Every (State, Update Result) pair seen since the observation started, in order, without repeats. */
    public List<Object5Event> firmwareUpdateEvents(String endpoint) {
        return List.copyOf(events.getOrDefault(endpoint, List.of()));
    }

    private static long value(ObserveResponse r) {
        return ((Number) ((LwM2mSingleResource) r.getContent()).getValue()).longValue();
    }

    /** Records object 5 notifications. */
    private final class Recorder implements ObservationListener {
        @Override
        public void newObservation(Observation observation, Registration registration) {
        }

        @Override
        public void cancelled(Observation observation) {
        }

        @Override
        public void onResponse(SingleObservation observation, Registration registration, ObserveResponse response) {
            if (!response.isSuccess() || !(response.getContent() instanceof LwM2mSingleResource r)) {
                return;
            }
            String ep = registration.getEndpoint();
            long[] pair = last.computeIfAbsent(ep, e -> new long[] {-1, -1});
            synchronized (pair) {
                int path = observation.getPath().getResourceId();
                long v = ((Number) r.getValue()).longValue();
                if (path == 3) {
                    pair[0] = v;
                } else if (path == 5) {
                    pair[1] = v;
                } else {
                    return;
                }
                List<Object5Event> list = events.computeIfAbsent(ep, e -> new CopyOnWriteArrayList<>());
                Object5Event event = new Object5Event(pair[0], pair[1]);
                if (list.isEmpty() || !list.get(list.size() - 1).equals(event)) {
                    list.add(event);
                }
            }
        }

        @Override
        public void onResponse(org.eclipse.leshan.core.observation.CompositeObservation observation,
                               Registration registration, ObserveCompositeResponse response) {
        }

        @Override
        public void onError(Observation observation, Registration registration, Exception error) {
        }
    }

    @Override
    public void close() {
        server.destroy();
    }
}
