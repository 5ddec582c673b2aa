package io.cellota.device.link;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The impairments as a device and a server behind the proxy see them, over loopback. Outcomes and
 * counters only: timing is measured by the benchmarks, and tested on {@link LinkScheduler} with made-up
 * times.
 */
class LinkImpairmentIT {

    private static final long SEED = 7;

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
    void a_lossy_link_loses_some_but_not_all_and_every_datagram_is_accounted_for() throws Exception {
        ImpairmentProxy proxy = proxy(LinkProfile.LOOPBACK.withLoss(0.3));
        TestDevice device = open(TestDevice.talkingTo(proxy));

        sendNumbered(proxy, device, 200);
        awaitQuiet(proxy);

        DirectionStats uplink = proxy.stats().uplink();
        DirectionStats downlink = proxy.stats().downlink();
        assertThat(uplink.received()).isEqualTo(200);
        assertThat(uplink.dropped(DropReason.LOSS)).isPositive();
        assertThat(uplink.forwarded()).isPositive();
        assertThat(uplink.forwarded() + uplink.dropped(DropReason.LOSS)).isEqualTo(uplink.received());
        assertThat(uplink.droppedTotal()).isEqualTo(uplink.dropped(DropReason.LOSS));
        assertThat(uplink.forwardedBytes() + uplink.droppedBytes(DropReason.LOSS)).isEqualTo(200 * 4);
        assertThat(server.received()).hasSize((int) uplink.forwarded());
        assertThat(downlink.received()).isEqualTo(uplink.forwarded());
        assertThat(downlink.forwarded() + downlink.dropped(DropReason.LOSS)).isEqualTo(downlink.received());
        assertThat(downlink.dropped(DropReason.LOSS)).isPositive();
        for (long i = 0; i < downlink.forwarded(); i++) {
            assertThat(device.receive()).hasSize(4);
        }
    }

    @Test
    void the_same_seed_loses_the_same_datagrams() throws Exception {
        List<Integer> first = numbersThroughLossyLink();
        server.close();
        server = open(EchoServer.start());

        List<Integer> second = numbersThroughLossyLink();

        assertThat(second).isEqualTo(first).hasSizeLessThan(100);
    }

    @Test
    void a_datagram_above_the_mtu_is_dropped_and_counted_and_the_next_passes() throws Exception {
        ImpairmentProxy proxy = proxy(LinkProfile.LOOPBACK.withMtu(200));
        TestDevice device = open(TestDevice.talkingTo(proxy));

        device.send(new byte[173]);
        device.send(new byte[65_507]);

        assertThat(device.exchange(new byte[172])).hasSize(172);
        DirectionStats uplink = proxy.stats().uplink();
        assertThat(uplink.dropped(DropReason.MTU)).isEqualTo(2);
        assertThat(uplink.droppedBytes(DropReason.MTU)).isEqualTo(173 + 65_507);
        assertThat(uplink.forwarded()).isEqualTo(1);
    }

    @Test
    void a_link_taken_down_drops_both_ways_and_forwards_again_once_up() throws Exception {
        ImpairmentProxy proxy = proxy(LinkProfile.LOOPBACK);
        TestDevice device = open(TestDevice.talkingTo(proxy));
        device.exchange("hello".getBytes(UTF_8));

        proxy.setLinkUp(false);
        device.send("lost up".getBytes(UTF_8));
        server.sendTo(proxy.upstreamAddress(device.address()).orElseThrow(), "lost down".getBytes(UTF_8));
        awaitUntil(() -> proxy.stats().uplink().dropped(DropReason.BLACKOUT) == 1
                && proxy.stats().downlink().dropped(DropReason.BLACKOUT) == 1);
        proxy.setLinkUp(true);

        assertThat(device.exchange("back".getBytes(UTF_8))).asString(UTF_8).isEqualTo("back");
        assertThat(server.received()).extracting(received -> new String(received.payload(), UTF_8))
                .containsExactly("hello", "back");
    }

    @Test
    void a_blackout_ends_by_itself() throws Exception {
        ImpairmentProxy proxy = proxy(LinkProfile.LOOPBACK);
        TestDevice device = open(TestDevice.talkingTo(proxy));

        proxy.blackout(Duration.ofSeconds(3));

        assertThat(proxy.linkUp()).isFalse();
        awaitUntil(proxy::linkUp);
        assertThat(device.exchange("after".getBytes(UTF_8))).asString(UTF_8).isEqualTo("after");
    }

