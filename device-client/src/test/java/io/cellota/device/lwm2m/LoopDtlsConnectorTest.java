package io.cellota.device.lwm2m;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cellota.device.radio.PsmConfig;
import io.cellota.device.radio.PsmRadio;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import org.eclipse.californium.elements.AddressEndpointContext;
import org.eclipse.californium.elements.RawData;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.config.DtlsConfig.DtlsRole;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.pskstore.AdvancedSinglePskStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Scandium's connector on the shared loop, against a stock Scandium server over loopback: a PSK handshake and
 * application data both ways, with no receiver thread of its own. This is the test that breaks first when a
 * Californium upgrade changes the internals {@link LoopDtlsConnector} leans on.
 */
class LoopDtlsConnectorTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final InetSocketAddress LOOPBACK = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    private static final String IDENTITY = "dev-loop";
    private static final byte[] KEY = "loop-test-psk".getBytes(US_ASCII);

    private final Configuration configuration = ClientConfigurations.cellular(CoapTiming.LOOPBACK);
    private final PsmRadio radio = new PsmRadio(PsmConfig.off(), Clock.systemUTC());
    private final ScheduledExecutorService executor = Executors.newScheduledThreadPool(2);
    private final List<AutoCloseable> closing = new ArrayList<>();
    private final DatagramLoop loop = closing(DatagramLoop.start("test-dtls", 1, LoopDtlsConnector.largestDatagram()));

    LoopDtlsConnectorTest() throws IOException {
    }

    @AfterEach
    void close() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
        executor.shutdownNow();
    }

    private <T extends AutoCloseable> T closing(T resource) {
        closing.add(resource);
        return resource;
    }

    private LoopDtlsConnector device() {
        DtlsConnectorConfig config = DtlsConnectorConfig.builder(configuration)
                .setAddress(LOOPBACK)
                .setAdvancedPskStore(new AdvancedSinglePskStore(IDENTITY, KEY))
                .set(DtlsConfig.DTLS_ROLE, DtlsRole.CLIENT_ONLY)
                .set(DtlsConfig.DTLS_CIPHER_SUITES, ClientConfigurations.cipherSuites(true))
                .build();
        LoopDtlsConnector connector = new LoopDtlsConnector(config, loop, radio);
        connector.setExecutor(executor);
        closing(connector::destroy);
        return connector;
    }

    /** A stock Scandium server that echoes every application record it gets, upper-cased. */
    private DTLSConnector echoServer() throws IOException {
        DtlsConnectorConfig config = DtlsConnectorConfig.builder(new Configuration(configuration))
                .setAddress(LOOPBACK)
                .setAdvancedPskStore(new AdvancedSinglePskStore(IDENTITY, KEY))
                .set(DtlsConfig.DTLS_ROLE, DtlsRole.SERVER_ONLY)
                .set(DtlsConfig.DTLS_CONNECTION_ID_LENGTH, 6)
                .set(DtlsConfig.DTLS_RECEIVER_THREAD_COUNT, 1)
                .set(DtlsConfig.DTLS_CIPHER_SUITES, ClientConfigurations.cipherSuites(true))
                .build();
        DTLSConnector server = new DTLSConnector(config);
        server.setRawDataReceiver(raw -> server.send(RawData.outbound(
                new String(raw.getBytes(), US_ASCII).toUpperCase().getBytes(US_ASCII), raw.getEndpointContext(), null,
                false)));
        server.start();
        closing(server::destroy);
        return server;
    }

    @Test
    void a_psk_handshake_and_application_data_both_ways_run_on_the_loop_without_a_receiver_thread() throws Exception {
        DTLSConnector server = echoServer();
        LoopDtlsConnector device = device();
        BlockingQueue<RawData> inbound = new LinkedBlockingQueue<>();
        device.setRawDataReceiver(inbound::add);
        device.start();

        device.send(RawData.outbound("register".getBytes(US_ASCII), new AddressEndpointContext(server.getAddress()),
                null, false));

        await().atMost(WAIT).until(() -> !inbound.isEmpty());
        assertThat(inbound.poll().getBytes()).asString(US_ASCII).isEqualTo("REGISTER");
        assertThat(device.getAddress().getPort()).isPositive();
        assertThat(device.getAddress().getAddress()).isEqualTo(InetAddress.getLoopbackAddress());
        assertThat(loop.channels()).isEqualTo(1);
        assertThat(receiverThreadsOf(device)).isEmpty();
        assertThat(device.getSessionByAddress(server.getAddress())).isNotNull();
    }

    @Test
    void stop_closes_the_channel_and_start_binds_a_new_one() throws Exception {
        LoopDtlsConnector device = device();
        device.start();
        InetSocketAddress first = device.getAddress();

        device.stop();
        assertThat(device.isRunning()).isFalse();
        assertThat(loop.channels()).isZero();

        device.start();
        assertThat(device.isRunning()).isTrue();
        assertThat(loop.channels()).isEqualTo(1);
        assertThat(device.getAddress()).isNotEqualTo(first);
    }

    @Test
    void a_datagram_that_arrives_while_the_radio_sleeps_never_reaches_scandium() throws Exception {
        LoopDtlsConnector device = device();
        device.start();
        radio.setConfig(PsmConfig.of(Duration.ZERO, Duration.ofHours(1)));
        await().atMost(WAIT).until(() -> !radio.isReachable());
        DatagramPacket garbage = new DatagramPacket(new byte[] {22, -2, -3}, 3, new InetSocketAddress(
                InetAddress.getLoopbackAddress(), 5684));

        device.processDatagram(garbage);

        assertThat(radio.droppedWhileAsleep()).isEqualTo(1);
    }

    private static List<String> receiverThreadsOf(DTLSConnector connector) {
        String port = String.valueOf(connector.getAddress().getPort());
        return Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                .filter(name -> name.startsWith("DTLS-Receiver") && name.contains(port)).toList();
    }
}
