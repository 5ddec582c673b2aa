package io.cellota.server.fileserver;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy for tests on an ephemeral loopback port that cuts the first connection after {@code cutAfter}
 * bytes from the server (a radio link lost mid-body) and passes later ones whole. It keeps the start of what
 * each connection sent each way, for assertions on requests and status lines.
 */
final class CuttingProxy implements AutoCloseable {

    /** One connection: the first bytes the client sent and the first bytes the server answered. */
    record Connection(ByteArrayOutputStream request, ByteArrayOutputStream response) {
        String requestText() {
            synchronized (request) {
                return request.toString(StandardCharsets.ISO_8859_1);
            }
        }

        String statusLine() {
            synchronized (response) {
                String text = response.toString(StandardCharsets.ISO_8859_1);
                int end = text.indexOf("\r\n");
                return end < 0 ? text : text.substring(0, end);
            }
        }
    }

    private static final int KEPT = 4096;

    private final ServerSocket listener;
    private final InetSocketAddress upstream;
    private final long cutAfter;
    private final List<Connection> connections = new CopyOnWriteArrayList<>();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    CuttingProxy(InetSocketAddress upstream, long cutAfter) throws IOException {
        this.upstream = upstream;
        this.cutAfter = cutAfter;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "cutting-proxy");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return listener.getLocalPort();
    }

    List<Connection> connections() {
        return List.copyOf(connections);
    }

    @Override
    public void close() throws IOException {
        listener.close();
        for (Socket socket : sockets) {
            socket.close();
        }
    }

    private void accept() {
        try {
            while (true) {
                Socket client = listener.accept();
                Socket server = new Socket(upstream.getAddress(), upstream.getPort());
                sockets.add(client);
                sockets.add(server);
                Connection connection = new Connection(new ByteArrayOutputStream(), new ByteArrayOutputStream());
                long limit = connections.isEmpty() ? cutAfter : Long.MAX_VALUE;
                connections.add(connection);
                pump(client, server, connection.request(), Long.MAX_VALUE);
                pump(server, client, connection.response(), limit);
            }
        } catch (IOException closed) {
            // the proxy was closed
        }
    }

    /** Copies {@code from} to {@code to} until either ends or {@code limit} bytes passed; then closes both. */
    private static void pump(Socket from, Socket to, ByteArrayOutputStream kept, long limit) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[8192];
            long passed = 0;
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int read;
                while (passed < limit && (read = in.read(buffer, 0, (int) Math.min(buffer.length, limit - passed))) >= 0) {
                    synchronized (kept) {
                        if (kept.size() < KEPT) {
                            kept.write(buffer, 0, Math.min(read, KEPT - kept.size()));
                        }
                    }
                    out.write(buffer, 0, read);
                    out.flush();
                    passed += read;
                }
            } catch (IOException ended) {
                // one side went away
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "cutting-proxy-pump");
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
