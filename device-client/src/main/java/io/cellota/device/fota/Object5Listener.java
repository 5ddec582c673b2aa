package io.cellota.device.fota;

import io.cellota.firmware.object5.FirmwareUpdateResource;
import java.util.Set;

/**
 * Told when Object 5 resources change, so observers are notified. Called outside the update logic's lock, in
 * order, from one thread.
 */
@FunctionalInterface
public interface Object5Listener {

    void changed(Set<FirmwareUpdateResource> resources);
}
