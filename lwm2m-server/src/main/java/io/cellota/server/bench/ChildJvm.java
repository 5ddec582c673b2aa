package io.cellota.server.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A {@link ScaleServer} in a second JVM with this JVM's class path, driven line by line over its standard input
 * and output; its standard error goes to a log file. Closing it asks it to quit and waits for it (killing it
 * after ten seconds).
 */
final class ChildJvm implements AutoCloseable {

    private final Process process;
    private final BufferedReader out;
    private final PrintWriter in;
    private final Path errors;

    private ChildJvm(Process process, Path errors) {
        this.process = process;
        this.errors = errors;
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.in = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
    }

    /** Starts {@code ScaleServer args} with its log in {@code logBase + ".log"}. */
    static ChildJvm start(Path logBase, String... args) throws IOException {
        Files.createDirectories(logBase.toAbsolutePath().getParent());
        Path errors = Path.of(logBase + ".log");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx2g", "-cp", System.getProperty("java.class.path"), ScaleServer.class.getName()));
        command.addAll(Arrays.asList(args));
        Process process = new ProcessBuilder(command).redirectError(errors.toFile()).start();
        return new ChildJvm(process, errors);
    }

    /** Waits for the {@code ready ...} line and returns its words. */
    String[] ready() throws IOException {
        return expect("ready");
    }

    /** {@code CPU_NANOS BLOCKS BYTES THREADS} now. */
    long[] stats() throws IOException {
        in.println("stats");
        return Arrays.stream(expect("stats")).skip(1).mapToLong(Long::parseLong).toArray();
    }

    /** Heap bytes in use after full GCs. */
    long heap() throws IOException {
        in.println("heap");
        return Long.parseLong(expect("heap")[1]);
    }

    /** The heap peaks since the last {@code peak-reset}: {@code AFTER_GC_BYTES USED_BYTES} ({@link HeapWatch}). */
    long[] peak() throws IOException {
        in.println("peak");
        return Arrays.stream(expect("peak")).skip(1).mapToLong(Long::parseLong).toArray();
    }

    /** Sends a command answered {@code ok}. */
    void command(String line) throws IOException {
        in.println(line);
        expect("ok");
    }

    private String[] expect(String word) throws IOException {
        String line = out.readLine();
        if (line == null || !line.split(" ")[0].equals(word)) {
            throw new IOException("the server JVM said " + (line == null ? "nothing (it ended)" : "'" + line + "'")
                    + " instead of " + word + "; see " + errors);
        }
        return line.split(" ");
    }

    @Override
    public void close() throws InterruptedException {
        in.println("quit");
        in.close();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
