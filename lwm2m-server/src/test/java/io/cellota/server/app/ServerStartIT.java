package io.cellota.server.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cellota.server.config.ServerConfigLoader;
import java.net.BindException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Starting the whole server where a port is taken: the start fails naming the port, closes what it had opened
 * (the database, the other endpoints), and keeps no secret it generated, so the next start is a first start.
 */
class ServerStartIT {

    @TempDir
    Path dir;

    private ServerConfigLoader onLoopback() {
        return new ServerConfigLoader().override("data.dir", dir.resolve("server"))
                .override("coap.host", "127.0.0.1").override("coap.port", 0)
                .override("coaps.host", "127.0.0.1").override("coaps.port", 0)
                .override("http.host", "127.0.0.1").override("http.port", 0).override("public.host", "127.0.0.1");
    }

    @Test
    void a_taken_http_port_fails_the_start_and_the_next_start_is_a_first_start() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> CellotaServer.start(onLoopback().override("http.port", taken.getLocalPort()).load(),
                    Clock.systemUTC())).hasRootCauseInstanceOf(BindException.class);
        }
        assertThat(dir.resolve("server/api-token")).doesNotExist();
        assertThat(dir.resolve("server/download-token.key")).doesNotExist();

        try (CellotaServer server = CellotaServer.start(onLoopback().load(), Clock.systemUTC())) {
            assertThat(server.apiTokenGenerated()).as("the failed start kept no token").isTrue();
            assertThat(Files.readString(dir.resolve("server/api-token"))).isEqualTo(server.apiToken());
        }
    }

    @Test
    void a_taken_coap_port_fails_the_start_naming_it_and_releases_the_other_endpoints() throws Exception {
        int coaps;
        try (DatagramSocket taken = new DatagramSocket(0, InetAddress.getLoopbackAddress());
             DatagramSocket free = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            coaps = free.getLocalPort();
            free.close();
            assertThatThrownBy(() -> CellotaServer.start(onLoopback().override("coap.port", taken.getLocalPort())
                    .override("coaps.port", coaps).load(), Clock.systemUTC()))
                    .hasRootCauseInstanceOf(BindException.class)
                    .rootCause().hasMessageContaining("udp 127.0.0.1:" + taken.getLocalPort());
        }
        assertThat(dir.resolve("server/api-token")).doesNotExist();

        try (DatagramSocket again = new DatagramSocket(coaps, InetAddress.getLoopbackAddress())) {
            assertThat(again.getLocalPort()).as("the CoAPs endpoint was closed").isEqualTo(coaps);
        }
    }
}
