package io.cellota.device.link;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The proxy's plumbing over loopback: forwarding, NAT mapping, rebinding and its own lifecycle. */
class ImpairmentProxyIT {

    private static final long SEED = 2024;
    private static final Duration REBIND_INTERVAL = Duration.ofMillis(200);

    private final List<AutoCloseable> resources = new ArrayList<>();
    private EchoServer server;

    @BeforeEach
    void start_an_echo_server() throws Exception {
        server = open(EchoServer.start());
    }

    @AfterEach
    void close_everything() throws Exception {
        for (int i = resources.size() - 1; i >= 0; i--) {
            resources.get(i).close();
        }
    }

    @Test
    void datagrams_pass_through_intact_both_ways() throws Exception {
        ImpairmentProxy proxy = open(ImpairmentProxy.start(server.address(), LinkProfile.LOOPBACK, SEED));
        TestDevice device = open(TestDevice.talkingTo(proxy));

        for (String text : List.of("register", "block 0", "ack")) {
            assertThat(device.exchange(text.getBytes(UTF_8))).asString(UTF_8).isEqualTo(text);
        }

        assertThat(server.received()).extracting(received -> new String(received.payload(), UTF_8))
                .containsExactly("register", "block 0", "ack");
        LinkStats stats = proxy.stats();
        assertThat(stats.uplink().forwarded()).isEqualTo(3);
        assertThat(stats.uplink().forwardedBytes()).isEqualTo(8 + 7 + 3);
        await().until(() -> proxy.stats().downlink().forwarded() == 3);
    }

    @Test
    void garbage_an_empty_and_a_maximum_size_datagram_pass_a_loopback_link_untouched() throws Exception {
        ImpairmentProxy proxy = open(ImpairmentProxy.start(server.address(), LinkProfile.LOOPBACK, SEED));
        TestDevice device = open(TestDevice.talkingTo(proxy));
        byte[] garbage = new byte[1_000];
        new SplittableRandom(SEED).nextBytes(garbage);
        byte[] largest = new byte[LinkProfile.LOOPBACK.maxPayloadBytes()];
        new SplittableRandom(SEED + 1).nextBytes(largest);

        assertThat(device.exchange(garbage)).isEqualTo(garbage);
        assertThat(device.exchange(new byte[0])).isEmpty();
        assertThat(device.exchange(largest)).isEqualTo(largest);
        assertThat(proxy.stats().uplink().forwardedBytes()).isEqualTo(1_000 + 65_507);
    }

    @Test
    void the_server_sees_the_proxy_not_the_device() throws Exception {
        ImpairmentProxy proxy = open(ImpairmentProxy.start(server.address(), LinkProfile.LOOPBACK, SEED));
        TestDevice device = open(TestDevice.talkingTo(proxy));

        device.exchange(new byte[] {1});

        InetSocketAddress seen = server.received().get(0).source();
        assertThat(seen).isNotEqualTo(device.address());
        assertThat(proxy.upstreamAddress(device.address())).contains(seen);
        assertThat(proxy.devices()).containsExactly(device.address());
    }

    @Test
    void two_devices_get_two_distinct_upstream_ports() throws Exception {
        ImpairmentProxy proxy = open(ImpairmentProxy.start(server.address(), LinkProfile.LOOPBACK, SEED));
        TestDevice first = open(TestDevice.talkingTo(proxy));
        TestDevice second = open(TestDevice.talkingTo(proxy));

        assertThat(first.exchange("first".getBytes(UTF_8))).asString(UTF_8).isEqualTo("first");
        assertThat(second.exchange("second".getBytes(UTF_8))).asString(UTF_8).isEqualTo("second");

        assertThat(server.received()).extracting(received -> received.source().getPort()).doesNotHaveDuplicates();
        assertThat(proxy.statsByDevice()).containsOnlyKeys(first.address(), second.address());
        assertThat(proxy.stats(first.address()).orElseThrow().uplink().forwardedBytes()).isEqualTo(5);
        assertThat(proxy.stats(second.address()).orElseThrow().uplink().forwardedBytes()).isEqualTo(6);
    }

    @Test
    void rebinding_moves_the_device_to_a_new_port_and_it_still_gets_answers() throws Exception {
        ImpairmentProxy proxy = open(ImpairmentProxy.start(server.address(), LinkProfile.LOOPBACK, SEED));
        TestDevice device = open(TestDevice.talkingTo(proxy));
        device.exchange("before".getBytes(UTF_8));

        InetSocketAddress rebound = proxy.rebind(device.address());

        assertThat(device.exchange("after".getBytes(UTF_8))).asString(UTF_8).isEqualTo("after");
        List<EchoServer.Received> received = server.received();
        assertThat(received.get(1).source()).isEqualTo(rebound).isNotEqualTo(received.get(0).source());
        assertThat(proxy.upstreamAddress(device.address())).contains(rebound);
        assertThat(proxy.stats().rebinds()).isEqualTo(1);
    }

