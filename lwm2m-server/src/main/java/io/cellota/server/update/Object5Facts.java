package io.cellota.server.update;

import io.cellota.firmware.object5.DeliveryMethod;
import io.cellota.firmware.object5.FirmwareUpdateStatus;
import io.cellota.firmware.object5.ObjectVersion;
import io.cellota.firmware.object5.ProtocolSupport;
import java.util.Objects;
import java.util.Set;

/**
 * What the engine reads from a device's Object 5 before choosing a plan (OMA-SUP-XML_5-V1_1): the
 * object version it registered, State and Update Result, Delivery Method {@code /5/0/9} and Protocol
 * Support {@code /5/0/8}. An empty {@code protocols} means the device does not expose {@code /5/0/8};
 * the engine then assumes CoAP, the protocol every LwM2M client speaks.
 */
public record Object5Facts(ObjectVersion version, FirmwareUpdateStatus status, DeliveryMethod deliveryMethod,
        Set<ProtocolSupport> protocols) {

    /** Checks every part is present, and copies the protocols. */
    public Object5Facts {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(deliveryMethod, "deliveryMethod");
        protocols = Set.copyOf(protocols);
    }

    /** The protocols the device can pull with: {@link #protocols()}, or CoAP if it lists none. */
    public Set<ProtocolSupport> pullProtocols() {
        return protocols.isEmpty() ? Set.of(ProtocolSupport.COAP) : protocols;
    }
}
