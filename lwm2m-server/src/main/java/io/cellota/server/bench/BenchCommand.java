package io.cellota.server.bench;

import io.cellota.device.link.LinkProfile;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code cellota bench}: measures downloads, wire efficiency, server scale and a reference peer against the
 * physical limits (see docs/benchmarks.md), prints a table, and writes {@code --json} and {@code --plots}.
 * Everything runs in this process on loopback and ephemeral ports, except the server under load in the scale
 * scenario (a second JVM, so that its CPU and heap are its own) and the reference peer (libcoap's programs).
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Benchmark downloads, wire efficiency and server scale against the physical limits.",
            "Prints one row per figure: the median of its repetitions, the limit for the same link, the ratio."})
public final class BenchCommand implements Callable<Integer> {

    /** The scenarios, in the order they run. */
    static final List<String> SCENARIOS = List.of("download", "wire", "serve", "reference", "campaign");

    @Spec
    CommandSpec spec;

    @Option(names = "--quick", description = "The reduced set: 64 KiB images, one repetition, fewer windows, "
            + "profiles and clients (under five minutes).")
    boolean quick;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the rows as a JSON array to FILE.")
    Path json;

    @Option(names = "--plots", paramLabel = "DIR", description = "Write the PNG plots into DIR.")
    Path plots;

    @Option(names = "--scenario", paramLabel = "NAME", split = ",",
            description = "Run only these: download, wire, serve, reference, campaign (default: all; quick leaves "
                    + "out the campaign unless it is named).")
    List<String> scenarios = new ArrayList<>();

    @Option(names = "--profile", paramLabel = "PROFILE", split = ";",
            description = "Link profiles of the download scenario (default lte-m;nb-iot;lte-m-lossy;nb-iot-lossy, "
                    + "quick: lte-m;nb-iot;lte-m-lossy); any text of docs/link-profiles.md, ';'-separated.")
    List<String> profiles = new ArrayList<>();

    @Option(names = "--size", paramLabel = "SIZE", split = ",",
            description = "Image sizes (default 64KiB,512KiB,1MiB; quick: 64KiB).")
    List<String> sizes = new ArrayList<>();

    @Option(names = "--window", paramLabel = "W", split = ",",
            description = "Windows of the download scenario: numbers, auto (the profile's preset) and auto:<max> "
                    + "(default 1,2,4,8,16,auto; quick: 1,4,8,16,auto).")
    List<String> windows = new ArrayList<>();

    @Option(names = "--block-size", paramLabel = "BYTES", description = "Block size of the download scenario "
            + "(default 1024).")
    int blockSize = 1024;

    @Option(names = "--repetitions", paramLabel = "N", description = "Runs per case (default 3; quick: 1).")
    Integer repetitions;

    @Option(names = "--seed", paramLabel = "N", description = "The first seed; repetition i uses seed + i "
            + "(default 1).")
    long seed = 1;

    @Option(names = "--parallel", paramLabel = "N", description = "Download cases run at once, each on its own "
            + "emulated link (default 8).")
    int parallel = 8;

    @Option(names = "--clients", paramLabel = "N", split = ",",
            description = "Concurrent downloads of the serve scenario (default 100,1000).")
    List<Integer> clients = new ArrayList<>();

    @Option(names = "--registrations", paramLabel = "N", description = "DTLS devices the serve scenario "
            + "registers with a whole server (default 1000; quick: 200; 0: skip).")
    Integer registrations;

    @Option(names = "--campaign-devices", paramLabel = "N", description = "Devices the campaign scenario updates "
            + "(default 1000; quick, when the campaign is named: 100).")
    Integer campaignDevices;

    @Option(names = "--campaign-concurrent", paramLabel = "N", description = "The campaign's maxConcurrent: devices "
            + "downloading at once (default 100, the campaign default).")
    int campaignConcurrent = 100;

    @Option(names = "--campaign-profile", paramLabel = "PROFILE", description = "The campaign's link profile, each "
            + "device its own link (default lte-m).")
    String campaignProfile = "lte-m";

    @Option(names = "--campaign-size", paramLabel = "SIZE", description = "The campaign's image size (default 64KiB).")
    String campaignSize = "64KiB";

    @Option(names = "--work", paramLabel = "DIR", description = "Where packages and devices live while it runs "
            + "(default: a new temporary directory).")
    Path work;

    /** What the options ask for, with the quick or full defaults filled in. */
    record Plan(Set<String> scenarios, List<LinkProfile> profiles, List<Integer> sizes, List<String> windows,
            int blockSize, int repetitions, long seed, int parallel, List<Integer> clients, int registrations,
            Optional<CampaignBench.Setup> campaign, boolean quick) {
    }

