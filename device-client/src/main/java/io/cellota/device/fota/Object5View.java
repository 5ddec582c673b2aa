package io.cellota.device.fota;

import io.cellota.firmware.object5.DeliveryMethod;
import io.cellota.firmware.object5.FirmwareUpdateStatus;
import io.cellota.firmware.object5.ProtocolSupport;
import java.time.Instant;
import java.util.Set;

/** The readable resources of Object 5 at one moment. */
public record Object5View(FirmwareUpdateStatus status, String packageUri, String packageName, String packageVersion,
                          Set<ProtocolSupport> protocols, DeliveryMethod deliveryMethod, Instant lastStateChange) {
}
