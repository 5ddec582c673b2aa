package io.cellota.device.lwm2m;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The fleet's datagram loop over loopback channels: who gets which datagram, what is dropped, and its lifecycle. */
class DatagramLoopTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final InetSocketAddress LOOPBACK = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

    /** A datagram as a receiver saw it, copied out of the loop's buffer. */
    private record Seen(String text, InetSocketAddress source, String thread) {
        static Seen of(DatagramPacket p) {
            return new Seen(new String(p.getData(), p.getOffset(), p.getLength(), US_ASCII),
                    (InetSocketAddress) p.getSocketAddress(), Thread.currentThread().getName());
        }
    }

    private final List<AutoCloseable> closing = new ArrayList<>();

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

    private DatagramLoop loop(int threads, int maxDatagramSize) throws IOException {
        return closing(DatagramLoop.start("test-datagrams", threads, maxDatagramSize));
    }

    private static DatagramChannel bound() throws IOException {
        DatagramChannel channel = DatagramLoop.openChannel(LOOPBACK);
        channel.bind(LOOPBACK);
        return channel;
    }

    private DatagramChannel peer() throws IOException {
        return closing(DatagramChannel.open().bind(LOOPBACK));
    }

    private static void send(DatagramChannel from, String text, DatagramChannel to) throws IOException {
        from.send(ByteBuffer.wrap(text.getBytes(US_ASCII)), to.getLocalAddress());
    }

    @Test
    void each_datagram_reaches_the_receiver_of_the_channel_it_arrived_on_with_its_source() throws Exception {
        DatagramLoop loop = loop(1, 2048);
        BlockingQueue<Seen> first = new LinkedBlockingQueue<>();
        BlockingQueue<Seen> second = new LinkedBlockingQueue<>();
        DatagramChannel a = bound();
        DatagramChannel b = bound();
        closing(loop.register(a, p -> first.add(Seen.of(p))));
        closing(loop.register(b, p -> second.add(Seen.of(p))));
        DatagramChannel peer = peer();

        send(peer, "to a", a);
        send(peer, "to b", b);
        send(peer, "to a again", a);

        await().atMost(WAIT).until(() -> first.size() == 2 && second.size() == 1);
        assertThat(first).extracting(Seen::text).containsExactly("to a", "to a again");
        assertThat(second).extracting(Seen::text).containsExactly("to b");
        assertThat(first.peek().source()).isEqualTo(peer.getLocalAddress());
        assertThat(first.peek().thread()).isEqualTo("test-datagrams-1");
        assertThat(loop.counters().received()).isEqualTo(3);
        assertThat(loop.channels()).isEqualTo(2);
    }

    @Test
    void a_datagram_longer_than_the_largest_is_dropped_and_counted_and_the_largest_passes() throws Exception {
        DatagramLoop loop = loop(1, 8);
        BlockingQueue<Seen> seen = new LinkedBlockingQueue<>();
        DatagramChannel channel = bound();
        closing(loop.register(channel, p -> seen.add(Seen.of(p))));
        DatagramChannel peer = peer();

        send(peer, "123456789", channel);
        send(peer, "12345678", channel);
        send(peer, "", channel);

        await().atMost(WAIT).until(() -> seen.size() == 2);
        assertThat(seen).extracting(Seen::text).containsExactly("12345678", "");
        assertThat(loop.counters()).isEqualTo(new DatagramLoop.Counters(3, 1, 0, 0));
    }

    @Test
    void a_receiver_that_throws_is_counted_and_the_loop_carries_on() throws Exception {
        DatagramLoop loop = loop(1, 64);
        BlockingQueue<Seen> seen = new LinkedBlockingQueue<>();
        DatagramChannel channel = bound();
        closing(loop.register(channel, p -> {
            if (Seen.of(p).text().equals("bad")) {
                throw new IllegalStateException("a bug in a connector");
            }
            seen.add(Seen.of(p));
        }));
        DatagramChannel peer = peer();

        send(peer, "bad", channel);
        send(peer, "good", channel);

        await().atMost(WAIT).until(() -> seen.size() == 1);
        assertThat(seen.peek().text()).isEqualTo("good");
        assertThat(loop.counters().receiverFailures()).isEqualTo(1);
    }

    @Test
    void receivers_get_one_reused_buffer_so_they_must_copy_what_they_keep() throws Exception {
        DatagramLoop loop = loop(1, 64);
        BlockingQueue<byte[]> buffers = new LinkedBlockingQueue<>();
        DatagramChannel channel = bound();
        closing(loop.register(channel, p -> buffers.add(p.getData())));
        DatagramChannel peer = peer();

        send(peer, "one", channel);
        send(peer, "two", channel);

        await().atMost(WAIT).until(() -> buffers.size() == 2);
        assertThat(buffers.poll()).isSameAs(buffers.poll());
    }

    @Test
    void channels_are_spread_over_the_threads_and_a_closed_registration_frees_its_port() throws Exception {
        DatagramLoop loop = loop(2, 64);
        BlockingQueue<Seen> seen = new LinkedBlockingQueue<>();
        List<DatagramChannel> channels = new ArrayList<>();
        List<DatagramLoop.Registration> registrations = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            DatagramChannel channel = bound();
            channels.add(channel);
            registrations.add(closing(loop.register(channel, p -> seen.add(Seen.of(p)))));
        }
        DatagramChannel peer = peer();
        for (DatagramChannel channel : channels) {
            send(peer, "hello", channel);
        }
        await().atMost(WAIT).until(() -> seen.size() == 4);
        Set<String> threads = seen.stream().map(Seen::thread).collect(Collectors.toSet());
        assertThat(threads).containsExactlyInAnyOrder("test-datagrams-1", "test-datagrams-2");

        InetSocketAddress port = (InetSocketAddress) channels.get(0).getLocalAddress();
        registrations.get(0).close();

        assertThat(channels.get(0).isOpen()).isFalse();
        assertThat(loop.channels()).isEqualTo(3);
        await().atMost(WAIT).ignoreExceptions().until(() -> {
            try (DatagramChannel again = DatagramChannel.open().bind(port)) {
                return again.isOpen();
            }
        });
    }

    @Test
    void closing_the_loop_closes_the_channels_left_on_it_and_ends_its_threads() throws Exception {
        DatagramLoop loop = DatagramLoop.start("closing-datagrams", 2, 64);
        DatagramChannel channel = bound();
        loop.register(channel, p -> { });

        loop.close();

        assertThat(channel.isOpen()).isFalse();
        assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName)
                .noneMatch(name -> name.startsWith("closing-datagrams"));
        assertThatThrownBy(() -> loop.register(bound(), p -> { })).isInstanceOf(IOException.class)
                .hasMessageContaining("closed");
    }

    @Test
    void only_non_blocking_channels_are_taken() throws Exception {
        DatagramLoop loop = loop(1, 64);
        DatagramChannel blocking = peer();

        assertThatThrownBy(() -> loop.register(blocking, p -> { })).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DatagramLoop.start("none", 0, 64)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void a_send_goes_straight_out_from_the_callers_thread() throws Exception {
        DatagramLoop loop = loop(1, 64);
        DatagramChannel channel = bound();
        closing(loop.register(channel, p -> { }));
        DatagramChannel peer = peer();
        ByteBuffer datagram = ByteBuffer.wrap("ping".getBytes(US_ASCII));

        boolean sent = loop.send(channel, datagram, (InetSocketAddress) peer.getLocalAddress());

        ByteBuffer in = ByteBuffer.allocate(64);
        assertThat(peer.receive(in)).isEqualTo(channel.getLocalAddress());
        assertThat(sent).isTrue();
        assertThat(Arrays.copyOf(in.array(), in.position())).asString(US_ASCII).isEqualTo("ping");
        assertThat(loop.counters().sendsDropped()).isZero();
    }

    @Test
    void a_send_on_a_closed_channel_fails() throws Exception {
        DatagramLoop loop = loop(1, 64);
        DatagramChannel channel = bound();
        loop.register(channel, p -> { }).close();

        assertThatThrownBy(() -> loop.send(channel, ByteBuffer.allocate(1), (InetSocketAddress) peer().getLocalAddress()))
                .isInstanceOf(IOException.class);
    }
}
