package io.cellota.server.app;

import static io.cellota.server.app.ServerRig.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cellota.device.download.SelfSignedTls;
import io.cellota.device.lwm2m.ClientResources;
import io.cellota.device.lwm2m.CoapTiming;
import io.cellota.device.lwm2m.DeviceCredentials;
import io.cellota.device.sim.FaultPlan;
import io.cellota.device.sim.SimulatedDevice;
import io.cellota.device.testkit.TestAuthority;
import io.cellota.device.testkit.TestDevices;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole server with simulated devices, through its REST API: an operator uploads a signed image, starts an
 * update for a device, and the device ends up running it — over CoAPs with PSK, over CoAP with a token, over
 * HTTP, by push; a failing device's Update Result surfaces through the API; and the server survives a restart
 * in the middle of a download.
 */
class ServerUpdateIT {

    private static final ClientResources DEVICES = ClientResources.create(CoapTiming.LOOPBACK, 8);

    @TempDir
    Path dir;

    private ServerRig rig;

    @BeforeEach
    void start() throws Exception {
        rig = ServerRig.start(dir, DEVICES, Map.of());
    }

    @AfterEach
    void stop() throws Exception {
        rig.close();
    }

    @AfterAll
    static void release() {
        DEVICES.close();
    }

    @Test
    void a_pull_over_coaps_with_psk_installs_the_image_and_the_api_reports_success() throws Exception {
        SimulatedDevice device = rig.device("srv-coaps", true, c -> c);
        String firmware = rig.upload("1.1.0");

        String update = rig.startUpdate("srv-coaps", firmware, ",\"delivery\":\"pull\",\"protocol\":\"coaps\"");

        JsonNode done = rig.awaitFinal(update);
        assertThat(done.at("/state").asText()).as(done.toString()).isEqualTo("SUCCEEDED");
        assertThat(done.at("/updateResult").asInt()).isEqualTo(1);
        assertThat(device.runningVersion().orElseThrow()).hasToString("1.1.0+0");
        assertThat(rig.history(update)).extracting(e -> e.at("/to").asText())
                .contains("DOWNLOADING", "INSTALLING", "SUCCEEDED");
    }

    @Test
    void a_pull_over_coaps_with_raw_public_keys_installs_the_image() throws Exception {
        KeyPair deviceKey = ecKeyPair();
        HttpResponse<String> put = rig.call("PUT", "/api/v1/devices/srv-rpk/credentials", HttpRequest.BodyPublishers
                .ofString("{\"mode\":\"rpk\",\"publicKey\":\""
                        + Base64.getEncoder().encodeToString(deviceKey.getPublic().getEncoded()) + "\"}"));
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        DeviceCredentials rpk = new DeviceCredentials.Rpk(deviceKey.getPublic(), deviceKey.getPrivate(),
                rig.server().dtlsIdentity().publicKey());
        SimulatedDevice device = rig.device(TestDevices.config("srv-rpk", rig.server().lwm2m().coapsUri(), rpk,
                dir.resolve("srv-rpk")));
        String firmware = rig.upload("1.1.5");

        JsonNode done = rig.awaitFinal(rig.startUpdate("srv-rpk", firmware, ""));

        assertThat(done.at("/state").asText()).as(done.toString()).isEqualTo("SUCCEEDED");
        assertThat(done.at("/protocol").asText()).isEqualTo("coaps");
        assertThat(device.runningVersion().orElseThrow()).hasToString("1.1.5+0");
    }

