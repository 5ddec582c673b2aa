package io.cellota.device.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cellota.device.lwm2m.ClientResources;
import io.cellota.device.lwm2m.CoapTiming;
import io.cellota.device.lwm2m.DeviceCredentials;
import io.cellota.device.testkit.TestAuthority;
import io.cellota.device.testkit.TestDevices;
import io.cellota.device.testserver.TestLwM2mServer;
import io.cellota.device.testserver.TestLwM2mServer.Object5Event;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.eclipse.leshan.core.peer.LwM2mIdentity;
import org.eclipse.leshan.core.peer.RpkIdentity;
import org.eclipse.leshan.core.peer.X509Identity;
import org.eclipse.leshan.core.response.WriteResponse;
import org.eclipse.leshan.server.registration.Registration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The simulated device over DTLS with certificates instead of a pre-shared key (LwM2M 1.1 Core section 7.1.8,
 * RFC 7925 section 4.4): with a raw public key, and with an X.509 certificate that the server trusts through
 * its issuer while the device pins the server's certificate (certificate usage 3). Each mode registers, answers
 * reads, and installs a pushed package; a device with credentials that do not match does not register.
 */
class DeviceSecurityIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final ClientResources SHARED = ClientResources.create(CoapTiming.LOOPBACK, 8);
    private static final TestAuthority DEVICE_ISSUER = TestAuthority.create("cellota test device issuer");
    private static final TestAuthority SERVER_ISSUER = TestAuthority.create("cellota test server issuer");

    /** How a device authenticates itself, and the server, over DTLS. */
    enum Mode { RPK, X509 }

    @TempDir
    Path dir;

    private TestLwM2mServer server;
    private final List<SimulatedDevice> devices = new ArrayList<>();

    @BeforeEach
    void start() {
        TestAuthority.Issued identity = SERVER_ISSUER.issue("cellota-test-server");
        server = new TestLwM2mServer(new TestLwM2mServer.Identity(identity.keys(), identity.certificate(),
                List.of(DEVICE_ISSUER.certificate())));
    }

    @AfterEach
    void stop() throws Exception {
        for (SimulatedDevice d : devices) {
            d.close();
        }
        server.close();
    }

    @AfterAll
    static void release() {
        SHARED.close();
    }

    /** A device with credentials for {@code mode} that the server knows, and the identity the server will see. */
    private record Given(DeviceConfig config, LwM2mIdentity identity) {
    }

    private Given known(Mode mode, String endpoint) throws Exception {
        return switch (mode) {
            case RPK -> {
                KeyPair keys = TestAuthority.ecKeyPair();
                server.addRpk(endpoint, keys.getPublic());
                yield new Given(config(endpoint, new DeviceCredentials.Rpk(keys.getPublic(), keys.getPrivate(),
                        server.publicKey())), new RpkIdentity(keys.getPublic()));
            }
            case X509 -> {
                TestAuthority.Issued device = DEVICE_ISSUER.issue(endpoint);
                server.addX509(endpoint);
                yield new Given(config(endpoint, new DeviceCredentials.X509(device.certificate(),
                        device.keys().getPrivate(), server.certificate())), new X509Identity(endpoint));
            }
        };
    }

    private DeviceConfig config(String endpoint, DeviceCredentials credentials) {
        return TestDevices.config(endpoint, server.coapsUri(), credentials, dir.resolve(endpoint));
    }

    private SimulatedDevice registered(DeviceConfig config) throws Exception {
        SimulatedDevice device = SimulatedDevice.create(config, SHARED, Clock.systemUTC());
        devices.add(device);
        device.powerOn();
        server.awaitRegistration(config.endpoint(), WAIT);
        return device;
    }

    /** A device powered on and watched: the reasons its registration attempts failed, as it reports them. */
    private record Attempting(SimulatedDevice device, Queue<String> failures) {
    }

    private Attempting attempting(DeviceConfig config) throws Exception {
        SimulatedDevice device = SimulatedDevice.create(config, SHARED, Clock.systemUTC());
        devices.add(device);
        Queue<String> failures = new ConcurrentLinkedQueue<>();
        device.addListener(new SimulatedDevice.Listener() {
            @Override
            public void registrationFailed(SimulatedDevice d, String reason) {
                failures.add(reason);
            }
        });
        device.powerOn();
        return new Attempting(device, failures);
    }

    /** Waits until the device has seen a registration attempt fail; returns the first reason. */
    private String awaitFailedRegistration(Attempting attempting) {
        return await().atMost(WAIT).until(attempting.failures()::peek, reason -> reason != null);
    }

    private void awaitResult(String endpoint, long state, long result) {
        await().atMost(WAIT).until(() -> server.firmwareUpdateEvents(endpoint),
                events -> !events.isEmpty() && events.get(events.size() - 1).equals(new Object5Event(state, result)));
    }

    private void awaitRead(String endpoint, long state, long result) {
        await().atMost(WAIT).ignoreExceptions().until(() -> server.registration(endpoint) != null
                && Long.valueOf(state).equals(server.readValue(endpoint, "/5/0/3"))
                && Long.valueOf(result).equals(server.readValue(endpoint, "/5/0/5")));
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void a_device_registers_over_dtls_under_its_own_identity_and_answers_reads(Mode mode) throws Exception {
        String ep = "dev-" + mode.name().toLowerCase(Locale.ROOT) + "-read";
        Given given = known(mode, ep);

        registered(given.config());

        Registration registration = server.registration(ep);
        assertThat(registration.getClientTransportData().getIdentity()).isEqualTo(given.identity());
        assertThat(server.readValue(ep, "/3/0/3")).isEqualTo("1.0.0+0");
        assertThat(server.readValue(ep, "/5/0/3")).isEqualTo(0L);
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void a_package_pushed_over_dtls_is_installed_and_the_new_version_reported(Mode mode) throws Exception {
        String ep = "dev-" + mode.name().toLowerCase(Locale.ROOT) + "-push";
        Given given = known(mode, ep);
        SimulatedDevice device = registered(given.config());
        server.observeFirmwareUpdate(ep);

        WriteResponse write = server.writePackage(ep, TestDevices.image("1.1.0", 20_000), WAIT);

        assertThat(write.isSuccess()).as(write.toString()).isTrue();
        awaitResult(ep, 2, 0);
        assertThat(server.execute(ep, "/5/0/2").isSuccess()).isTrue();
        await().atMost(WAIT).until(() -> device.boots() == 2);
        awaitRead(ep, 0, 1);
        assertThat(server.readValue(ep, "/3/0/3")).isEqualTo("1.1.0+0");
        assertThat(server.registration(ep).getClientTransportData().getIdentity()).isEqualTo(given.identity());
        assertThat(device.bootloader().isConfirmed()).isTrue();
    }

    @Test
    void an_rpk_device_that_expects_another_server_key_does_not_register() throws Exception {
        String ep = "dev-rpk-wrong-server";
        KeyPair keys = TestAuthority.ecKeyPair();
        server.addRpk(ep, keys.getPublic());

        Attempting device = attempting(config(ep, new DeviceCredentials.Rpk(keys.getPublic(), keys.getPrivate(),
                TestAuthority.ecKeyPair().getPublic())));

        assertThat(awaitFailedRegistration(device)).contains("HandshakeException").contains("not trusted");
        assertThat(server.registration(ep)).isNull();
        assertThat(device.device().isRegistered()).isFalse();
    }

    @Test
    void an_rpk_device_whose_key_the_server_does_not_know_is_refused() throws Exception {
        String ep = "dev-rpk-unknown-key";
        KeyPair keys = TestAuthority.ecKeyPair();
        server.addRpk(ep, TestAuthority.ecKeyPair().getPublic());

        Attempting device = attempting(config(ep, new DeviceCredentials.Rpk(keys.getPublic(), keys.getPrivate(),
                server.publicKey())));

        assertThat(awaitFailedRegistration(device)).contains("FORBIDDEN");
        assertThat(server.registration(ep)).isNull();
        assertThat(device.device().isRegistered()).isFalse();
    }

    @Test
    void an_x509_device_whose_certificate_the_server_does_not_trust_does_not_register() throws Exception {
        String ep = "dev-x509-untrusted";
        TestAuthority.Issued rogue = TestAuthority.create("rogue device issuer").issue(ep);
        server.addX509(ep);

        Attempting device = attempting(config(ep, new DeviceCredentials.X509(rogue.certificate(),
                rogue.keys().getPrivate(), server.certificate())));

        assertThat(awaitFailedRegistration(device)).contains("HandshakeException").contains("BAD_CERTIFICATE");
        assertThat(server.registration(ep)).isNull();
        assertThat(device.device().isRegistered()).isFalse();
    }

    @Test
    void an_x509_device_that_pins_another_server_certificate_does_not_register() throws Exception {
        String ep = "dev-x509-wrong-server";
        TestAuthority.Issued device = DEVICE_ISSUER.issue(ep);
        TestAuthority.Issued otherServer = SERVER_ISSUER.issue("cellota-test-server");
        server.addX509(ep);

        Attempting attempt = attempting(config(ep, new DeviceCredentials.X509(device.certificate(),
                device.keys().getPrivate(), otherServer.certificate())));

        assertThat(awaitFailedRegistration(attempt)).contains("Certificate chain could not be validated");
        assertThat(server.registration(ep)).isNull();
        assertThat(attempt.device().isRegistered()).isFalse();
    }
}
