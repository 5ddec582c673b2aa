package io.cellota.device.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cellota.firmware.tool.CliErrors;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * {@code cellota link}'s options as a user types them, turned into proxy settings without starting a proxy;
 * only command lines that fail before running are executed.
 */
class LinkCommandTest {

    private static final InetAddress LOOPBACK_V4 = InetAddress.getLoopbackAddress();

    record Run(int exit, String out, String err) {
    }

    @Test
    void the_example_command_line_gives_the_proxy_settings() {
        LinkCommand.Settings settings = settingsOf("--listen", "127.0.0.1:15684", "--upstream", "127.0.0.1:5684",
                "--profile", "nb-iot,loss=0.1", "--seed", "42", "--stats-every", "2s");

        assertThat(settings).isEqualTo(new LinkCommand.Settings(new InetSocketAddress(LOOPBACK_V4, 15684),
                new InetSocketAddress(LOOPBACK_V4, 5684), LinkProfile.NB_IOT.withLoss(0.1).withName("nb-iot,loss=0.1"),
                42, Duration.ofSeconds(2)));
    }

    @Test
    void without_options_the_link_is_lte_m_seeded_with_1_reporting_every_five_seconds() {
        LinkCommand.Settings settings = settingsOf("--listen", "127.0.0.1:0", "--upstream", "127.0.0.1:5684");

        assertThat(settings.profile()).isEqualTo(LinkProfile.LTE_M);
        assertThat(settings.seed()).isEqualTo(1);
        assertThat(settings.statsEvery()).isEqualTo(Duration.ofSeconds(5));
        assertThat(settings.listen().getPort()).isZero();
    }

    @Test
    void a_profile_with_rebinding_reaches_the_proxy_settings() {
        LinkCommand.Settings settings = settingsOf("--listen", "127.0.0.1:0", "--upstream", "127.0.0.1:5684",
                "--profile", "lte-m,rebind=30s");

        assertThat(settings.profile().natRebindInterval()).contains(Duration.ofSeconds(30));
    }

    @Test
    void hosts_may_be_names_literals_or_ipv6_literals_in_brackets() {
        assertThat(LinkCommand.socketAddress(" 127.0.0.1:5684 ")).isEqualTo(new InetSocketAddress(LOOPBACK_V4, 5684));
        assertThat(LinkCommand.socketAddress("localhost:5684").getAddress().isLoopbackAddress()).isTrue();
        InetSocketAddress v6 = LinkCommand.socketAddress("[::1]:5684");
        assertThat(v6.getAddress()).isInstanceOf(Inet6Address.class);
        assertThat(v6.getAddress().isLoopbackAddress()).isTrue();
        assertThat(LinkCommand.hostPort(v6)).isEqualTo("[0:0:0:0:0:0:0:1]:5684");
        assertThat(LinkCommand.hostPort(new InetSocketAddress(LOOPBACK_V4, 15684))).isEqualTo("127.0.0.1:15684");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "127.0.0.1        | has no port; write HOST:PORT",
        "127.0.0.1:       | the port must be a number 0..65535, was ''",
        "127.0.0.1:65536  | the port must be a number 0..65535, was '65536'",
        "127.0.0.1:coap   | the port must be a number 0..65535, was 'coap'",
        "127.0.0.1:-1     | the port must be a number 0..65535",
        "::1:5684         | write an IPv6 address in brackets",
        "[::1:5684        | write an IPv6 address in brackets",
        ":5684            | has no host"})
    void a_bad_host_and_port_is_refused_naming_the_problem(String text, String problem) {
        assertThatThrownBy(() -> LinkCommand.socketAddress(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(problem);
    }

    @Test
    void an_upstream_without_a_port_is_refused() {
        assertThatThrownBy(() -> settingsOf("--listen", "127.0.0.1:0", "--upstream", "127.0.0.1:0"))
                .isInstanceOf(ParameterException.class)
                .hasMessageContaining("the upstream needs a port");
    }

    @Test
    void usage_errors_are_one_line_each_and_exit_2() {
        Map<String[], String> errors = Map.of(
                new String[] {"--listen", "127.0.0.1:0"}, "Missing required option: '--upstream=HOST:PORT'",
                new String[] {"--listen", "127.0.0.1", "--upstream", "127.0.0.1:5684"}, "'127.0.0.1' has no port",
                new String[] {"--listen", "127.0.0.1:0", "--upstream", "127.0.0.1:5684", "--profile", "nb-iot,lose=1"},
                "unknown key 'lose'",
                new String[] {"--listen", "127.0.0.1:0", "--upstream", "127.0.0.1:5684", "--stats-every", "5"},
                "'5' has no unit",
                new String[] {"--listen", "127.0.0.1:0", "--upstream", "127.0.0.1:5684", "--seed", "many"}, "'many'");

        errors.forEach((args, problem) -> {
            Run run = run(args);
            assertThat(run.exit()).as(problem).isEqualTo(CliErrors.USAGE);
            assertThat(run.err()).contains(problem);
            assertThat(run.err().lines().findFirst().orElseThrow()).startsWith("link: ");
        });
    }

    @Test
    void a_stats_interval_that_is_not_positive_is_a_usage_error() {
        assertThatThrownBy(() -> settingsOf("--listen", "127.0.0.1:0", "--upstream", "127.0.0.1:5684",
                "--stats-every", "0")).isInstanceOf(ParameterException.class).hasMessageContaining("must be positive");
    }

    @Test
    void help_shows_the_profile_keys() {
        Run run = run("--help");

        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("--listen=HOST:PORT", "--upstream=HOST:PORT", "--stats-every=DURATION",
                "nb-iot,loss=0.1,rebind=30s", "duplicate, queue, mtu, overhead, rebind");
    }

    @Test
    void the_stats_line_counts_datagrams_and_bytes_each_way_drops_by_reason_and_rebinds() {
        DirectionStats up = new DirectionStats(10, 1000, 7, 700, 1, 100,
                Map.of(DropReason.LOSS, 2L, DropReason.MTU, 1L), Map.of(DropReason.LOSS, 200L, DropReason.MTU, 100L));
        DirectionStats down = new DirectionStats(7, 350, 6, 300, 0, 0,
                Map.of(DropReason.QUEUE, 1L), Map.of(DropReason.QUEUE, 50L));

        String line = LinkCommand.statsLine(Duration.ofMillis(5_400), 2, new LinkStats(up, down, 3));

        assertThat(line).isEqualTo("t=5s devices=2 rebinds=3"
                + " | up received=10/1000B forwarded=7/700B duplicated=1/100B"
                + " dropped=3 (loss=2 queue=0 mtu=1 blackout=0 undeliverable=0) in-flight=0"
                + " | down received=7/350B forwarded=6/300B duplicated=0/0B"
                + " dropped=1 (loss=0 queue=1 mtu=0 blackout=0 undeliverable=0) in-flight=0");
    }

    private static LinkCommand.Settings settingsOf(String... args) {
        LinkCommand command = new LinkCommand();
        new CommandLine(command).parseArgs(args);
        return command.settings();
    }

    /** Only for command lines that fail, or ask for help, before the proxy would run. */
    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = CliErrors.install(new CommandLine(new LinkCommand()));
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }
}
