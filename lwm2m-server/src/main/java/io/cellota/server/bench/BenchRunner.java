package io.cellota.server.bench;

import io.cellota.device.link.LinkProfile;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the scenarios a {@link BenchCommand.Plan} asks for, in order, and collects their rows; writes the plots
 * when asked. Progress goes to {@code log} (standard error), one line per run.
 */
final class BenchRunner {

    /** The wire scenario's block sizes: the largest and smaller ones (quick: the largest and 256). */
    static final List<Integer> WIRE_BLOCKS = List.of(1024, 512, 256, 128);
    static final List<Integer> QUICK_WIRE_BLOCKS = List.of(1024, 256);
    /** The wire scenario's window: enough to keep LTE-M's pipe full, so it runs in seconds. */
    static final String WIRE_WINDOW = "8";

    private final BenchCommand.Plan plan;
    private final Path dir;
    private final PrintWriter log;

    BenchRunner(BenchCommand.Plan plan, Path dir, PrintWriter log) {
        this.plan = plan;
        this.dir = dir;
        this.log = log;
    }

    List<BenchRow> run(Path plots) throws Exception {
        List<BenchRow> rows = new ArrayList<>();
        List<DownloadBench.Case> cases = new ArrayList<>();
        if (plan.scenarios().contains("download")) {
            cases.addAll(downloadCases(plan));
        }
        if (plan.scenarios().contains("wire")) {
            cases.addAll(wireCases(plan));
        }
        if (!cases.isEmpty()) {
            List<DownloadBench.Result> results = new DownloadBench(dir.resolve("downloads"), plan.repetitions(),
                    plan.seed(), plan.parallel(), log).run(cases);
            rows.addAll(DownloadBench.timeRows(results.stream()
                    .filter(r -> r.kase().scenario().equals("download")).toList()));
            rows.addAll(DownloadBench.wireRows(results.stream()
                    .filter(r -> r.kase().scenario().equals("wire")).toList()));
            if (plots != null) {
                for (Path file : BenchPlots.write(plots, results)) {
                    log.println("bench: wrote " + file);
                }
            }
        }
        return rows;
    }

    /** Every profile, size and window, over CoAPs (the device's LwM2M session), in the plan's block size. */
    static List<DownloadBench.Case> downloadCases(BenchCommand.Plan plan) {
        List<DownloadBench.Case> cases = new ArrayList<>();
        for (LinkProfile profile : plan.profiles()) {
            for (int size : plan.sizes()) {
                for (String window : plan.windows()) {
                    cases.add(new DownloadBench.Case("download", profile, "coaps", size, plan.blockSize(), window));
                }
            }
        }
        return cases;
    }

    /** CoAPs and CoAP, each block size, the smallest image, over loss-free LTE-M. */
    static List<DownloadBench.Case> wireCases(BenchCommand.Plan plan) {
        List<DownloadBench.Case> cases = new ArrayList<>();
        int size = plan.sizes().stream().min(Integer::compare).orElseThrow();
        for (String scheme : List.of("coaps", "coap")) {
            for (int block : plan.quick() ? QUICK_WIRE_BLOCKS : WIRE_BLOCKS) {
                cases.add(new DownloadBench.Case("wire", LinkProfile.LTE_M, scheme, size, block, WIRE_WINDOW));
            }
        }
        return cases;
    }
}
