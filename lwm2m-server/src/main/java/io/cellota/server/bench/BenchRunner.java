package io.cellota.server.bench;

import io.cellota.device.link.LinkProfile;
import io.cellota.firmware.signing.KeyType;
import io.cellota.firmware.signing.PemKeys;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

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
    private final List<String> gaps = new ArrayList<>();

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
        if (plan.scenarios().contains("reference")) {
            cases.addAll(referenceCases(plan));
        }
        List<DownloadBench.Result> results = List.of();
        if (!cases.isEmpty()) {
            results = new DownloadBench(dir.resolve("downloads"), plan.repetitions(),
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
        if (plan.scenarios().contains("reference")) {
            rows.addAll(reference(results.stream().filter(r -> r.kase().scenario().equals("reference")).toList()));
        }
        if (plan.scenarios().contains("serve")) {
            rows.addAll(new ServeBench(dir, log).run(plan.clients(), true));
            if (plan.registrations() > 0) {
                rows.addAll(new RegistrationBench(dir, log).run(plan.registrations()));
            }
        }
        if (plan.campaign().isPresent()) {
            rows.addAll(new CampaignBench(dir, log, plots).run(plan.campaign().get(), plan.seed()));
        }
        return rows;
    }

    /** What the plan asked for and this run could not measure, one sentence each. */
    List<String> gaps() {
        return List.copyOf(gaps);
    }

    /** Ours (window 1 and auto) beside libcoap's coap-client, same profile, size, block size and seeds. */
    private List<BenchRow> reference(List<DownloadBench.Result> ours) throws Exception {
        List<BenchRow> rows = new ArrayList<>();
        for (DownloadBench.Result r : ours) {
            rows.add(DownloadBench.timeRows(List.of(r)).get(0).withMetric("download time (cellota)"));
            rows.add(DownloadBench.wireRows(List.of(r)).get(0).withMetric("wire efficiency (cellota)"));
        }
        Optional<ReferencePeer> peer = ReferencePeer.find();
        if (peer.isEmpty() || ours.isEmpty()) {
            gaps.add("reference: libcoap's coap-client-notls / coap-server-notls are not on the PATH "
                    + "(apt-get install libcoap3-bin); only our side was measured");
            return rows;
        }
        DownloadBench.Result first = ours.get(0);
        DownloadBench.Case c = first.kase();
        byte[] image = DeliveryRig.signedImage(c.imageBytes(), plan.seed(),
                PemKeys.generate(KeyType.ED25519, "reference"));
        List<ReferencePeer.Measurement> runs = new ArrayList<>();
        // libcoap runs lockstep: give it three times our lockstep time (or a minute) before calling it stuck
        Duration patience = Duration.ofSeconds(Math.max(60, (long) (3 * first.seconds().max())));
        for (int rep = 0; rep < plan.repetitions(); rep++) {
            ReferencePeer.Measurement m;
            try {
                m = peer.get().run(image, "fw/" + c.packageId(), c.profile(), plan.seed() + rep,
                        dir.resolve("libcoap"), patience, ReferencePeer.SEGMENT);
            } catch (IOException e) {
                gaps.add("reference: libcoap's download failed, so it has no row: " + e.getMessage());
                log.println("bench: " + gaps.get(gaps.size() - 1));
                return rows;
            }
            log.printf(Locale.ROOT, "reference: libcoap %s %s seed %d: %.2f s in %d client run(s)%n",
                    c.profile().name(), ResultTable.size(c.imageBytes()), plan.seed() + rep, m.seconds(),
                    m.segments());
            log.flush();
            runs.add(m);
        }
        Samples seconds = new Samples(runs.stream().map(ReferencePeer.Measurement::seconds).toList());
        Samples efficiency = new Samples(runs.stream().map(m -> (double) c.imageBytes()
                / (m.transfer().uplink().receivedBytes() + m.transfer().downlink().receivedBytes())).toList());
        ReferencePeer.Measurement median = runs.stream()
                .sorted(Comparator.comparingDouble(ReferencePeer.Measurement::seconds)).toList()
                .get((runs.size() - 1) / 2);
        String segments = median.segments() == 1 ? "" : String.format(Locale.ROOT, " in %d client runs of at most "
                + "%d s (its server forgets a block-wise body %d s after the first block; each run fetched the rest "
                + "as a new resource)", median.segments(), ReferencePeer.SEGMENT.toSeconds(),
                ReferencePeer.SERVER_BODY_LIFETIME.toSeconds());
        String note = String.format(Locale.ROOT, "%s, lockstep%s; down %d B in %d dgrams, up %d B in %d; limit from "
                        + "our headers", peer.get().describe(), segments, median.transfer().downlink().receivedBytes(),
                median.transfer().downlink().received(), median.transfer().uplink().receivedBytes(),
                median.transfer().uplink().received());
        rows.add(BenchRow.time("reference", c.profile().name(), "coap", c.imageBytes(), c.blockSize(), "1", seconds,
                first.limitSeconds(), note).withMetric("download time (libcoap)"));
        rows.add(BenchRow.efficiency("reference", c.profile().name(), "coap", c.imageBytes(), c.blockSize(), "1",
                efficiency, first.model().transfer(c.imageBytes(), c.blockSize()).efficiency(), note)
                .withMetric("wire efficiency (libcoap)"));
        return rows;
    }

    /** Our side of the reference comparison: plain CoAP, LTE-M, the largest size, window 1 and auto. */
    static List<DownloadBench.Case> referenceCases(BenchCommand.Plan plan) {
        int size = plan.sizes().stream().max(Integer::compare).orElseThrow();
        return List.of(new DownloadBench.Case("reference", LinkProfile.LTE_M, "coap", size, 1024, "1"),
                new DownloadBench.Case("reference", LinkProfile.LTE_M, "coap", size, 1024, "auto"));
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