    @Test
    void a_pull_over_coaps_with_x509_certificates_installs_the_image_and_a_certificate_of_another_ca_is_refused()
            throws Exception {
        TestAuthority ca = TestAuthority.create("Cellota Test Fleet CA");
        TestAuthority.Issued serverCert = ca.issue("cellota-server");
        Path serverKey = pem(dir.resolve("server-key.pem"), "PRIVATE KEY", serverCert.keys().getPrivate().getEncoded());
        Path serverChain = pem(dir.resolve("server-cert.pem"), "CERTIFICATE", serverCert.certificate().getEncoded());
        Path trusted = pem(dir.resolve("fleet-ca.pem"), "CERTIFICATE", ca.certificate().getEncoded());
        rig.restart(Map.of("coaps.key", serverKey, "coaps.certificate", serverChain, "coaps.trusted.certificates",
                trusted));
        for (String endpoint : List.of("srv-x509", "srv-x509-rogue")) {
            HttpResponse<String> put = rig.call("PUT", "/api/v1/devices/" + endpoint + "/credentials",
                    HttpRequest.BodyPublishers.ofString("{\"mode\":\"x509\"}"));
            assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        }
        TestAuthority.Issued deviceCert = ca.issue("srv-x509");
        SimulatedDevice device = rig.device(TestDevices.config("srv-x509", rig.server().lwm2m().coapsUri(),
                new DeviceCredentials.X509(deviceCert.certificate(), deviceCert.keys().getPrivate(),
                        serverCert.certificate()), dir.resolve("srv-x509")));
        TestAuthority.Issued rogueCert = TestAuthority.create("Someone Else's CA").issue("srv-x509-rogue");
        SimulatedDevice rogue = SimulatedDevice.create(TestDevices.config("srv-x509-rogue",
                rig.server().lwm2m().coapsUri(), new DeviceCredentials.X509(rogueCert.certificate(),
                        rogueCert.keys().getPrivate(), serverCert.certificate()), dir.resolve("srv-x509-rogue")),
                DEVICES, java.time.Clock.systemUTC());
        java.util.concurrent.atomic.AtomicInteger refused = new java.util.concurrent.atomic.AtomicInteger();
        rogue.addListener(new SimulatedDevice.Listener() {
            @Override
            public void registrationFailed(SimulatedDevice d, String reason) {
                refused.incrementAndGet();
            }
        });
        try (rogue) {
            rogue.powerOn();
            String firmware = rig.upload("1.1.7");

            JsonNode done = rig.awaitFinal(rig.startUpdate("srv-x509", firmware, ""));

            assertThat(done.at("/state").asText()).as(done.toString()).isEqualTo("SUCCEEDED");
            assertThat(done.at("/protocol").asText()).isEqualTo("coaps");
            assertThat(device.runningVersion().orElseThrow()).hasToString("1.1.7+0");
            org.awaitility.Awaitility.await().atMost(ServerRig.WAIT).until(() -> refused.get() > 0);
            assertThat(rogue.isRegistered()).isFalse();
            assertThat(json(rig.call("GET", "/api/v1/devices/srv-x509-rogue", HttpRequest.BodyPublishers.noBody()))
                    .at("/registered").asBoolean(false)).isFalse();
        }
    }

    private static Path pem(Path file, String type, byte[] der) throws Exception {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                .encodeToString(der);
        return java.nio.file.Files.writeString(file, "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type
                + "-----\n");
    }

    @Test
    void the_registry_remembers_a_device_across_a_restart_as_not_registered_until_it_registers_again()
            throws Exception {
        SimulatedDevice device = rig.device("srv-remembered", true, c -> c);
        org.awaitility.Awaitility.await().atMost(ServerRig.WAIT).until(() -> json(rig.call("GET",
                "/api/v1/devices/srv-remembered", HttpRequest.BodyPublishers.noBody())).at("/firmwareVersion").asText()
                .equals("1.0.0+0"));
        device.close();

        rig.restart();

        JsonNode remembered = json(rig.call("GET", "/api/v1/devices/srv-remembered",
                HttpRequest.BodyPublishers.noBody()));
        assertThat(remembered.at("/registered").asBoolean(true)).as(remembered.toString()).isFalse();
        assertThat(remembered.at("/firmwareVersion").asText()).as(remembered.toString()).isEqualTo("1.0.0+0");
        assertThat(remembered.at("/model").asText()).as(remembered.toString()).isNotEmpty();
    }

