package io.cellota.server.update;

import io.cellota.firmware.object5.FirmwareUpdateResource;
import io.cellota.firmware.object5.ObjectVersion;
import io.cellota.firmware.object5.ProtocolSupport;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;

/**
 * How one attempt delivers the package to one device, chosen in {@link UpdatePhase#PREPARING} by
 * {@link PlanChooser}: push, or pull with a protocol and (once issued) the Package URI; and the
 * device's object version, which decides how to cancel (Cancel in v1.1, an empty Package URI in v1.0).
 */
public record DeliveryPlan(Delivery delivery, Optional<ProtocolSupport> protocol, ObjectVersion objectVersion,
        Optional<String> packageUri) {

    /** Checks a pull has a protocol and a push has none, and that the URI fits the protocol and 255 bytes. */
    public DeliveryPlan {
        Objects.requireNonNull(delivery, "delivery");
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(objectVersion, "objectVersion");
        Objects.requireNonNull(packageUri, "packageUri");
        if (delivery == Delivery.PULL && protocol.isEmpty()) {
            throw new IllegalArgumentException("a pull needs a protocol");
        }
        if (delivery == Delivery.PUSH && (protocol.isPresent() || packageUri.isPresent())) {
            throw new IllegalArgumentException("a push has neither protocol nor Package URI");
        }
        packageUri.ifPresent(uri -> checkUri(uri, protocol.orElseThrow()));
    }

    /** A pull over {@code protocol} from a device implementing {@code version}; no URI yet. */
    public static DeliveryPlan pull(ProtocolSupport protocol, ObjectVersion version) {
        return new DeliveryPlan(Delivery.PULL, Optional.of(protocol), version, Optional.empty());
    }

    /** A push to a device implementing {@code version}. */
    public static DeliveryPlan push(ObjectVersion version) {
        return new DeliveryPlan(Delivery.PUSH, Optional.empty(), version, Optional.empty());
    }

    /** This pull with its Package URI issued. */
    public DeliveryPlan withPackageUri(String uri) {
        return new DeliveryPlan(delivery, protocol, objectVersion, Optional.of(uri));
    }

    /** Whether the device can execute Cancel {@code /5/0/10} (object 5 v1.1). */
    public boolean hasCancel() {
        return objectVersion.isAtLeast(ObjectVersion.V1_1);
    }

    @Override
    public String toString() {
        return delivery == Delivery.PUSH ? "push" : "pull over " + protocol.orElseThrow().scheme();
    }

    private static void checkUri(String uri, ProtocolSupport protocol) {
        int length = uri.getBytes(StandardCharsets.UTF_8).length;
        if (length == 0 || length > FirmwareUpdateResource.PACKAGE_URI_MAX_LENGTH) {
            throw new IllegalArgumentException("a Package URI has 1.." + FirmwareUpdateResource.PACKAGE_URI_MAX_LENGTH
                    + " bytes: " + length);
        }
        if (!uri.regionMatches(true, 0, protocol.scheme() + ":", 0, protocol.scheme().length() + 1)) {
            throw new IllegalArgumentException("the Package URI " + uri + " does not use " + protocol.scheme());
        }
    }
}
