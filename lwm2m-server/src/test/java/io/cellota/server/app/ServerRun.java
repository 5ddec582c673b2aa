package io.cellota.server.app;

import static org.awaitility.Awaitility.await;

import io.cellota.server.cli.CellotaCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import picocli.CommandLine;

/**
 * {@code cellota server ARGS} run through the launcher's command line in this JVM, with its own environment and
 * its output captured, stopped by {@link ServerCommand#stop()} instead of a signal.
 */
final class ServerRun implements AutoCloseable {

    private final ServerCommand command;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final CompletableFuture<Integer> exit = new CompletableFuture<>();

    private ServerRun(Map<String, String> environment) {
        this.command = new ServerCommand(environment, false);
    }

    /** Runs the command to its end (it ends by itself when it fails to start). */
    static ServerRun toEnd(Map<String, String> environment, String... args) {
        ServerRun run = new ServerRun(environment);
        run.execute(args);
        return run;
    }

    /** Runs the command on a thread of its own. */
    static ServerRun inBackground(Map<String, String> environment, String... args) {
        ServerRun run = new ServerRun(environment);
        Thread thread = new Thread(() -> run.execute(args), "cellota-server-command");
        thread.setDaemon(true);
        thread.start();
        return run;
    }

    private void execute(String... args) {
        try {
            CommandLine cli = CellotaCommand.commandLine(new CommandLine.IFactory() {
                @Override
                public <K> K create(Class<K> type) throws Exception {
                    return type == ServerCommand.class ? type.cast(command) : CommandLine.defaultFactory().create(type);
                }
            });
            cli.setOut(new PrintWriter(out, true));
            cli.setErr(new PrintWriter(err, true));
            exit.complete(cli.execute(Stream.concat(Stream.of("server"), Stream.of(args)).toArray(String[]::new)));
        } catch (RuntimeException | Error e) {
            exit.completeExceptionally(e);
        }
    }

    String out() {
        return out.toString();
    }

    String err() {
        return err.toString();
    }

    /** The exit code, once the command has ended. */
    int exit() {
        return exit.join();
    }

    boolean ended() {
        return exit.isDone();
    }

    /** Stops the server and waits for the command to end. */
    int stop(Duration within) {
        command.stop();
        await().atMost(within).until(exit::isDone);
        return exit();
    }

    @Override
    public void close() {
        command.stop();
        await().atMost(Duration.ofSeconds(30)).until(exit::isDone);
    }
}
