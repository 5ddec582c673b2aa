package io.cellota.device.sim;

import java.util.OptionalLong;

/**
 * Faults a simulated device is told to have, to provoke the failures a fleet meets in the field. Faults of the
 * package or the network (a corrupt image, an untrusted key, a bad URI, a dead link) come from what the server
 * sends and from the link; these are the device's own.
 *
 * @param newFirmwareCrashes a newly installed image crashes before it confirms itself, so the bootloader
 *                           reverts it (Update Result 8)
 * @param storageBudget      flash writes beyond this many bytes fail, as worn or full storage does (Update
 *                           Result 3 during a download)
 */
public record FaultPlan(boolean newFirmwareCrashes, OptionalLong storageBudget) {

    public static final FaultPlan NONE = new FaultPlan(false, OptionalLong.empty());

    public FaultPlan withNewFirmwareCrashes(boolean crashes) {
        return new FaultPlan(crashes, storageBudget);
    }

    public FaultPlan withStorageBudget(long bytes) {
        return new FaultPlan(newFirmwareCrashes, OptionalLong.of(bytes));
    }

    /** Parses the command-line form: {@code none}, {@code crash-new-firmware}, {@code storage:<bytes>}, joined by {@code ,}. */
    public static FaultPlan parse(String text) {
        FaultPlan plan = NONE;
        for (String part : text.split(",")) {
            String p = part.strip();
            if (p.isEmpty() || p.equals("none")) {
                continue;
            }
            if (p.equals("crash-new-firmware")) {
                plan = plan.withNewFirmwareCrashes(true);
            } else if (p.startsWith("storage:")) {
                plan = plan.withStorageBudget(Long.parseLong(p.substring("storage:".length())));
            } else {
                throw new IllegalArgumentException("unknown fault '" + p + "'; known: none, crash-new-firmware,"
                        + " storage:<bytes>");
            }
        }
        return plan;
    }
}
