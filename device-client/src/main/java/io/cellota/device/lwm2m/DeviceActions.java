package io.cellota.device.lwm2m;

import java.util.Objects;
import java.util.function.Consumer;

/** What Object 3's Reboot and Factory Reset do to the device: reboot with a reason, and factory reset. */
public record DeviceActions(Consumer<String> reboot, Runnable factoryReset) {

    public DeviceActions {
        Objects.requireNonNull(reboot, "reboot");
        Objects.requireNonNull(factoryReset, "factoryReset");
    }
}
