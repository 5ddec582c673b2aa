package io.cellota.server.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A throwaway PostgreSQL server for tests: a fresh cluster ({@code initdb}, trust authentication) on a free
 * loopback port, stopped and deleted on {@link #close()}. It uses the PostgreSQL binaries installed on the
 * machine ({@code pg_ctl} on the PATH, under {@code /usr/lib/postgresql/<v>/bin}, or in
 * {@code $CELLOTA_PG_BIN}); PostgreSQL refuses to run as root, so as root it runs as user {@code postgres}.
 * Without the binaries the calling test fails and says to install Debian's {@code postgresql} (README, .ci/run):
 * a test that silently skips proves nothing.
 */
public final class TestPostgres implements AutoCloseable {

    private static final String USER = "cellota";

    private final Path root;
    private final Path bin;
    private final boolean asPostgresUser;
    private final int port;
    private final AtomicInteger databases = new AtomicInteger();

    private TestPostgres(Path root, Path bin, boolean asPostgresUser, int port) {
        this.root = root;
        this.bin = bin;
        this.asPostgresUser = asPostgresUser;
        this.port = port;
    }

    /** Starts a server; fails when PostgreSQL is not installed. */
    public static TestPostgres startOrFail() {
        Optional<Path> bin = findBinaries();
        if (bin.isEmpty()) {
            throw new IllegalStateException("PostgreSQL is not installed here (no pg_ctl on the PATH, in"
                    + " /usr/lib/postgresql/*/bin or in $CELLOTA_PG_BIN): sudo apt-get install postgresql");
        }
        try {
            return start(bin.get());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static TestPostgres start(Path bin) throws IOException {
        boolean root = "root".equals(System.getProperty("user.name"));
        Path dir = Files.createTempDirectory("cellota-pg-");
        if (root) {
            UserPrincipal postgres = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres");
            Files.setOwner(dir, postgres);
        }
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        TestPostgres server = new TestPostgres(dir, bin, root, port);
        try {
            server.run("initdb", "-D", dir.resolve("data").toString(), "-A", "trust", "-U", USER, "-E", "UTF8",
                    "--no-sync");
            server.run("pg_ctl", "-D", dir.resolve("data").toString(), "-l", dir.resolve("server.log").toString(),
                    "-w", "-t", "60", "-o", "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1"
                            + " -c fsync=off -c max_connections=200", "start");
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    /** A new, empty database on this server. */
    public DatabaseConfig createDatabase() {
        String name = "cellota_test_" + databases.incrementAndGet();
        try (Connection c = DriverManager.getConnection(url("postgres"), USER, "");
             Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name, e);
        }
        return new DatabaseConfig(url(name), USER, "", DatabaseConfig.DEFAULT_POOL_SIZE);
    }

    private String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    @Override
    public void close() {
        try {
            if (Files.exists(root.resolve("data/postmaster.pid"))) {
                run("pg_ctl", "-D", root.resolve("data").toString(), "-m", "immediate", "-w", "stop");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            deleteTree(root);
        }
    }

    private void run(String tool, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        if (asPostgresUser) {
            command.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        command.add(bin.resolve(tool).toString());
        command.addAll(List.of(args));
        // to a file, not a pipe: the server that pg_ctl starts would hold a pipe open after pg_ctl exits
        Path output = root.resolve(tool + ".out");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        try {
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(tool + " did not finish in 120 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IllegalStateException("interrupted while running " + tool, e);
        }
        if (process.exitValue() != 0) {
            String log = Files.exists(root.resolve("server.log")) ? Files.readString(root.resolve("server.log")) : "";
            throw new IllegalStateException(tool + " failed (exit " + process.exitValue() + "): "
                    + Files.readString(output, StandardCharsets.UTF_8) + log);
        }
    }

    private static Optional<Path> findBinaries() {
        List<Path> candidates = new ArrayList<>();
        Optional.ofNullable(System.getenv("CELLOTA_PG_BIN")).map(Path::of).ifPresent(candidates::add);
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty()) {
                candidates.add(Path.of(dir));
            }
        }
        try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            versions.sorted(Comparator.reverseOrder()).map(v -> v.resolve("bin")).forEach(candidates::add);
        } catch (IOException noneInstalled) {
            // not a Debian-style installation
        }
        return candidates.stream()
                .filter(dir -> Files.isExecutable(dir.resolve("pg_ctl")) && Files.isExecutable(dir.resolve("initdb")))
                .map(dir -> dir.resolve("pg_ctl").toAbsolutePath())
                .map(TestPostgres::realDirectory)
                .findFirst();
    }

    /** The directory the binary really lives in (the PATH may hold symbolic links to it). */
    private static Path realDirectory(Path binary) {
        try {
            return binary.toRealPath().getParent();
        } catch (IOException e) {
            return binary.getParent();
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort: a temporary directory
        }
    }
}
