package io.cellota.server.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * The server's hot path from a JFR recording ({@code jdk.ExecutionSample} every 2 ms per running thread): the
 * methods most often on top of the stack (where the CPU is spent), and the methods of our own code
 * ({@code io.cellota}) most often anywhere on the stack (what our code causes, callees included).
 */
final class HotFrames {

    static final int TOP = 8;

    private HotFrames() {
    }

    static List<BenchRow> rows(Path recording, int clients) throws IOException {
        Map<String, Integer> top = new HashMap<>();
        Map<String, Integer> ours = new HashMap<>();
        int samples = 0;
        for (RecordedEvent event : RecordingFile.readAllEvents(recording)) {
            if (!event.getEventType().getName().equals("jdk.ExecutionSample") || event.getStackTrace() == null
                    || event.getStackTrace().getFrames().isEmpty()) {
                continue;
            }
            samples++;
            List<RecordedFrame> frames = event.getStackTrace().getFrames();
            top.merge(name(frames.get(0)), 1, Integer::sum);
            frames.stream().map(HotFrames::name).filter(n -> n.startsWith("io.cellota") && !n.contains("$$Lambda"))
                    .distinct()
                    .forEach(n -> ours.merge(n, 1, Integer::sum));
        }
        int total = Math.max(1, samples);
        String note = samples + " samples, " + clients + " downloads";
        List<BenchRow> rows = new ArrayList<>(share(top, total, "hot frame (self)", note));
        rows.addAll(share(ours, total, "our frame (with callees)", note));
        return rows;
    }

    private static List<BenchRow> share(Map<String, Integer> counts, int total, String metric, String note) {
        return counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(TOP)
                .map(e -> BenchRow.figure("hot-path", "loopback", "coaps", ServeBench.IMAGE_BYTES, 1024, "1",
                        metric + " " + e.getKey(), "%", Samples.of(100.0 * e.getValue() / total), note))
                .collect(Collectors.toList());
    }

    private static String name(RecordedFrame frame) {
        return String.format(Locale.ROOT, "%s.%s", frame.getMethod().getType().getName(),
                frame.getMethod().getName());
    }
}
