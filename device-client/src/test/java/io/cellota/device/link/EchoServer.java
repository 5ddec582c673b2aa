package io.cellota.device.link;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A UDP server on an ephemeral loopback port that echoes every datagram and remembers who sent what. */
final class EchoServer implements AutoCloseable {

    /** One datagram as the server received it. */
    record Received(InetSocketAddress source, byte[] payload) {}

    private final DatagramSocket socket;
    private final Thread thread;
    private final List<Received> received = new CopyOnWriteArrayList<>();

    private EchoServer() throws SocketException {
        socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        thread = new Thread(this::echo, "echo-server-" + socket.getLocalPort());
        thread.setDaemon(true);
    }

    static EchoServer start() throws SocketException {
        EchoServer server = new EchoServer();
        server.thread.start();
        return server;
    }

    InetSocketAddress address() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    /** Everything received so far, in arrival order. */
    List<Received> received() {
        return List.copyOf(received);
    }

    /** Sends {@code payload} to {@code target}, as a server pushing to a device would. */
    void sendTo(InetSocketAddress target, byte[] payload) {
        try {
            socket.send(new DatagramPacket(payload, payload.length, target));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        socket.close();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void echo() {
        byte[] buffer = new byte[65_536];
        while (!socket.isClosed()) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(packet);
                byte[] payload = Arrays.copyOf(packet.getData(), packet.getLength());
                received.add(new Received((InetSocketAddress) packet.getSocketAddress(), payload));
                socket.send(new DatagramPacket(payload, payload.length, packet.getSocketAddress()));
            } catch (IOException e) {
                return;
            }
        }
    }
}
