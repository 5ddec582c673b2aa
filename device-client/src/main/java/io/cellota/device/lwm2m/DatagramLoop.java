package io.cellota.device.lwm2m;

import java.io.Closeable;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.UnsupportedAddressTypeException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The datagram I/O of a whole fleet on a fixed number of threads: each thread owns a selector over the
 * non-blocking {@link DatagramChannel}s of the device connectors registered with it, reads every datagram into
 * one buffer it reuses, and hands it to the channel's {@link Receiver}. Sends do not pass through the loop: the
 * caller writes to the non-blocking channel itself and never waits; when the kernel's send buffer is full the
 * datagram is dropped and counted, as UDP may drop it anywhere on the way ({@link #send}).
 *
 * <p>Datagrams longer than {@code maxDatagramSize} are dropped and counted before any receiver sees them; a
 * receiver applies its own, smaller, limit. A receiver runs on a loop thread, so it must hand real work to
 * another executor (Californium and Scandium do: they only parse here, then queue).
 */
final class DatagramLoop implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DatagramLoop.class);
    /** Datagrams read from one channel before the loop turns to the next, so one busy device cannot starve. */
    private static final int BURST = 16;
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

    /** Takes one datagram, on a loop thread; must not keep the packet or its buffer once it returns. */
    @FunctionalInterface
    interface Receiver {
        void received(DatagramPacket datagram);
    }

    /** A channel on the loop. Closing it closes the channel and wakes the loop, which releases the port. */
    interface Registration extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * What the loop has done since it started.
     *
     * @param received         datagrams read
     * @param oversized        of those, dropped for being longer than the loop's largest datagram
     * @param receiverFailures of those, whose receiver threw
     * @param sendsDropped     datagrams not sent because the kernel's send buffer was full
     */
    record Counters(long received, long oversized, long receiverFailures, long sendsDropped) {
    }

    private final Selector[] selectors;
    private final Thread[] threads;
    private final int maxDatagramSize;
    private final AtomicInteger next = new AtomicInteger();
    private final LongAdder received = new LongAdder();
    private final LongAdder oversized = new LongAdder();
    private final LongAdder receiverFailures = new LongAdder();
    private final LongAdder sendsDropped = new LongAdder();
    private volatile boolean open = true;

    private DatagramLoop(String name, int threadCount, int maxDatagramSize) throws IOException {
        this.maxDatagramSize = maxDatagramSize;
        this.selectors = new Selector[threadCount];
        this.threads = new Thread[threadCount];
        for (int i = 0; i < threadCount; i++) {
            selectors[i] = Selector.open();
            Selector selector = selectors[i];
            threads[i] = new Thread(() -> run(selector), name + "-" + (i + 1));
            threads[i].setDaemon(true);
        }
    }

    /**
     * Starts {@code threadCount} loop threads named {@code name-1}, {@code name-2}, ….
     *
     * @param maxDatagramSize the longest datagram any receiver accepts; each thread has a buffer one byte longer
     */
    static DatagramLoop start(String name, int threadCount, int maxDatagramSize) throws IOException {
        if (threadCount < 1 || maxDatagramSize < 1) {
            throw new IllegalArgumentException("a loop needs a thread and room for a datagram");
        }
        DatagramLoop loop = new DatagramLoop(name, threadCount, maxDatagramSize);
        for (Thread t : loop.threads) {
            t.start();
        }
        return loop;
    }

    /**
     * An unbound non-blocking channel of the family {@code bindAddress} asks for; a wildcard address gets the
     * JDK's default (dual-stack where IPv6 is available), as a {@code java.net.DatagramSocket} does.
     */
    static DatagramChannel openChannel(InetSocketAddress bindAddress) throws IOException {
        InetAddress address = bindAddress.getAddress();
        DatagramChannel channel = address.isAnyLocalAddress() ? DatagramChannel.open() : DatagramChannel.open(
                address instanceof Inet4Address ? StandardProtocolFamily.INET : StandardProtocolFamily.INET6);
        try {
            channel.configureBlocking(false);
            return channel;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** Reads {@code channel} (bound, non-blocking) on one of the loop's threads from now on. */
    Registration register(DatagramChannel channel, Receiver receiver) throws IOException {
        if (channel.isBlocking()) {
            throw new IllegalArgumentException("the loop reads non-blocking channels only");
        }
        if (!open) {
            throw new IOException("the datagram loop is closed");
        }
        Selector selector = selectors[Math.floorMod(next.getAndIncrement(), selectors.length)];
        try {
            channel.register(selector, SelectionKey.OP_READ, receiver);
        } catch (ClosedSelectorException e) {
            throw new IOException("the datagram loop is closed", e);
        }
        selector.wakeup();
        return () -> {
            closeQuietly(channel);
            selector.wakeup();
        };
    }

    /**
     * Sends {@code datagram} to {@code destination} now, without blocking.
     *
     * @return whether the kernel took it; when its send buffer is full the datagram is dropped and counted
     * @throws IOException if the channel is closed or cannot reach that kind of address
     */
    boolean send(DatagramChannel channel, ByteBuffer datagram, InetSocketAddress destination) throws IOException {
        try {
            if (channel.send(datagram, destination) == 0 && datagram.hasRemaining()) {
                sendsDropped.increment();
                return false;
            }
            return true;
        } catch (UnsupportedAddressTypeException e) {
            throw new IOException("cannot send to " + destination + " from " + channel.getLocalAddress(), e);
        }
    }

    Counters counters() {
        return new Counters(received.sum(), oversized.sum(), receiverFailures.sum(), sendsDropped.sum());
    }

    /** The channels registered and still open, on all threads. */
    int channels() {
        int n = 0;
        for (Selector selector : selectors) {
            try {
                n += (int) selector.keys().stream().filter(k -> k.channel().isOpen()).count();
            } catch (ClosedSelectorException e) {
                // closed: none
            }
        }
        return n;
    }

    /** Stops the threads; channels still registered are closed. */
    @Override
    public void close() {
        open = false;
        for (Selector selector : selectors) {
            selector.wakeup();
        }
        for (Thread t : threads) {
            if (t != Thread.currentThread()) {
                try {
                    t.join(CLOSE_WAIT.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void run(Selector selector) {
        byte[] buffer = new byte[maxDatagramSize + 1];
        ByteBuffer in = ByteBuffer.wrap(buffer);
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        try {
            while (open) {
                selector.select(key -> readable(key, in, packet));
            }
        } catch (IOException | RuntimeException e) {
            LOG.error("{} stopped: its selector failed", Thread.currentThread().getName(), e);
        } finally {
            closeAll(selector);
        }
    }

    private void readable(SelectionKey key, ByteBuffer in, DatagramPacket packet) {
        DatagramChannel channel = (DatagramChannel) key.channel();
        Receiver receiver = (Receiver) key.attachment();
        for (int i = 0; i < BURST && key.isValid(); i++) {
            in.clear();
            SocketAddress source;
            try {
                source = channel.receive(in);
            } catch (IOException e) {
                if (channel.isOpen()) {
                    LOG.debug("reading {} failed; carrying on", channel, e);
                }
                return;
            }
            if (source == null) {
                return;
            }
            received.increment();
            if (in.position() > maxDatagramSize) {
                oversized.increment();
                continue;
            }
            packet.setData(in.array(), 0, in.position());
            packet.setSocketAddress(source);
            try {
                receiver.received(packet);
            } catch (RuntimeException e) {
                receiverFailures.increment();
                LOG.warn("the receiver of {} failed; carrying on", channel, e);
            }
        }
    }

    private static void closeAll(Selector selector) {
        try {
            List.copyOf(selector.keys()).forEach(key -> closeQuietly(key.channel()));
        } catch (ClosedSelectorException e) {
            // closed already: so are its channels' registrations
        }
        closeQuietly(selector);
    }

    private static void closeQuietly(Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException e) {
            LOG.debug("closing {} failed", closeable, e);
        }
    }
}
