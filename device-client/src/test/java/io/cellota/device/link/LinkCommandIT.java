package io.cellota.device.link;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code cellota link} run as a user runs it, over loopback, until its thread is interrupted. */
class LinkCommandIT {

    private static final Pattern LISTENING = Pattern.compile("listening on (\\S+),");
    private static final Pattern REBOUND = Pattern.compile("rebinds=[1-9]");

    @Test
    void the_command_forwards_reports_counters_and_rebinds_until_interrupted() throws Exception {
        try (EchoServer server = EchoServer.start()) {
            StringWriter out = new StringWriter();
            CommandLine cli = new CommandLine(new LinkCommand());
            cli.setOut(new PrintWriter(out, true));
            AtomicInteger exit = new AtomicInteger(-1);
            Thread command = new Thread(() -> exit.set(cli.execute("--listen", "127.0.0.1:0",
                    "--upstream", LinkCommand.hostPort(server.address()),
                    "--profile", "loopback,rebind=200ms", "--stats-every", "100ms")), "cellota-link-under-test");
            command.start();
            try {
                patiently().until(() -> LISTENING.matcher(out.toString()).find());
                Matcher listening = LISTENING.matcher(out.toString());
                assertThat(listening.find()).isTrue();
                try (TestDevice device = TestDevice.talkingTo(LinkCommand.socketAddress(listening.group(1)))) {
                    for (int i = 0; i < 3; i++) {
                        device.send("hello".getBytes(UTF_8));
                    }

                    patiently().until(() -> server.received().size() == 3);
                    patiently().until(() -> out.toString().lines()
                            .anyMatch(line -> line.contains("up received=3/15B forwarded=3/15B")
                                    && REBOUND.matcher(line).find()));
                }

                command.interrupt();
                patiently().until(() -> !command.isAlive());
            } finally {
                command.interrupt();
                command.join(Duration.ofSeconds(10).toMillis());
            }

            assertThat(exit.get()).isZero();
            assertThat(out.toString()).startsWith("link: listening on 127.0.0.1:")
                    .contains("profile loopback,rebind=200ms, seed 1");
            assertThat(out.toString().lines().reduce((first, last) -> last).orElseThrow())
                    .startsWith("link stopped: t=").contains("up received=3/15B");
        }
    }

    private static ConditionFactory patiently() {
        return await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20));
    }
}
