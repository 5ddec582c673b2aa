package io.cellota.device.lwm2m;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cellota.device.radio.PsmConfig;
import io.cellota.device.radio.PsmRadio;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.DatagramPacket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import org.eclipse.californium.elements.AddressEndpointContext;
import org.eclipse.californium.elements.EndpointContext;
import org.eclipse.californium.elements.EndpointContextMatcher;
import org.eclipse.californium.elements.MessageCallback;
import org.eclipse.californium.elements.RawData;
import org.eclipse.californium.elements.UdpEndpointContext;
import org.eclipse.californium.elements.UdpEndpointContextMatcher;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.UdpConfig;
import org.eclipse.californium.elements.exception.EndpointMismatchException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The device's UDP connector on the shared loop: inbound datagrams through the radio gate into {@link RawData},
 * outbound ones out of the caller's thread with Californium's callbacks in order.
 */
class LoopUdpConnectorTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final InetSocketAddress LOOPBACK = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    private static final InetSocketAddress SERVER = new InetSocketAddress(InetAddress.getLoopbackAddress(), 5683);

    /** A clock the test moves by hand, so the radio falls asleep without waiting. */
    private static final class HandClock extends Clock {
        private volatile Instant now = Instant.parse("2024-05-01T10:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    /** Records the callbacks of one outbound message, in order. */
    private static final class Callbacks implements MessageCallback {
        final List<String> calls = new CopyOnWriteArrayList<>();
        volatile EndpointContext context;
        volatile Throwable error;

        @Override
        public void onConnecting() {
            calls.add("connecting");
        }

        @Override
        public void onDtlsRetransmission(int flight) {
            calls.add("retransmission");
        }

        @Override
        public void onContextEstablished(EndpointContext established) {
            context = established;
            calls.add("context");
        }

        @Override
        public void onSent() {
            calls.add("sent");
        }

        @Override
        public void onError(Throwable failure) {
            error = failure;
            calls.add("error");
        }
    }

    private final HandClock clock = new HandClock();
    private final PsmRadio radio = new PsmRadio(PsmConfig.of(Duration.ofSeconds(2), Duration.ofHours(1)), clock);
    private final Configuration configuration = ClientConfigurations.cellular(CoapTiming.LOOPBACK);
    private final BlockingQueue<RawData> inbound = new LinkedBlockingQueue<>();
    private final List<AutoCloseable> closing = new ArrayList<>();
    private final DatagramLoop loop = closing(DatagramLoop.start("test-udp", 1, 4096));

    LoopUdpConnectorTest() throws IOException {
    }

    @AfterEach
    void close() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
    }

    private <T extends AutoCloseable> T closing(T resource) {
        closing.add(resource);
        return resource;
    }

    private LoopUdpConnector connector() {
        LoopUdpConnector connector = new LoopUdpConnector(LOOPBACK, configuration, loop, radio);
        connector.setRawDataReceiver(inbound::add);
        closing(connector::destroy);
        return connector;
    }

    private static DatagramPacket datagram(String text, InetSocketAddress source) {
        byte[] bytes = ("xx" + text).getBytes(US_ASCII);
        DatagramPacket packet = new DatagramPacket(bytes, 2, bytes.length - 2);
        packet.setSocketAddress(source);
        return packet;
    }

    @Test
    void a_datagram_becomes_raw_data_with_its_source_as_udp_context_and_the_connector_address() throws Exception {
        LoopUdpConnector connector = connector();

        connector.processDatagram(datagram("2.05 Content", SERVER));

        RawData raw = inbound.poll();
        assertThat(raw).isNotNull();
        assertThat(raw.getBytes()).asString(US_ASCII).isEqualTo("2.05 Content");
        assertThat(raw.getEndpointContext()).isInstanceOf(UdpEndpointContext.class);
        assertThat(raw.getInetSocketAddress()).isEqualTo(SERVER);
        assertThat(raw.getConnectorAddress()).isEqualTo(connector.getAddress());
        assertThat(raw.isMulticast()).isFalse();
    }

    @Test
    void a_datagram_that_arrives_while_the_radio_sleeps_is_lost_and_counted() {
        LoopUdpConnector connector = connector();
        clock.advance(Duration.ofSeconds(3));

        connector.processDatagram(datagram("2.05 Content", SERVER));

        assertThat(inbound).isEmpty();
        assertThat(radio.droppedWhileAsleep()).isEqualTo(1);
    }

    @Test
    void datagrams_without_a_source_port_or_longer_than_the_configured_size_are_discarded() {
        LoopUdpConnector connector = connector();

        connector.processDatagram(datagram("no port", new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)));
        connector.processDatagram(datagram("x".repeat(configuration.get(UdpConfig.UDP_DATAGRAM_SIZE) + 1), SERVER));
        connector.processDatagram(datagram("x".repeat(configuration.get(UdpConfig.UDP_DATAGRAM_SIZE)), SERVER));

        assertThat(inbound).hasSize(1);
    }

    @Test
    void a_started_connector_hears_datagrams_through_the_loop_and_sends_wake_the_radio() throws Exception {
        LoopUdpConnector connector = connector();
        connector.start();
        DatagramChannel server = closing(DatagramChannel.open().bind(LOOPBACK));
        InetSocketAddress serverAddress = (InetSocketAddress) server.getLocalAddress();
        clock.advance(Duration.ofSeconds(3));
        Callbacks callbacks = new Callbacks();

        connector.send(RawData.outbound("register".getBytes(US_ASCII), new AddressEndpointContext(serverAddress),
                callbacks, false));

        assertThat(radio.isReachable()).as("the uplink woke the radio").isTrue();
        assertThat(callbacks.calls).containsExactly("context", "sent");
        assertThat(callbacks.context).isInstanceOf(UdpEndpointContext.class);
        assertThat(callbacks.context.getPeerAddress()).isEqualTo(serverAddress);
        ByteBuffer received = ByteBuffer.allocate(64);
        assertThat(server.receive(received)).isEqualTo(connector.getAddress());
        assertThat(new String(received.array(), 0, received.position(), US_ASCII)).isEqualTo("register");

        server.send(ByteBuffer.wrap("2.01 Created".getBytes(US_ASCII)), connector.getAddress());

        await().atMost(WAIT).until(() -> !inbound.isEmpty());
        assertThat(inbound.poll().getBytes()).asString(US_ASCII).isEqualTo("2.01 Created");
        assertThat(connector.isRunning()).isTrue();
        assertThat(connector.getAddress().getPort()).isPositive();
    }

    @Test
    void sending_before_start_or_after_stop_fails_as_not_running() throws Exception {
        LoopUdpConnector connector = connector();
        Callbacks before = new Callbacks();
        connector.send(RawData.outbound(new byte[1], new AddressEndpointContext(SERVER), before, false));

        connector.start();
        connector.stop();
        Callbacks after = new Callbacks();
        connector.send(RawData.outbound(new byte[1], new AddressEndpointContext(SERVER), after, false));

        assertThat(before.error).isInstanceOf(InterruptedIOException.class).hasMessage("Connector is not running.");
        assertThat(after.error).isInstanceOf(InterruptedIOException.class);
        assertThat(connector.isRunning()).isFalse();
        assertThat(loop.channels()).isZero();
    }

    @Test
    void a_message_to_port_zero_or_refused_by_the_context_matcher_fails_without_being_sent() throws Exception {
        LoopUdpConnector connector = connector();
        connector.start();
        Callbacks portZero = new Callbacks();
        connector.send(RawData.outbound(new byte[1], new AddressEndpointContext(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)), portZero, false));
        connector.setEndpointContextMatcher(refusingEverything());
        Callbacks refused = new Callbacks();
        connector.send(RawData.outbound(new byte[1], new AddressEndpointContext(SERVER), refused, false));

        assertThat(portZero.calls).containsExactly("error");
        assertThat(portZero.error).isInstanceOf(IOException.class).hasMessageContaining("port 0");
        assertThat(refused.calls).containsExactly("error");
        assertThat(refused.error).isInstanceOf(EndpointMismatchException.class);
    }

    @Test
    void stop_then_start_binds_again_and_destroy_forgets_the_receiver() throws Exception {
        LoopUdpConnector connector = connector();
        connector.start();
        connector.stop();
        connector.start();

        assertThat(connector.isRunning()).isTrue();
        assertThat(loop.channels()).isEqualTo(1);
        assertThat(connector.getProtocol()).isEqualTo("UDP");

        connector.destroy();
        connector.processDatagram(datagram("late", SERVER));
        assertThat(inbound).isEmpty();
        assertThat(loop.channels()).isZero();
    }

    /** Californium's UDP matcher, told to refuse every message, as a DTLS matcher refuses a stale session. */
    private static EndpointContextMatcher refusingEverything() {
        return new UdpEndpointContextMatcher(true) {
            @Override
            public boolean isToBeSent(EndpointContext messageContext, EndpointContext connectionContext) {
                return false;
            }
        };
    }
}