    @Test
    void a_profile_with_nat_rebinding_moves_the_device_to_a_new_port_every_interval() throws Exception {
        ImpairmentProxy proxy = open(ImpairmentProxy.start(server.address(),
                LinkProfile.LOOPBACK.withNatRebinding(REBIND_INTERVAL), SEED));
        TestDevice device = open(TestDevice.talkingTo(proxy));
        assertThat(device.exchange("first".getBytes(UTF_8))).asString(UTF_8).isEqualTo("first");

        awaitPortsSeenByTheServer(device, 3);

        long portsSeen = portsSeenByTheServer();
        assertThat(proxy.stats().rebinds()).isGreaterThanOrEqualTo(portsSeen - 1);
        assertThat(proxy.stats(device.address()).orElseThrow().rebinds()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void a_new_profile_can_turn_periodic_rebinding_on_for_devices_already_mapped() throws Exception {
        ImpairmentProxy proxy = open(ImpairmentProxy.start(server.address(), LinkProfile.LOOPBACK, SEED));
        TestDevice device = open(TestDevice.talkingTo(proxy));
        device.exchange("before".getBytes(UTF_8));
        assertThat(proxy.stats().rebinds()).isZero();

        proxy.setProfile(LinkProfile.LOOPBACK.withNatRebinding(REBIND_INTERVAL));

        awaitPortsSeenByTheServer(device, 2);
        assertThat(proxy.stats().rebinds()).isPositive();
    }

    @Test
    void rebinding_every_device_gives_each_a_new_port() throws Exception {
        ImpairmentProxy proxy = open(ImpairmentProxy.start(server.address(), LinkProfile.LOOPBACK, SEED));
        TestDevice first = open(TestDevice.talkingTo(proxy));
        TestDevice second = open(TestDevice.talkingTo(proxy));
        first.exchange(new byte[] {1});
        second.exchange(new byte[] {2});
        InetSocketAddress firstBefore = proxy.upstreamAddress(first.address()).orElseThrow();
        InetSocketAddress secondBefore = proxy.upstreamAddress(second.address()).orElseThrow();

        assertThat(proxy.rebindAll()).isEqualTo(2);

        assertThat(proxy.upstreamAddress(first.address())).get().isNotEqualTo(firstBefore);
        assertThat(proxy.upstreamAddress(second.address())).get().isNotEqualTo(secondBefore);
    }

    @Test
    void rebinding_a_device_that_never_sent_is_refused() throws Exception {
        ImpairmentProxy proxy = open(ImpairmentProxy.start(server.address(), LinkProfile.LOOPBACK, SEED));

        assertThatThrownBy(() -> proxy.rebind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 9)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void an_unreachable_upstream_does_not_stop_the_proxy() throws Exception {
        InetSocketAddress nobody;
        try (DatagramSocket gone = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            nobody = (InetSocketAddress) gone.getLocalSocketAddress();
        }
        ImpairmentProxy proxy = open(ImpairmentProxy.start(nobody, LinkProfile.LOOPBACK, SEED));
        TestDevice device = open(TestDevice.talkingTo(proxy));

        for (int i = 0; i < 5; i++) {
            device.send(new byte[] {(byte) i});
        }

        await().until(() -> proxy.stats().uplink().received() == 5 && proxy.stats().inFlight() == 0);
        DirectionStats uplink = proxy.stats().uplink();
        assertThat(uplink.forwarded() + uplink.dropped(DropReason.UNDELIVERABLE)).isEqualTo(5);
        assertThat(proxy.isOpen()).isTrue();
        proxy.setProfile(LinkProfile.LTE_M);
        assertThat(proxy.profile()).isEqualTo(LinkProfile.LTE_M);
    }

    @Test
    void close_releases_the_ports_and_the_thread() throws Exception {
        ImpairmentProxy proxy = ImpairmentProxy.start(server.address(), LinkProfile.LOOPBACK, SEED);
        TestDevice device = open(TestDevice.talkingTo(proxy));
        device.exchange(new byte[] {1});
        InetSocketAddress listening = proxy.address();
        InetSocketAddress upstreamSide = proxy.upstreamAddress(device.address()).orElseThrow();

        proxy.close();
        proxy.close();

        assertThat(proxy.isOpen()).isFalse();
        try (DatagramSocket reuse = new DatagramSocket(listening);
                DatagramSocket reuseUpstream = new DatagramSocket(upstreamSide)) {
            assertThat(reuse.getLocalPort()).isEqualTo(listening.getPort());
            assertThat(reuseUpstream.getLocalPort()).isEqualTo(upstreamSide.getPort());
        }
        assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName)
                .doesNotContain("impairment-proxy-" + listening.getPort());
        assertThatThrownBy(() -> proxy.setLinkUp(false)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void the_proxy_refuses_an_unresolved_upstream() {
        assertThatThrownBy(() -> ImpairmentProxy.start(InetSocketAddress.createUnresolved("server.invalid", 5684),
                LinkProfile.LOOPBACK, SEED)).isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * Keeps the device sending until the server has seen it come from {@code count} distinct ports. It does
     * not wait for echoes: one the server sends just as the binding moves goes to the closed old port and is
     * lost, as behind a real NAT.
     */
    private void awaitPortsSeenByTheServer(TestDevice device, int count) {
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() -> {
            device.send("ping".getBytes(UTF_8));
            return portsSeenByTheServer() >= count;
        });
    }

    private long portsSeenByTheServer() {
        return server.received().stream().map(received -> received.source().getPort()).distinct().count();
    }

    private <T extends AutoCloseable> T open(T resource) {
        resources.add(resource);
        return resource;
    }
}
