package io.cellota.device.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cellota.device.lwm2m.DeviceCredentials;
import io.cellota.device.testkit.TestAuthority;
import io.cellota.firmware.signing.KeyType;
import io.cellota.firmware.signing.PemKeys;
import io.cellota.firmware.signing.SigningKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/** The credentials a device's command line gives it: none, a PSK, a raw public key, or an X.509 certificate. */
class DeviceOptionsTest {

    @TempDir
    Path dir;

    private DeviceCommand parse(String... args) {
        DeviceCommand command = new DeviceCommand();
        List<String> all = new ArrayList<>(List.of("--endpoint", "dev-1", "--state", dir.resolve("state").toString()));
        all.addAll(List.of(args));
        new CommandLine(command).parseArgs(all.toArray(String[]::new));
        return command;
    }

    private DeviceCredentials credentials(DeviceCommand command) throws Exception {
        return command.options.config("dev-1", 0, FaultPlan.NONE, false).credentials();
    }

    private Path pem(String name, SigningKey key) throws Exception {
        return Files.writeString(dir.resolve(name), PemKeys.privatePem(key));
    }

    @Test
    void a_raw_public_key_device_uses_its_key_and_pins_the_server_key_given_as_base64_or_pem() throws Exception {
        SigningKey device = PemKeys.generate(KeyType.ECDSA_P256, "device");
        SigningKey server = PemKeys.generate(KeyType.ECDSA_P256, "server");
        String serverBase64 = Base64.getEncoder().encodeToString(server.publicKey().publicKey().getEncoded());
        Path serverPem = Files.writeString(dir.resolve("server.pub.pem"), PemKeys.publicPem(server.publicKey()));

        for (String serverKey : List.of(serverBase64, serverPem.toString())) {
            DeviceCredentials c = credentials(parse("--server", "coaps://127.0.0.1:5684", "--rpk-key",
                    pem("device.pem", device).toString(), "--server-key", serverKey));

            assertThat(c).isInstanceOfSatisfying(DeviceCredentials.Rpk.class, rpk -> {
                assertThat(rpk.publicKey().getEncoded()).isEqualTo(device.publicKey().publicKey().getEncoded());
                assertThat(rpk.serverPublicKey().getEncoded()).isEqualTo(server.publicKey().publicKey().getEncoded());
            });
        }
    }

    @Test
    void an_x509_device_uses_its_certificate_and_key_and_expects_the_server_certificate() throws Exception {
        TestAuthority ca = TestAuthority.create("CA");
        TestAuthority.Issued device = ca.issue("dev-1");
        TestAuthority.Issued server = ca.issue("server");
        Path cert = Files.write(dir.resolve("dev.crt"), pemBytes("CERTIFICATE", device.certificate().getEncoded()));
        Path key = Files.write(dir.resolve("dev.key"), pemBytes("PRIVATE KEY", device.keys().getPrivate().getEncoded()));
        Path serverCert = Files.write(dir.resolve("srv.crt"), pemBytes("CERTIFICATE", server.certificate().getEncoded()));

        DeviceCredentials c = credentials(parse("--server", "coaps://127.0.0.1:5684", "--certificate", cert.toString(),
                "--certificate-key", key.toString(), "--server-certificate", serverCert.toString()));

        assertThat(c).isInstanceOfSatisfying(DeviceCredentials.X509.class, x -> {
            assertThat(x.certificate()).isEqualTo(device.certificate());
            assertThat(x.serverCertificate()).isEqualTo(server.certificate());
            assertThat(x.privateKey().getEncoded()).isEqualTo(device.keys().getPrivate().getEncoded());
        });
    }

    @Test
    void incomplete_or_contradictory_credentials_are_refused_with_what_is_missing() throws Exception {
        Path key = pem("device.pem", PemKeys.generate(KeyType.ECDSA_P256, "device"));
        Path ed = pem("ed.pem", PemKeys.generate(KeyType.ED25519, "ed"));

        assertThatThrownBy(() -> credentials(parse("--server", "coaps://h:5684", "--rpk-key", key.toString())))
                .isInstanceOf(ParameterException.class).hasMessageContaining("--server-key");
        assertThatThrownBy(() -> credentials(parse("--server", "coaps://h:5684", "--rpk-key", key.toString(),
                "--server-key", "not base64!"))).isInstanceOf(ParameterException.class).hasMessageContaining("--server-key");
        assertThatThrownBy(() -> credentials(parse("--server", "coaps://h:5684", "--rpk-key", ed.toString(),
                "--server-key", "AAAA"))).isInstanceOf(ParameterException.class).hasMessageContaining("EC P-256");
        assertThatThrownBy(() -> credentials(parse("--server", "coap://h:5683", "--rpk-key", key.toString())))
                .isInstanceOf(ParameterException.class).hasMessageContaining("coaps://");
        assertThatThrownBy(() -> credentials(parse("--server", "coaps://h:5684", "--certificate", key.toString())))
                .isInstanceOf(ParameterException.class).hasMessageContaining("--certificate-key");
        assertThatThrownBy(() -> parse("--server", "coaps://h:5684", "--rpk-key", key.toString(), "--server-key", "AAAA")
                .options.config("dev-1", 0, FaultPlan.NONE, true))
                .isInstanceOf(ParameterException.class).hasMessageContaining("one device");
        assertThat(credentials(parse("--server", "coap://h:5683"))).isInstanceOf(DeviceCredentials.NoSec.class);
    }

    private static byte[] pemBytes(String type, byte[] der) {
        return ("-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }
}
