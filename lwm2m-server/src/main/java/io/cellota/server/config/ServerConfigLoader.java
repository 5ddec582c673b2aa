package io.cellota.server.config;

import java.io.IOException;
import java.io.Reader;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Builds the {@link ServerConfig} from, in rising precedence: defaults, a properties file, the environment
 * ({@code CELLOTA_<KEY>}), and explicit overrides (the command line). Every value is checked; a bad one is an
 * {@link IllegalArgumentException} naming the key and where it came from.
 */
public final class ServerConfigLoader {

    /** Every key with its default, in the order docs/configuration.md lists them. */
    public static final Map<String, String> DEFAULTS = orderedDefaults();

    private final Properties values = new Properties();
    private final Properties sources = new Properties();

    private static Map<String, String> orderedDefaults() {
        Map<String, String> d = new java.util.LinkedHashMap<>();
        d.put("data.dir", ".cellota/server");
        d.put("coap.host", "0.0.0.0");
        d.put("coap.port", "5683");
        d.put("coaps.host", "0.0.0.0");
        d.put("coaps.port", "5684");
        d.put("files.enabled", "false");
        d.put("files.host", "0.0.0.0");
        d.put("files.coap.port", "5685");
        d.put("files.coaps.port", "5686");
        d.put("http.host", "0.0.0.0");
        d.put("http.port", "8080");
        d.put("https.host", "0.0.0.0");
        d.put("https.port", "8443");
        d.put("https.certificate", "");
        d.put("https.key", "");
        d.put("public.host", "localhost");
        d.put("public.coap.port", "0");
        d.put("public.coaps.port", "0");
        d.put("public.http.port", "0");
        d.put("public.https.port", "0");
        d.put("api.token", "");
        d.put("metrics.token", "");
        d.put("admin.password", "");
        d.put("session.idle.timeout", "30m");
        d.put("session.absolute.timeout", "12h");
        d.put("trusted.keys", "");
        d.put("coaps.key", "");
        d.put("coaps.certificate", "");
        d.put("coaps.trusted.certificates", "");
        d.put("max.package.size", "8388608");
        d.put("awake.time", "30s");
        d.put("coap.ack.timeout", "4s");
        d.put("database.url", "");
        d.put("database.user", "");
        d.put("database.password", "");
        d.put("token.lifetime", "24h");
        d.put("campaign.max.concurrent", "2000");
        return java.util.Collections.unmodifiableMap(d);
    }

    public ServerConfigLoader() {
        DEFAULTS.forEach((k, v) -> set(k, v, "default"));
    }

