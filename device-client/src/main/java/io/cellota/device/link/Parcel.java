package io.cellota.device.link;

/**
 * A datagram on its way through one direction of a device's link: what the proxy needs to deliver it
 * when its release time comes. Settled once, by delivery or by a drop, even if it is released twice (a
 * held-back datagram has both a deadline and an early release). Event loop thread only.
 */
final class Parcel {

    final ClientLink client;
    final Direction direction;
    final byte[] payload;
    /** The link epoch at admission: a blackout since then drops the parcel. */
    final long epoch;
    private boolean settled;

    Parcel(ClientLink client, Direction direction, byte[] payload, long epoch) {
        this.client = client;
        this.direction = direction;
        this.payload = payload;
        this.epoch = epoch;
    }

    /** Marks the parcel settled; false if it already was. */
    boolean settle() {
        if (settled) {
            return false;
        }
        settled = true;
        return true;
    }
}
