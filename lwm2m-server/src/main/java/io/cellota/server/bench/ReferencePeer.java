package io.cellota.server.bench;

import io.cellota.device.link.ImpairmentProxy;
import io.cellota.device.link.LinkProfile;
import io.cellota.device.link.LinkStats;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Scenario 4, the reference peer: the same image fetched by libcoap's {@code coap-client} from libcoap's
 * {@code coap-server} (Debian's {@code libcoap3-bin}, the builds without DTLS: {@code coap-client-notls} and
 * {@code coap-server-notls}) over the same impairment proxy, profile and seed as ours. The image is first put into
 * the server as a dynamic resource ({@code coap-server -d}, then {@code coap-client -m put}) on loopback, not
 * through the proxy; then {@code coap-client -b 1024} fetches it through the proxy, which is lockstep Block2 (one
 * block in flight) with 1024-byte blocks, plain CoAP. The time is the client process's, from its start to its
 * exit; the bytes are the proxy's. The output is compared with the image.
 */
final class ReferencePeer {

    private static final List<String> SERVERS = List.of("coap-server-notls", "coap-server");
    private static final List<String> CLIENTS = List.of("coap-client-notls", "coap-client");

    /** What one libcoap download measured. */
    record Measurement(double seconds, LinkStats transfer) {
    }

    private final Path server;
    private final Path client;

    private ReferencePeer(Path server, Path client) {
        this.server = server;
        this.client = client;
    }

    /** libcoap's programs when they are on the PATH. */
    static Optional<ReferencePeer> find() {
        Optional<Path> server = onPath(SERVERS);
        Optional<Path> client = onPath(CLIENTS);
        return server.isPresent() && client.isPresent() ? Optional.of(new ReferencePeer(server.get(), client.get()))
                : Optional.empty();
    }

    String describe() {
        return client.getFileName() + " and " + server.getFileName();
    }

    /**
     * Serves {@code image} from coap-server, fetches it through a proxy of {@code profile} with coap-client, and
     * gives the client {@code patience} before it fails the run (libcoap's {@code -B}).
     *
     * @throws IOException when coap-client fails, does not finish in time, or fetches something else
     */
    Measurement run(byte[] image, String path, LinkProfile profile, long seed, Path dir, Duration patience)
            throws Exception {
        Files.createDirectories(dir);
        Path file = dir.resolve("image.bin");
        Path out = dir.resolve("fetched-" + seed + ".bin");
        Files.write(file, image);
        Files.deleteIfExists(out);
        int port = freeUdpPort();
        Process coapServer = new ProcessBuilder(server.toString(), "-A", "127.0.0.1", "-p", Integer.toString(port),
                "-d", "4", "-v", "0").redirectErrorStream(true).redirectOutput(dir.resolve("server.log").toFile())
                .start();
        try {
            String direct = "coap://127.0.0.1:" + port + "/" + path;
            exec(dir, 60, true, client.toString(), "-m", "put", "-b", "1024", "-f", file.toString(), direct);
            InetSocketAddress upstream = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
            try (ImpairmentProxy proxy = ImpairmentProxy.start(upstream, profile, seed)) {
                String via = "coap://127.0.0.1:" + proxy.address().getPort() + "/" + path;
                long start = System.nanoTime();
                long wait = patience.toSeconds();
                exec(dir, wait + 30, false, client.toString(), "-b", "1024", "-B", Long.toString(wait), "-o",
                        out.toString(), via);
                double seconds = (System.nanoTime() - start) / 1e9;
                byte[] fetched = Files.exists(out) ? Files.readAllBytes(out) : new byte[0];
                if (!Arrays.equals(fetched, image)) {
                    throw new IOException(String.format(Locale.ROOT, "coap-client ended after %.0f s with %d of %d "
                            + "bytes (its -B limit is %d s); see %s", seconds, fetched.length, image.length, wait,
                            dir));
                }
                long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (proxy.stats().inFlight() > 0 && System.nanoTime() < until) {
                    Thread.sleep(5);
                }
                return new Measurement(seconds, proxy.stats());
            }
        } finally {
            coapServer.destroy();
            coapServer.waitFor(5, TimeUnit.SECONDS);
        }
    }

    /** Runs {@code command}, its output appended to the client log; {@code checkExit}: a non-zero exit fails. */
    private static void exec(Path dir, long timeoutSeconds, boolean checkExit, String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("client.log").toFile())).start();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            throw new IOException(command[0] + " did not finish in " + timeoutSeconds + " s; see " + dir);
        }
        if (checkExit && process.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " exited with " + process.exitValue() + "; see " + dir);
        }
    }

    private static int freeUdpPort() throws IOException {
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static Optional<Path> onPath(List<String> names) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String name : names) {
            for (String dir : path.split(java.io.File.pathSeparator)) {
                Path candidate = Path.of(dir, name);
                if (Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }
}