    @Test
    void a_new_profile_applies_to_the_next_datagram() throws Exception {
        ImpairmentProxy proxy = proxy(LinkProfile.LOOPBACK);
        TestDevice device = open(TestDevice.talkingTo(proxy));
        device.exchange(new byte[] {1});

        proxy.setProfile(LinkProfile.LOOPBACK.withLoss(0.0, 1.0));
        device.send(new byte[] {2});
        awaitUntil(() -> proxy.stats().uplink().dropped(DropReason.LOSS) == 1);
        proxy.setProfile(LinkProfile.LOOPBACK);

        assertThat(device.exchange(new byte[] {3})).containsExactly(3);
    }

    @Test
    void duplicates_are_delivered_and_counted_apart_from_the_originals() throws Exception {
        ImpairmentProxy proxy = proxy(LinkProfile.LOOPBACK.withUplink(PathProfile.UNIMPAIRED.withDuplicate(1.0)));
        TestDevice device = open(TestDevice.talkingTo(proxy));

        device.send("twice".getBytes(UTF_8));

        assertThat(device.receive()).asString(UTF_8).isEqualTo("twice");
        assertThat(device.receive()).asString(UTF_8).isEqualTo("twice");
        awaitQuiet(proxy);
        DirectionStats uplink = proxy.stats().uplink();
        assertThat(uplink.forwarded()).isEqualTo(1);
        assertThat(uplink.duplicated()).isEqualTo(1);
        assertThat(uplink.deliveredBytes()).isEqualTo(10);
        assertThat(proxy.stats().downlink().received()).isEqualTo(2);
    }

    @Test
    void a_reordered_datagram_arrives_after_its_successor() throws Exception {
        PathProfile reordering = PathProfile.UNIMPAIRED.withDelay(Duration.ofSeconds(2)).withReorder(1.0);
        ImpairmentProxy proxy = proxy(LinkProfile.LOOPBACK.withUplink(reordering));
        TestDevice device = open(TestDevice.talkingTo(proxy));

        device.send("first".getBytes(UTF_8));
        device.send("second".getBytes(UTF_8));

        awaitUntil(() -> server.received().size() == 2);
        assertThat(server.received()).extracting(received -> new String(received.payload(), UTF_8))
                .containsExactly("second", "first");
    }

    private List<Integer> numbersThroughLossyLink() throws Exception {
        try (ImpairmentProxy proxy = ImpairmentProxy.start(server.address(), LinkProfile.LOOPBACK.withLoss(0.3), SEED);
                TestDevice device = TestDevice.talkingTo(proxy)) {
            sendNumbered(proxy, device, 100);
            awaitQuiet(proxy);
            return server.received().stream().map(received -> ByteBuffer.wrap(received.payload()).getInt()).toList();
        }
    }

    /** Sends {@code count} four-byte sequence numbers in small batches, so no socket buffer overflows. */
    private static void sendNumbered(ImpairmentProxy proxy, TestDevice device, int count) {
        for (int i = 0; i < count; i++) {
            device.send(ByteBuffer.allocate(4).putInt(i).array());
            if (i % 20 == 19) {
                int sent = i + 1;
                awaitUntil(() -> proxy.stats().uplink().received() == sent);
            }
        }
    }

    /** Waits until every datagram sent so far has been echoed and nothing is left on the link. */
    private void awaitQuiet(ImpairmentProxy proxy) {
        awaitUntil(() -> {
            LinkStats stats = proxy.stats();
            return stats.inFlight() == 0
                    && server.received().size() == stats.uplink().delivered()
                    && stats.downlink().received() == stats.uplink().delivered();
        });
    }

    private static void awaitUntil(BooleanSupplier condition) {
        patiently().until(condition::getAsBoolean);
    }

    private static ConditionFactory patiently() {
        return await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(5));
    }

    private ImpairmentProxy proxy(LinkProfile profile) throws Exception {
        return open(ImpairmentProxy.start(server.address(), profile, SEED));
    }

    private <T extends AutoCloseable> T open(T resource) {
        resources.add(resource);
        return resource;
    }
}