    @Override
    public Integer call() throws Exception {
        Plan plan = plan();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path dir = work != null ? Files.createDirectories(work) : Files.createTempDirectory("cellota-bench");
        BenchRunner runner = new BenchRunner(plan, dir, err);
        List<BenchRow> rows = runner.run(plots);
        out.print(ResultTable.render(rows));
        for (String gap : runner.gaps()) {
            out.println("GAP " + gap);
        }
        out.flush();
        if (json != null) {
            BenchJson.write(json, rows);
            err.println("bench: wrote " + rows.size() + " rows to " + json);
        }
        return 0;
    }

    /** The plan the options describe; a bad option is a usage error. */
    Plan plan() {
        List<String> chosen = scenarios.isEmpty() ? SCENARIOS.stream().filter(s -> !quick || !s.equals("campaign"))
                .toList() : scenarios.stream().map(s -> s.strip().toLowerCase(Locale.ROOT)).toList();
        for (String s : chosen) {
            if (!SCENARIOS.contains(s)) {
                throw usage("unknown scenario '" + s + "'; choose from " + String.join(", ", SCENARIOS));
            }
        }
        List<LinkProfile> links = new ArrayList<>();
        for (String text : profiles.isEmpty() ? (quick ? List.of("lte-m", "nb-iot", "lte-m-lossy")
                : List.of("lte-m", "nb-iot", "lte-m-lossy", "nb-iot-lossy")) : profiles) {
            try {
                links.add(LinkProfile.parse(text));
            } catch (IllegalArgumentException e) {
                throw usage(e.getMessage());
            }
        }
        List<Integer> bytes = new ArrayList<>();
        for (String text : sizes.isEmpty() ? (quick ? List.of("64KiB") : List.of("64KiB", "512KiB", "1MiB"))
                : sizes) {
            try {
                bytes.add(parseSize(text));
            } catch (IllegalArgumentException e) {
                throw usage(e.getMessage());
            }
        }
        List<String> wins = windows.isEmpty() ? (quick ? List.of("1", "4", "8", "16", "auto")
                : List.of("1", "2", "4", "8", "16", "auto")) : windows.stream().map(String::strip).toList();
        for (String w : wins) {
            if (!w.matches("auto(:[0-9]{1,2})?") && !w.matches("[0-9]{1,2}")) {
                throw usage("a window is a number, auto or auto:<max>, not '" + w + "'");
            }
        }
        if (blockSize < 16 || blockSize > 1024 || Integer.bitCount(blockSize) != 1) {
            throw usage("--block-size must be a power of two in 16..1024");
        }
        int reps = repetitions != null ? repetitions : quick ? 1 : 3;
        if (reps < 1 || parallel < 1) {
            throw usage("--repetitions and --parallel must be at least 1");
        }
        List<Integer> loads = clients.isEmpty() ? List.of(100, 1000) : clients;
        int devices = registrations != null ? registrations : quick ? 200 : 1000;
        if (loads.stream().anyMatch(n -> n < 1) || devices < 0) {
            throw usage("--clients must be at least 1 and --registrations at least 0");
        }
        Optional<CampaignBench.Setup> campaign = Optional.empty();
        if (chosen.contains("campaign")) {
            try {
                campaign = Optional.of(new CampaignBench.Setup(campaignDevices != null ? campaignDevices
                        : quick ? 100 : 1000, campaignConcurrent, LinkProfile.parse(campaignProfile),
                        parseSize(campaignSize)));
            } catch (IllegalArgumentException e) {
                throw usage("campaign: " + e.getMessage());
            }
        }
        return new Plan(Set.copyOf(chosen), links, bytes, wins, blockSize, reps, seed, parallel, loads, devices,
                campaign, quick);
    }

    /** {@code 1024}, {@code 64KiB}, {@code 1MiB}: bytes, binary units. */
    static int parseSize(String text) {
        String t = text.strip();
        long factor = 1;
        if (t.endsWith("KiB")) {
            factor = 1024;
            t = t.substring(0, t.length() - 3);
        } else if (t.endsWith("MiB")) {
            factor = 1024 * 1024;
            t = t.substring(0, t.length() - 3);
        }
        try {
            long value = Long.parseLong(t.strip()) * factor;
            if (value < 1024 || value > 8 * 1024 * 1024) {
                throw new IllegalArgumentException("an image size is 1 KiB..8 MiB, not " + text);
            }
            return (int) value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("a size is a number of bytes, KiB or MiB, not '" + text + "'", e);
        }
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
