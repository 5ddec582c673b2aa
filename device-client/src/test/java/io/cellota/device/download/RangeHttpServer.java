package io.cellota.device.download;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;

/**
 * A JDK HTTP(S) file server for tests on an ephemeral loopback port, serving byte arrays at {@code /fw/<name>}
 * with a strong ETag and {@code Range: bytes=N-} / {@code If-Range} support (RFC 9110 §14.2, §13.1.5): 206
 * with Content-Range when the range applies, 200 with the whole body when If-Range no longer matches. Content
 * can change at any time; a hook decides per request whether to serve it, answer a status, or drop the
 * connection after some bytes of the body.
 */
public final class RangeHttpServer implements AutoCloseable {

    /** One GET as the server saw it. */
    public record Seen(String path, Optional<String> range, Optional<String> ifRange) {
    }

    /**
     * What the server does with a request: serve it, answer {@code status}, cut the connection after
     * {@code bytes} of the body, or send {@code bytes} and then stall until the server closes.
     */
    public record Reaction(Kind kind, int status, long bytes) {
        public enum Kind { SERVE, STATUS, CUT, STALL }

        public static final Reaction SERVE = new Reaction(Kind.SERVE, 0, 0);

        public static Reaction status(int status) {
            return new Reaction(Kind.STATUS, status, 0);
        }

        public static Reaction cutAfter(long bytes) {
            return new Reaction(Kind.CUT, 0, bytes);
        }

        public static Reaction stallAfter(long bytes) {
            return new Reaction(Kind.STALL, 0, bytes);
        }
    }

    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-");

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final Map<String, byte[]> files = new ConcurrentHashMap<>();
    private final List<Seen> requests = new CopyOnWriteArrayList<>();
    private final CountDownLatch closing = new CountDownLatch(1);
    private volatile Function<Seen, Reaction> hook = seen -> Reaction.SERVE;

    private RangeHttpServer(HttpServer server) {
        this.server = server;
        server.createContext("/fw/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    public static RangeHttpServer plain() throws IOException {
        return new RangeHttpServer(HttpServer.create(loopback(), 0));
    }

    public static RangeHttpServer https(SSLContext context) throws IOException {
        HttpsServer server = HttpsServer.create(loopback(), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(context));
        return new RangeHttpServer(server);
    }

    /** Serves (or replaces, with a new ETag) {@code bytes} at {@code /fw/<name>}. */
    public void serve(String name, byte[] bytes) {
        files.put("/fw/" + name, bytes.clone());
    }

    public URI uri(String name) {
        String scheme = server instanceof HttpsServer ? "https" : "http";
        return URI.create(scheme + "://127.0.0.1:" + server.getAddress().getPort() + "/fw/" + name);
    }

    public void hook(Function<Seen, Reaction> decide) {
        hook = decide;
    }

    public List<Seen> requests() {
        return List.copyOf(requests);
    }

    /** The strong ETag of {@code bytes}, as this server writes it. */
    public static String etagOf(byte[] bytes) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
            return "\"" + HexFormat.of().formatHex(digest, 0, 8) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try {
            respond(exchange);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void respond(HttpExchange exchange) throws IOException, InterruptedException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            Seen seen = new Seen(path, header(exchange, "Range"), header(exchange, "If-Range"));
            requests.add(seen);
            Reaction reaction = hook.apply(seen);
            byte[] file = files.get(path);
            if (file == null || reaction.kind() == Reaction.Kind.STATUS) {
                exchange.sendResponseHeaders(file == null ? 404 : reaction.status(), -1);
                return;
            }
            String etag = etagOf(file);
            long from = seen.range().map(RANGE::matcher).filter(Matcher::matches).map(m -> Long.parseLong(m.group(1)))
                    .filter(start -> seen.ifRange().map(etag::equals).orElse(true)).orElse(0L);
            exchange.getResponseHeaders().set("ETag", etag);
            exchange.getResponseHeaders().set("Content-Type", "application/octet-stream");
            if (from > 0 && from >= file.length) {
                exchange.getResponseHeaders().set("Content-Range", "bytes */" + file.length);
                exchange.sendResponseHeaders(416, -1);
                return;
            }
            if (from > 0) {
                exchange.getResponseHeaders().set("Content-Range",
                        "bytes " + from + "-" + (file.length - 1) + "/" + file.length);
            }
            exchange.sendResponseHeaders(from > 0 ? 206 : 200, file.length - from);
            long end = reaction.kind() == Reaction.Kind.SERVE ? file.length : Math.min(file.length, from + reaction.bytes());
            OutputStream body = exchange.getResponseBody();
            for (long at = from; at < end; at += 4096) {
                body.write(file, (int) at, (int) Math.min(4096, end - at));
                body.flush();
            }
            if (reaction.kind() == Reaction.Kind.STALL) {
                closing.await();
            }
            if (end < file.length) {
                throw new IOException("cut the connection after " + (end - from) + " bytes, as asked");
            }
        }
    }

    private static Optional<String> header(HttpExchange exchange, String name) {
        return Optional.ofNullable(exchange.getRequestHeaders().getFirst(name));
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
        executor.shutdownNow();
    }

    private static InetSocketAddress loopback() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    }
}
