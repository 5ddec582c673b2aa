package io.cellota.device.fota;

import io.cellota.firmware.object5.DeliveryMethod;
import io.cellota.firmware.object5.ObjectVersion;
import io.cellota.firmware.object5.ProtocolSupport;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * How a device does firmware updates.
 *
 * @param objectVersion   the Object 5 version it implements (1.1 by default: Cancel, UR 10)
 * @param protocols       /5/0/8 Protocol Support: the URI schemes it can pull from
 * @param deliveryMethod  /5/0/9 Delivery Method
 * @param allowDowngrade  whether a lower version may be installed (the security counter may never go down)
 * @param pushIdleTimeout how long a push (Block1 write of /5/0/0) may pause between blocks before the download
 *                        counts as lost (Update Result 4)
 * @param rebootDelay     how long after Execute Update the device reboots into the bootloader, so the 2.04
 *                        reaches the server first
 */
public record FotaConfig(ObjectVersion objectVersion, Set<ProtocolSupport> protocols, DeliveryMethod deliveryMethod,
                         boolean allowDowngrade, Duration pushIdleTimeout, Duration rebootDelay) {

    public FotaConfig {
        Objects.requireNonNull(objectVersion, "objectVersion");
        Objects.requireNonNull(deliveryMethod, "deliveryMethod");
        protocols = Set.copyOf(protocols);
        if (pushIdleTimeout.isNegative() || pushIdleTimeout.isZero()) {
            throw new IllegalArgumentException("push idle timeout must be positive");
        }
        if (rebootDelay.isNegative()) {
            throw new IllegalArgumentException("reboot delay must not be negative");
        }
    }

    /** An nRF91 running nRF Connect SDK's LwM2M client: CoAP, CoAPs, HTTP and HTTPS pull, and push. */
    public static FotaConfig defaults() {
        return new FotaConfig(ObjectVersion.V1_1,
                EnumSet.of(ProtocolSupport.COAP, ProtocolSupport.COAPS, ProtocolSupport.HTTP, ProtocolSupport.HTTPS),
                DeliveryMethod.BOTH, false, Duration.ofMinutes(10), Duration.ofMillis(500));
    }

    public FotaConfig withProtocols(Set<ProtocolSupport> supported) {
        return new FotaConfig(objectVersion, supported, deliveryMethod, allowDowngrade, pushIdleTimeout, rebootDelay);
    }

    public FotaConfig withDeliveryMethod(DeliveryMethod method) {
        return new FotaConfig(objectVersion, protocols, method, allowDowngrade, pushIdleTimeout, rebootDelay);
    }

    public FotaConfig withAllowDowngrade(boolean allow) {
        return new FotaConfig(objectVersion, protocols, deliveryMethod, allow, pushIdleTimeout, rebootDelay);
    }

    public FotaConfig withObjectVersion(ObjectVersion version) {
        return new FotaConfig(version, protocols, deliveryMethod, allowDowngrade, pushIdleTimeout, rebootDelay);
    }

    public FotaConfig withPushIdleTimeout(Duration timeout) {
        return new FotaConfig(objectVersion, protocols, deliveryMethod, allowDowngrade, timeout, rebootDelay);
    }
}