    @Test
    void the_servers_generated_dtls_key_is_kept_across_restarts() throws Exception {
        byte[] before = rig.server().dtlsIdentity().publicKey().getEncoded();

        rig.restart();

        assertThat(rig.server().dtlsIdentity().publicKey().getEncoded()).isEqualTo(before);
        assertThat(dir.resolve("server").resolve(DtlsIdentities.GENERATED_KEY_FILE)).isRegularFile();
    }

    private static KeyPair ecKeyPair() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    @Test
    void a_pull_over_plain_coap_uses_a_token_and_a_pull_over_http_too() throws Exception {
        SimulatedDevice coap = rig.device("srv-coap", false, c -> c);
        SimulatedDevice web = rig.device("srv-http", false, c -> c);
        String firmware = rig.upload("1.2.0");

        String viaCoap = rig.startUpdate("srv-coap", firmware, ",\"protocol\":\"coap\"");
        String viaHttp = rig.startUpdate("srv-http", firmware, ",\"protocol\":\"http\"");

        assertThat(rig.awaitFinal(viaCoap).at("/state").asText()).isEqualTo("SUCCEEDED");
        assertThat(rig.awaitFinal(viaHttp).at("/state").asText()).isEqualTo("SUCCEEDED");
        assertThat(rig.update(viaCoap).at("/protocol").asText()).isEqualTo("coap");
        assertThat(rig.update(viaHttp).at("/protocol").asText()).isEqualTo("http");
        assertThat(coap.runningVersion().orElseThrow()).hasToString("1.2.0+0");
        assertThat(web.runningVersion().orElseThrow()).hasToString("1.2.0+0");
    }

    @Test
    void a_device_without_credentials_is_offered_plain_coap_when_the_operator_names_no_protocol() throws Exception {
        SimulatedDevice device = rig.device("srv-nosec", false, c -> c);
        String firmware = rig.upload("1.2.1");

        JsonNode done = rig.awaitFinal(rig.startUpdate("srv-nosec", firmware, ""));

        assertThat(done.at("/state").asText()).as(done.toString()).isEqualTo("SUCCEEDED");
        assertThat(done.at("/protocol").asText()).isEqualTo("coap");
        assertThat(device.runningVersion().orElseThrow()).hasToString("1.2.1+0");
    }

    @Test
    void a_pull_over_https_uses_the_configured_certificate_and_a_token() throws Exception {
        SelfSignedTls tls = SelfSignedTls.generate();
        Path certificate = dir.resolve("https.crt");
        Path key = dir.resolve("https.key");
        tls.writePem(certificate, key);
        rig.restart(Map.of("https.host", "127.0.0.1", "https.port", 0, "https.certificate", certificate, "https.key", key));
        SSLContext trust = tls.clientContext();
        SimulatedDevice device = rig.device("srv-https", false, c -> c.withTls(Optional.of(trust)));
        String firmware = rig.upload("1.2.5");

        JsonNode done = rig.awaitFinal(rig.startUpdate("srv-https", firmware, ",\"protocol\":\"https\""));

        assertThat(done.at("/state").asText()).as(done.toString()).isEqualTo("SUCCEEDED");
        assertThat(done.at("/protocol").asText()).isEqualTo("https");
        assertThat(device.runningVersion().orElseThrow()).hasToString("1.2.5+0");
    }

    @Test
    void with_the_separate_file_ports_enabled_devices_pull_from_them() throws Exception {
        rig.restart(Map.of("files.enabled", true, "files.host", "127.0.0.1", "files.coap.port", 0,
                "files.coaps.port", 0));
        SimulatedDevice secure = rig.device("srv-files-psk", true, c -> c);
        SimulatedDevice plain = rig.device("srv-files-plain", false, c -> c);
        String firmware = rig.upload("1.2.7");
        List<Integer> lwm2mPorts = List.of(rig.server().lwm2m().coapUri().getPort(),
                rig.server().lwm2m().coapsUri().getPort());

        String viaCoaps = rig.startUpdate("srv-files-psk", firmware, ",\"protocol\":\"coaps\"");
        String viaCoap = rig.startUpdate("srv-files-plain", firmware, ",\"protocol\":\"coap\"");

        assertThat(rig.awaitFinal(viaCoaps).at("/state").asText()).isEqualTo("SUCCEEDED");
        assertThat(rig.awaitFinal(viaCoap).at("/state").asText()).isEqualTo("SUCCEEDED");
        assertThat(secure.runningVersion().orElseThrow()).hasToString("1.2.7+0");
        assertThat(plain.runningVersion().orElseThrow()).hasToString("1.2.7+0");
        for (SimulatedDevice d : List.of(secure, plain)) {
            URI packageUri = URI.create(d.firmwareUpdate().orElseThrow().packageUri());
            assertThat(packageUri.getPort()).as(packageUri.toString()).isNotIn(lwm2mPorts);
        }
    }

