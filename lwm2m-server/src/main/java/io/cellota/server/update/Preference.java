package io.cellota.server.update;

import io.cellota.firmware.object5.ProtocolSupport;
import java.util.Objects;
import java.util.Optional;

/**
 * What the operator asked for when requesting an update ({@code "delivery"} and {@code "protocol"} of
 * {@code POST /api/v1/devices/{endpoint}/updates}); each part may be absent, leaving the choice to
 * {@link DeliveryPolicy} and the device.
 *
 * <p>A protocol applies to pulling only: a protocol without a delivery means pull, and a protocol with
 * push is refused, because a pushed package travels over the device's own LwM2M session.
 */
public record Preference(Optional<Delivery> delivery, Optional<ProtocolSupport> protocol) {

    /** No preference: the policy and the device decide. */
    public static final Preference NONE = new Preference(Optional.empty(), Optional.empty());

    /** Checks the parts are present (possibly empty) and do not contradict each other. */
    public Preference {
        Objects.requireNonNull(delivery, "delivery");
        Objects.requireNonNull(protocol, "protocol");
        if (protocol.isPresent() && delivery.equals(Optional.of(Delivery.PUSH))) {
            throw new IllegalArgumentException("a protocol (" + protocol.get().scheme()
                    + ") applies to pull only; a push uses the device's LwM2M session");
        }
    }

    /** This preference asking for {@code delivery}. */
    public Preference withDelivery(Delivery delivery) {
        return new Preference(Optional.of(delivery), protocol);
    }

    /** This preference asking for {@code protocol}. */
    public Preference withProtocol(ProtocolSupport protocol) {
        return new Preference(delivery, Optional.of(protocol));
    }

    /** The delivery asked for, if any: a protocol alone asks for pull. */
    public Optional<Delivery> impliedDelivery() {
        return delivery.or(() -> protocol.map(p -> Delivery.PULL));
    }
}
