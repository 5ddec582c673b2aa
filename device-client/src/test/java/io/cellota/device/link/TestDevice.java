package io.cellota.device.link;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Arrays;

/** A device's UDP socket on an ephemeral loopback port that talks to one proxy. */
final class TestDevice implements AutoCloseable {

    private static final Duration RECEIVE_DEADLINE = Duration.ofSeconds(10);

    private final DatagramSocket socket;
    private final InetSocketAddress proxy;

    private TestDevice(InetSocketAddress proxy) throws SocketException {
        this.proxy = proxy;
        this.socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        this.socket.setSoTimeout((int) RECEIVE_DEADLINE.toMillis());
        this.socket.setReceiveBufferSize(1 << 20);
    }

    static TestDevice talkingTo(ImpairmentProxy proxy) throws SocketException {
        return new TestDevice(proxy.address());
    }

    /** A device that sends to {@code proxy}, wherever it runs (e.g. in a {@code cellota link} process). */
    static TestDevice talkingTo(InetSocketAddress proxy) throws SocketException {
        return new TestDevice(proxy);
    }

    InetSocketAddress address() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    void send(byte[] payload) {
        try {
            socket.send(new DatagramPacket(payload, payload.length, proxy));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The next datagram from the proxy; fails the test if none comes within the deadline. */
    byte[] receive() {
        byte[] buffer = new byte[65_536];
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        try {
            socket.receive(packet);
        } catch (SocketTimeoutException e) {
            throw new AssertionError("no datagram within " + RECEIVE_DEADLINE, e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Arrays.copyOf(packet.getData(), packet.getLength());
    }

    /** Sends {@code payload} and returns the echo. */
    byte[] exchange(byte[] payload) {
        send(payload);
        return receive();
    }

    @Override
    public void close() {
        socket.close();
    }
}
