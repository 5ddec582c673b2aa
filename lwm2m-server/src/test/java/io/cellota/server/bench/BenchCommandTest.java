package io.cellota.server.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cellota.server.cli.CellotaCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/** The options become a plan: quick and full defaults, choices, and usage errors with exit code 2. */
class BenchCommandTest {

    private final BenchCommand command = new BenchCommand();

    private BenchCommand.Plan plan(String... args) {
        CommandLine line = new CommandLine(command);
        line.parseArgs(args);
        return command.plan();
    }

    @Test
    void quick_is_64_kib_one_repetition_three_profiles() {
        BenchCommand.Plan plan = plan("--quick");

        assertThat(plan.sizes()).containsExactly(64 * 1024);
        assertThat(plan.repetitions()).isEqualTo(1);
        assertThat(plan.profiles()).extracting(p -> p.name()).containsExactly("lte-m", "nb-iot", "lte-m-lossy");
        assertThat(plan.windows()).contains("1", "auto");
        assertThat(plan.scenarios()).containsExactlyInAnyOrder("download", "wire", "serve", "reference");
        assertThat(plan.campaign()).isEmpty();
    }

    @Test
    void quick_runs_a_campaign_of_100_devices_only_when_it_is_named() {
        BenchCommand.Plan plan = plan("--quick", "--scenario", "campaign");

        assertThat(plan.scenarios()).containsExactly("campaign");
        assertThat(plan.campaign()).hasValueSatisfying(c -> {
            assertThat(c.devices()).isEqualTo(100);
            assertThat(c.maxConcurrent()).isEqualTo(100);
        });
    }

    @Test
    void the_campaign_is_1000_devices_at_the_default_cap_over_lte_m_with_64_kib() {
        BenchCommand.Plan plan = plan("--scenario", "campaign");

        assertThat(plan.campaign()).hasValueSatisfying(c -> {
            assertThat(c.devices()).isEqualTo(1000);
            assertThat(c.maxConcurrent()).isEqualTo(100);
            assertThat(c.profile().name()).isEqualTo("lte-m");
            assertThat(c.imageBytes()).isEqualTo(64 * 1024);
        });
    }

    @Test
    void the_full_set_is_three_sizes_three_repetitions_and_both_lossy_profiles() {
        BenchCommand.Plan plan = plan();

        assertThat(plan.sizes()).containsExactly(64 * 1024, 512 * 1024, 1024 * 1024);
        assertThat(plan.repetitions()).isEqualTo(3);
        assertThat(plan.profiles()).extracting(p -> p.name()).contains("lte-m-lossy", "nb-iot-lossy");
        assertThat(plan.registrations()).isEqualTo(1000);
        assertThat(plan.clients()).containsExactly(100, 1000);
        assertThat(plan.scenarios()).containsExactlyInAnyOrderElementsOf(BenchCommand.SCENARIOS);
        assertThat(plan.campaign()).isPresent();
    }

    @Test
    void choices_narrow_the_plan() {
        BenchCommand.Plan plan = plan("--scenario", "download,wire", "--profile", "nb-iot,loss=0.05", "--size",
                "1024,2KiB", "--window", "2, auto", "--repetitions", "5");

        assertThat(plan.scenarios()).containsExactlyInAnyOrder("download", "wire");
        assertThat(plan.profiles()).extracting(p -> p.name()).containsExactly("nb-iot,loss=0.05");
        assertThat(plan.sizes()).containsExactly(1024, 2048);
        assertThat(plan.windows()).containsExactly("2", "auto");
        assertThat(plan.repetitions()).isEqualTo(5);
        assertThat(BenchRunner.downloadCases(plan)).hasSize(4)
                .allSatisfy(c -> assertThat(c.scheme()).isEqualTo("coaps"));
    }

    @Test
    void an_auto_window_is_the_profiles_own_preset_policy() {
        BenchCommand.Plan plan = plan("--profile", "lte-m;nb-iot", "--size", "64KiB", "--window", "auto");

        assertThat(BenchRunner.downloadCases(plan)).extracting(DownloadBench.Case::windowLabel)
                .containsExactly("auto:16", "auto:8");
    }

    @Test
    void an_auto_window_with_its_own_maximum_overrides_the_presets() {
        BenchCommand.Plan plan = plan("--profile", "nb-iot", "--size", "64KiB", "--window", "auto:12,auto");

        assertThat(BenchRunner.downloadCases(plan)).extracting(DownloadBench.Case::windowLabel)
                .containsExactly("auto:12", "auto:8");
    }

    @Test
    void bad_options_are_usage_errors() {
        for (List<String> args : List.of(List.of("--scenario", "rollout"), List.of("--size", "12kB"),
                List.of("--window", "many"), List.of("--window", "auto:"), List.of("--profile", "wifi"), List.of("--block-size", "1000"),
                List.of("--repetitions", "0"), List.of("--clients", "0"),
                List.of("--scenario", "campaign", "--campaign-concurrent", "0"),
                List.of("--scenario", "campaign", "--campaign-profile", "wifi"))) {
            assertThatThrownBy(() -> plan(args.toArray(String[]::new))).as(args.toString())
                    .isInstanceOf(ParameterException.class);
        }
    }

    @Test
    void the_launcher_knows_the_command_and_exits_2_on_a_bad_option() {
        CommandLine line = CellotaCommand.commandLine();
        StringWriter err = new StringWriter();
        line.setErr(new PrintWriter(err));

        assertThat(line.execute("bench", "--scenario", "rollout")).isEqualTo(2);
        assertThat(err.toString()).contains("unknown scenario 'rollout'");
    }
}