    @Test
    void a_push_installs_the_image() throws Exception {
        SimulatedDevice device = rig.device("srv-push", true, c -> c);
        String firmware = rig.upload("1.3.0");

        JsonNode done = rig.awaitFinal(rig.startUpdate("srv-push", firmware, ",\"delivery\":\"push\""));

        assertThat(done.at("/state").asText()).as(done.toString()).isEqualTo("SUCCEEDED");
        assertThat(done.at("/delivery").asText()).isEqualTo("push");
        assertThat(device.runningVersion().orElseThrow()).hasToString("1.3.0+0");
    }

    @Test
    void a_device_whose_new_firmware_crashes_fails_with_update_result_8_and_its_meaning() throws Exception {
        SimulatedDevice device = rig.device("srv-crash", false, c -> c.withFaults(FaultPlan.NONE.withNewFirmwareCrashes(true)));
        String firmware = rig.upload("1.4.0");

        JsonNode done = rig.awaitFinal(rig.startUpdate("srv-crash", firmware, ""));

        assertThat(done.at("/state").asText()).as(done.toString()).isEqualTo("FAILED");
        assertThat(done.at("/updateResult").asInt()).isEqualTo(8);
        assertThat(done.at("/updateResultMeaning").asText()).isEqualTo("Firmware update failed");
        assertThat(device.runningVersion().orElseThrow()).as("MCUboot reverted").hasToString("1.0.0+0");
    }

    @Test
    void bad_uploads_are_refused_with_their_reason_and_the_api_needs_a_token() throws Exception {
        byte[] tampered = TestDevices.image("9.9.9", 2_000);
        tampered[0x200 + 7] ^= 1;

        HttpResponse<String> r = rig.call("POST", "/api/v1/firmware", HttpRequest.BodyPublishers.ofByteArray(tampered));
        HttpResponse<String> noToken = rig.getWithoutToken("/api/v1/firmware");

        assertThat(r.statusCode()).isEqualTo(422);
        assertThat(json(r).at("/error/code").asText()).isEqualTo("invalid_firmware");
        assertThat(json(r).at("/error/message").asText()).contains("hash");
        assertThat(rig.getJson("/api/v1/firmware").at("/items")).as("nothing stored").isEmpty();
        assertThat(noToken.statusCode()).isEqualTo(401);
    }

    @Test
    void an_update_in_flight_continues_after_the_server_restarts() throws Exception {
        SimulatedDevice device = rig.device("srv-restart", true, c -> c);
        String firmware = rig.upload("2.0.0");
        String update = rig.startUpdate("srv-restart", firmware, ",\"protocol\":\"coaps\"");
        rig.awaitState(update, "DOWNLOADING", "DOWNLOADED", "INSTALLING", "CONFIRMING");

        rig.restart();
        device.wakeUp();

        JsonNode done = rig.awaitFinal(update);
        assertThat(done.at("/state").asText()).as(done.toString()).isEqualTo("SUCCEEDED");
        assertThat(done.at("/attempt").asInt()).as("the download survived the restart, no retry needed").isEqualTo(1);
        assertThat(device.runningVersion().orElseThrow()).hasToString("2.0.0+0");
        assertThat(device.boots()).as("power-on, then one reboot into the new image").isEqualTo(2);
    }
}
