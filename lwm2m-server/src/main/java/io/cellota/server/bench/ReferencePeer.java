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
 *
 * <p>libcoap 4.3.1's server forgets a block-wise body {@link #SERVER_BODY_LIFETIME 93 s} after sending its first
 * block however busy the transfer is (it refreshes that state only inside Q-Block bursts), and its client then
 * stops. A lockstep transfer longer than that is therefore fetched in segments: each client run is stopped by its
 * own {@code -B} limit before the server forgets the body; the rest of the image, from the first byte not yet
 * received, is then put as a new resource (on loopback, untimed) and fetched by the next run. The time is the sum
 * of the client runs; every run is lockstep, so the segments only add a process start and one first exchange
 * each.
 */
final class ReferencePeer {

    private static final List<String> SERVERS = List.of("coap-server-notls", "coap-server");
    private static final List<String> CLIENTS = List.of("coap-client-notls", "coap-client");

    /** How long libcoap 4.3.1's server keeps a block-wise body: MAX_TRANSMIT_WAIT with RFC 7252's timing. */
    static final Duration SERVER_BODY_LIFETIME = Duration.ofSeconds(93);

    /** A client run's limit, well inside {@link #SERVER_BODY_LIFETIME}. */
    static final Duration SEGMENT = Duration.ofSeconds(80);

    private static final int MAX_SEGMENTS = 64;

    /** What one libcoap download measured: its time, the proxy's counts, and the client runs it took. */
    record Measurement(double seconds, LinkStats transfer, int segments) {
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
     * Serves {@code image} from coap-server and fetches it through a proxy of {@code profile} with coap-client, in
     * client runs of at most {@code segment} (see the class comment); {@code patience} bounds the whole download.
     *
     * @throws IOException when coap-client fails, makes no progress, runs out of patience, or fetches something
     *                     else
     */
    Measurement run(byte[] image, String path, LinkProfile profile, long seed, Path dir, Duration patience,
                    Duration segment) throws Exception {
        Files.createDirectories(dir);
        int port = freeUdpPort();
        Process coapServer = new ProcessBuilder(server.toString(), "-A", "127.0.0.1", "-p", Integer.toString(port),
                "-d", Integer.toString(MAX_SEGMENTS), "-v", "0").redirectErrorStream(true)
                .redirectOutput(dir.resolve("server.log").toFile()).start();
        try (ImpairmentProxy proxy = ImpairmentProxy.start(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), port), profile, seed)) {
            int received = 0;
            double seconds = 0;
            int segments = 0;
            while (received < image.length) {
                if (segments == MAX_SEGMENTS || seconds >= patience.toSeconds()) {
                    throw new IOException(String.format(Locale.ROOT, "coap-client had %d of %d bytes after %d runs "
                            + "and %.0f s (patience %d s); see %s", received, image.length, segments, seconds,
                            patience.toSeconds(), dir));
                }
                String resource = segments == 0 ? path : path + "-from-" + received;
                Path rest = dir.resolve("put-" + seed + "-" + segments + ".bin");
                Files.write(rest, Arrays.copyOfRange(image, received, image.length));
                exec(dir, 60, true, client.toString(), "-m", "put", "-b", "1024", "-f", rest.toString(),
                        "coap://127.0.0.1:" + port + "/" + resource);
                Path out = dir.resolve("fetched-" + seed + "-" + segments + ".bin");
                Files.deleteIfExists(out);
                long limit = Math.max(1, Math.min(segment.toSeconds(), patience.toSeconds() - (long) seconds));
                long start = System.nanoTime();
                exec(dir, limit + 30, false, client.toString(), "-b", "1024", "-B", Long.toString(limit), "-o",
                        out.toString(), "coap://127.0.0.1:" + proxy.address().getPort() + "/" + resource);
                seconds += (System.nanoTime() - start) / 1e9;
                segments++;
                byte[] fetched = Files.exists(out) ? Files.readAllBytes(out) : new byte[0];
                if (fetched.length == 0 || received + fetched.length > image.length
                        || !Arrays.equals(fetched, 0, fetched.length, image, received, received + fetched.length)) {
                    throw new IOException(String.format(Locale.ROOT, "coap-client run %d fetched %d bytes that are "
                            + "not the image's from byte %d on (%d bytes in all); see %s", segments, fetched.length,
                            received, image.length, dir));
                }
                received += fetched.length;
            }
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (proxy.stats().inFlight() > 0 && System.nanoTime() < until) {
                Thread.sleep(5);
            }
            return new Measurement(seconds, proxy.stats(), segments);
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