    public ServerConfigLoader file(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            p.load(r);
        }
        for (String key : p.stringPropertyNames()) {
            requireKnown(key, file.toString());
            set(key, p.getProperty(key).strip(), file.toString());
        }
        return this;
    }

    /** The environment variable of {@code key}: {@code coap.port} is {@code CELLOTA_COAP_PORT}. */
    public static String environmentVariable(String key) {
        return "CELLOTA_" + key.toUpperCase(Locale.ROOT).replace('.', '_');
    }

    public ServerConfigLoader environment(Map<String, String> env) {
        for (String key : DEFAULTS.keySet()) {
            String name = environmentVariable(key);
            if (env.containsKey(name)) {
                set(key, env.get(name), "environment " + name);
            }
        }
        return this;
    }

    /** An explicit setting (the command line); null values are ignored. */
    public ServerConfigLoader override(String key, Object value) {
        requireKnown(key, "command line");
        if (value != null) {
            set(key, String.valueOf(value), "command line");
        }
        return this;
    }

    private void set(String key, String value, String source) {
        values.setProperty(key, value);
        sources.setProperty(key, source);
    }

    /** Where the value of {@code key} came from: {@code default}, a file, {@code environment CELLOTA_…} or {@code command line}. */
    public String source(String key) {
        requireKnown(key, "source");
        return sources.getProperty(key);
    }

    private static void requireKnown(String key, String source) {
        if (!DEFAULTS.containsKey(key)) {
            throw new IllegalArgumentException(source + ": unknown setting '" + key + "'; known: " + DEFAULTS.keySet());
        }
    }

    public ServerConfig load() {
        return new ServerConfig(path("data.dir"), address("coap"), address("coaps"), address("http"),
                host("public.host"), token("api.token"), paths("trusted.keys"), positive("max.package.size"),
                duration("awake.time", Duration.ofMillis(1)), duration("coap.ack.timeout", Duration.ofMillis(1)),
                optional("database.url"), optional("database.user"), optional("database.password"),
                duration("token.lifetime", Duration.ofSeconds(1)),
                new ServerConfig.PublicPorts(port("public.coap.port"), port("public.coaps.port"), port("public.http.port"),
                        port("public.https.port")),
                dtlsIdentity(), https(), files(), token("metrics.token"), access(),
                (int) Math.min(Integer.MAX_VALUE, positive("campaign.max.concurrent")));
    }

    private ServerConfig.Access access() {
        Optional<String> password = optional("admin.password");
        if (password.isPresent() && (password.get().length() < 12 || password.get().length() > 256)) {
            // the value is a secret: never quoted
            throw new IllegalArgumentException("setting 'admin.password' (from " + sources.getProperty("admin.password")
                    + "): a password has 12 to 256 characters");
        }
        return new ServerConfig.Access(password, duration("session.idle.timeout", Duration.ofSeconds(1)),
                duration("session.absolute.timeout", Duration.ofSeconds(1)));
    }

    private String text(String key) {
        return values.getProperty(key);
    }

    private Optional<String> optional(String key) {
        String v = text(key);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v);
    }

    private Optional<String> token(String key) {
        Optional<String> token = optional(key);
        if (token.isPresent() && !token.get().chars().allMatch(c -> c > ' ' && c < 0x7f)) {
            throw new IllegalArgumentException("setting '" + key + "' (from " + sources.getProperty(key)
                    + "): a token is printable ASCII without spaces");
        }
        return token;
    }

    private InetSocketAddress address(String prefix) {
        return new InetSocketAddress(text(prefix + ".host"), port(prefix + ".port"));
    }

    private int port(String key) {
        long port = longValue(key);
        if (port < 0 || port > 65535) {
            throw bad(key, "a port is 0..65535");
        }
        return (int) port;
    }

    private Optional<ServerConfig.FileEndpoints> files() {
        String enabled = text("files.enabled").strip().toLowerCase(Locale.ROOT);
        if (!enabled.equals("true") && !enabled.equals("false")) {
            throw bad("files.enabled", "true or false");
        }
        if (enabled.equals("false")) {
            return Optional.empty();
        }
        return Optional.of(new ServerConfig.FileEndpoints(
                new InetSocketAddress(text("files.host"), port("files.coap.port")),
                new InetSocketAddress(text("files.host"), port("files.coaps.port"))));
    }

    private Optional<ServerConfig.Https> https() {
        Optional<Path> chain = optional("https.certificate").map(Path::of);
        Optional<Path> key = optional("https.key").map(Path::of);
        if (chain.isPresent() != key.isPresent()) {
            throw bad(chain.isPresent() ? "https.certificate" : "https.key",
                    "HTTPS needs both https.certificate and https.key");
        }
        return chain.map(c -> new ServerConfig.Https(address("https"), c, key.orElseThrow()));
    }

    private ServerConfig.DtlsIdentity dtlsIdentity() {
        Optional<Path> key = optional("coaps.key").map(Path::of);
        Optional<Path> chain = optional("coaps.certificate").map(Path::of);
        if (chain.isPresent() && key.isEmpty()) {
            throw bad("coaps.certificate", "a certificate needs its private key: set coaps.key too");
        }
        return new ServerConfig.DtlsIdentity(key, chain, paths("coaps.trusted.certificates"));
    }

    private long longValue(String key) {
        try {
            return Long.parseLong(text(key).strip());
        } catch (NumberFormatException e) {
            throw bad(key, "not a whole number");
        }
    }

    private Duration duration(String key, Duration least) {
        Duration d = duration(key);
        if (d.compareTo(least) < 0) {
            throw bad(key, "must be at least " + (least.toMillis() < 1000 ? least.toMillis() + "ms" : least.toSeconds() + "s"));
        }
        return d;
    }

    private Duration duration(String key) {
        String v = text(key).strip().toLowerCase(Locale.ROOT);
        try {
            if (v.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
            }
            long n = Long.parseLong(v.substring(0, v.length() - 1));
            return switch (v.charAt(v.length() - 1)) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                case 'd' -> Duration.ofDays(n);
                default -> throw bad(key, "a duration is e.g. 500ms, 30s, 5m, 24h");
            };
        } catch (NumberFormatException | StringIndexOutOfBoundsException | ArithmeticException e) {
            throw bad(key, "a duration is e.g. 500ms, 30s, 5m, 24h");
        }
    }

    private long positive(String key) {
        long n = longValue(key);
        if (n <= 0) {
            throw bad(key, "must be positive");
        }
        return n;
    }

    /** A host for URIs: a name or an address, ASCII, without spaces and without the URI delimiters /?#@[]. */
    private String host(String key) {
        String host = text(key).strip();
        if (host.isEmpty() || host.chars().anyMatch(c -> c <= ' ' || c > 0x7e || "/?#@[]".indexOf(c) >= 0)) {
            throw bad(key, "not a host name or address");
        }
        return host;
    }

    private Path path(String key) {
        try {
            return Path.of(text(key).strip());
        } catch (InvalidPathException e) {
            throw bad(key, "not a path: " + e.getReason());
        }
    }

    private List<Path> paths(String key) {
        List<Path> out = new ArrayList<>();
        try {
            Arrays.stream(text(key).split(",")).map(String::strip).filter(s -> !s.isEmpty()).map(Path::of)
                    .forEach(out::add);
        } catch (InvalidPathException e) {
            throw bad(key, "not a path: " + e.getReason());
        }
        return out;
    }

    private IllegalArgumentException bad(String key, String why) {
        return new IllegalArgumentException("setting '" + key + "' = '" + text(key) + "' (from " + sources.getProperty(key)
                + "): " + why);
    }
}
