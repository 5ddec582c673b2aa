package io.cellota.server.app;

import io.cellota.server.config.ServerConfig;
import io.cellota.server.config.ServerConfigLoader;
import io.cellota.server.store.StoreException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code cellota server}: the whole server ({@link CellotaServer}) until SIGINT or SIGTERM. Settings come, in
 * rising precedence, from the defaults, the {@code --config} file, the environment ({@code CELLOTA_<KEY>}) and
 * the options; {@code --set KEY=VALUE} reaches every key of docs/configuration.md.
 *
 * <p>Exit codes: 0 stopped cleanly; 1 the server could not start (a trusted key file missing or not a key, a
 * port taken, the database unreachable); 2 the command line or a setting is wrong. Either error is one line.
 * A start that fails leaves no secret in the data directory. Tests stop the command with {@link #stop()}.
 */
@Command(name = "server", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run the Cellota server (LwM2M, firmware downloads, REST API) until interrupted.",
            "Settings, later ones winning: defaults, --config FILE, environment CELLOTA_<KEY>, options.",
            "Every key, its default and its environment variable: docs/configuration.md."})
public final class ServerCommand implements Callable<Integer> {

    /** H2's error code when another process has the database file open (it locks the file). */
    private static final int H2_DATABASE_ALREADY_OPEN = 90020;

    @Spec
    CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", description = "A properties file of settings (key=value lines).")
    Path configFile;

    @Option(names = "--data", paramLabel = "DIR",
            description = "data.dir: database, firmware packages and secrets (default .cellota/server).")
    Path dataDir;

    @Option(names = "--coap-port", paramLabel = "N",
            description = "coap.port: UDP port of LwM2M and firmware over CoAP (default 5683; 0: any free port).")
    Integer coapPort;

    @Option(names = "--coaps-port", paramLabel = "N",
            description = "coaps.port: UDP port of the same over DTLS (default 5684).")
    Integer coapsPort;

    @Option(names = "--http-port", paramLabel = "N",
            description = "http.port: TCP port of the REST API and HTTP firmware downloads (default 8080).")
    Integer httpPort;

    @Option(names = "--public-host", paramLabel = "HOST",
            description = "public.host: the host devices reach the server at, in Package URIs (default localhost).")
    String publicHost;

    @Option(names = "--api-token", paramLabel = "T",
            description = "api.token: the admin bearer token. Default: generated at the first start, printed once, "
                    + "kept in the data directory. CELLOTA_API_TOKEN keeps it out of the process list.")
    String apiToken;

    @Option(names = "--trust", paramLabel = "PEM",
            description = "trusted.keys: a public key file MCUboot packages must be signed with; repeatable.")
    List<Path> trust = new ArrayList<>();

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "Any setting of docs/configuration.md, e.g. --set awake.time=60s; repeatable.")
    Map<String, String> settings = new LinkedHashMap<>();

    private final Map<String, String> environment;
    private final boolean stopOnSignals;
    private final CountDownLatch stopRequested = new CountDownLatch(1);

    /** The command as the launcher runs it: the process environment, stopped by SIGINT or SIGTERM. */
    public ServerCommand() {
        this(System.getenv(), true);
    }

    /**
     * @param environment   where {@code CELLOTA_<KEY>} settings are read from
     * @param stopOnSignals whether SIGINT and SIGTERM stop the server (a shutdown hook); tests call {@link #stop()}
     */
    public ServerCommand(Map<String, String> environment, boolean stopOnSignals) {
        this.environment = Map.copyOf(environment);
        this.stopOnSignals = stopOnSignals;
    }

    /** Asks the running command to close the server and return 0; a stop before the start ends it once started. */
    public void stop() {
        stopRequested.countDown();
    }

    /** The configuration the settings and options give; starts nothing. A bad setting is a usage error. */
    public ServerConfig config() throws IOException {
        return loader().load();
    }

    private ServerConfigLoader loader() throws IOException {
        try {
            ServerConfigLoader loader = new ServerConfigLoader();
            if (configFile != null) {
                loader.file(configFile);
            }
            loader.environment(environment);
            Map<String, Object> options = options();
            for (Map.Entry<String, String> set : settings.entrySet()) {
                if (!ServerConfigLoader.DEFAULTS.containsKey(set.getKey())) {
                    throw new IllegalArgumentException("--set " + set.getKey() + ": unknown setting '" + set.getKey()
                            + "'; known: " + String.join(", ", ServerConfigLoader.DEFAULTS.keySet()));
                }
                if (options.get(set.getKey()) != null) {
                    throw new IllegalArgumentException("--set " + set.getKey() + ": the option for " + set.getKey()
                            + " is given too; use one");
                }
                loader.override(set.getKey(), set.getValue());
            }
            options.forEach(loader::override);
            ServerConfig config = loader.load();
            try {
                StartSummary.database(config);
            } catch (IllegalArgumentException e) {
                throw config.databaseUrl().isEmpty() ? e : new IllegalArgumentException("setting 'database.url' (from "
                        + loader.source("database.url") + "): " + e.getMessage(), e);
            }
            return loader;
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }

    /** The named options as settings; null where an option is not given. */
    private Map<String, Object> options() {
        for (Path key : trust) {
            if (key.toString().contains(",")) {
                throw new IllegalArgumentException("--trust " + key + ": trusted.keys is a comma-separated list, "
                        + "so a key file name cannot contain ','");
            }
        }
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("data.dir", dataDir);
        options.put("coap.port", coapPort);
        options.put("coaps.port", coapsPort);
        options.put("http.port", httpPort);
        options.put("public.host", publicHost);
        options.put("api.token", apiToken);
        options.put("trusted.keys", trust.isEmpty() ? null
                : trust.stream().map(Path::toString).collect(Collectors.joining(",")));
        return options;
    }

    @Override
    public Integer call() throws Exception {
        ServerConfigLoader loader = loader();
        ServerConfig config = loader.load();
        StartChecks.check(config);
        PrintWriter out = spec.commandLine().getOut();
        ShutdownSignals signals = stopOnSignals ? ShutdownSignals.install(this::stop) : null;
        int exit = 1;
        try (CellotaServer server = start(config)) {
            out.print(StartSummary.of(config, server, loader.source("api.token")).text());
            out.flush();
            awaitStop();
            out.println("Cellota server stopping");
            out.flush();
            exit = 0;
        } finally {
            if (exit == 0) {
                out.println("Cellota server stopped");
                out.flush();
            }
            if (signals != null) {
                signals.finished(exit);
            }
        }
        return exit;
    }

    /**
     * Starts the server; a database or socket failure becomes an {@link IOException} of one line. Also how
     * {@code cellota demo} starts its server.
     */
    public static CellotaServer start(ServerConfig config) throws Exception {
        try {
            return CellotaServer.start(config, Clock.systemUTC());
        } catch (StoreException e) {
            if (config.databaseUrl().isEmpty() && causedBy(e, H2_DATABASE_ALREADY_OPEN)) {
                throw new IOException("the data directory " + config.dataDir().toAbsolutePath().normalize()
                        + " is in use by another server", e);
            }
            throw new IOException("database: " + firstLine(e.getMessage()), e);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        } catch (RuntimeException e) {
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof BindException) {
                    throw new IOException("cannot listen: " + firstLine(e.getMessage()), e);
                }
            }
            throw e;
        }
    }

    private static boolean causedBy(Throwable e, int sqlErrorCode) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getErrorCode() == sqlErrorCode) {
                return true;
            }
        }
        return false;
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.lines().findFirst().orElse("");
    }

    private void awaitStop() {
        try {
            stopRequested.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
