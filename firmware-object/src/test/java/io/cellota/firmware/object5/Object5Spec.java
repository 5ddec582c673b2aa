package io.cellota.firmware.object5;

import io.cellota.firmware.object5.Trigger.CancelExecuted;
import io.cellota.firmware.object5.Trigger.DeferredUpdateStarted;
import io.cellota.firmware.object5.Trigger.DownloadCompleted;
import io.cellota.firmware.object5.Trigger.DownloadFailed;
import io.cellota.firmware.object5.Trigger.PackageReset;
import io.cellota.firmware.object5.Trigger.PackageUriWritten;
import io.cellota.firmware.object5.Trigger.PackageWriteStarted;
import io.cellota.firmware.object5.Trigger.UpdateDeferred;
import io.cellota.firmware.object5.Trigger.UpdateExecuted;
import io.cellota.firmware.object5.Trigger.UpdateFailed;
import io.cellota.firmware.object5.Trigger.UpdateSucceeded;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Facts of the Object 5 specification written out by hand for the tests, independently of the
 * production code, so that a test comparing the two can fail.
 */
final class Object5Spec {

    /**
     * The (State, Update Result) pairs a device may report, from the reference's UR table (3.3) and
     * transition table (3.4): Downloading and Updating carry 0; Downloaded carries 0, 8, and 5 (1.0,
     * where every update failure returns to Downloaded) or 11 (1.1 deferral); Idle carries the rest.
     */
    private static final Map<ObjectVersion, String> REACHABLE = Map.of(
            ObjectVersion.V1_0, """
                    IDLE/0 IDLE/1 IDLE/2 IDLE/3 IDLE/4 IDLE/5 IDLE/6 IDLE/7 IDLE/9
                    DOWNLOADING/0
                    DOWNLOADED/0 DOWNLOADED/5 DOWNLOADED/8
                    UPDATING/0""",
            ObjectVersion.V1_1, """
                    IDLE/0 IDLE/1 IDLE/2 IDLE/3 IDLE/4 IDLE/5 IDLE/6 IDLE/7 IDLE/9 IDLE/10
                    DOWNLOADING/0
                    DOWNLOADED/0 DOWNLOADED/8 DOWNLOADED/11
                    UPDATING/0""");

    /** A Package URI the machine accepts; its content does not matter to the state machine. */
    static final String SOME_URI = "coaps://files.cellota.example/fw/4.2.0.bin";

    /** Every trigger of the machine, grouped under the name the transition tables use. */
    static final Map<String, List<Trigger>> TRIGGERS = triggers();

    private Object5Spec() {
    }

    /** The pairs the specification allows for {@code version}. */
    static Set<FirmwareUpdateStatus> reachable(ObjectVersion version) {
        return Arrays.stream(REACHABLE.get(version).split("\\s+"))
                .map(Object5Spec::status)
                .collect(Collectors.toUnmodifiableSet());
    }

    /** Every trigger instance: each kind once, failures once per legal reason. */
    static List<Trigger> allTriggers() {
        return TRIGGERS.values().stream().flatMap(List::stream).toList();
    }

    /** Parses {@code STATE/code}, e.g. {@code DOWNLOADED/8}. */
    static FirmwareUpdateStatus status(String token) {
        String[] parts = token.split("/");
        return new FirmwareUpdateStatus(UpdateState.valueOf(parts[0]),
                UpdateResult.fromCode(Long.parseLong(parts[1])).orElseThrow());
    }

    private static Map<String, List<Trigger>> triggers() {
        Map<String, List<Trigger>> triggers = new LinkedHashMap<>();
        triggers.put("PACKAGE_WRITE_STARTED", List.of(new PackageWriteStarted()));
        triggers.put("PACKAGE_URI_WRITTEN", List.of(new PackageUriWritten(SOME_URI)));
        triggers.put("PACKAGE_RESET", List.of(new PackageReset()));
        triggers.put("DOWNLOAD_COMPLETED", List.of(new DownloadCompleted()));
        triggers.put("DOWNLOAD_FAILED", List.of(2, 3, 4, 5, 6, 7, 9).stream()
                .map(code -> (Trigger) new DownloadFailed(UpdateResult.fromCode(code).orElseThrow()))
                .toList());
        triggers.put("UPDATE_EXECUTED", List.of(new UpdateExecuted()));
        triggers.put("UPDATE_SUCCEEDED", List.of(new UpdateSucceeded()));
        triggers.put("UPDATE_FAILED_8", List.of(new UpdateFailed(UpdateResult.UPDATE_FAILED)));
        triggers.put("UPDATE_FAILED_5", List.of(new UpdateFailed(UpdateResult.INTEGRITY_CHECK_FAILURE)));
        triggers.put("UPDATE_DEFERRED", List.of(new UpdateDeferred()));
        triggers.put("DEFERRED_UPDATE_STARTED", List.of(new DeferredUpdateStarted()));
        triggers.put("CANCEL_EXECUTED", List.of(new CancelExecuted()));
        return Collections.unmodifiableMap(triggers);
    }
}
