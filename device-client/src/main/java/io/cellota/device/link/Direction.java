package io.cellota.device.link;

/**
 * The two directions of a device's cellular link, named from the device's side as 3GPP does: the
 * uplink carries datagrams from the device to the server, the downlink from the server to the device.
 */
public enum Direction {
    /** Device to server. */
    UPLINK,
    /** Server to device. */
    DOWNLINK;

    /** The impairment that {@code profile} declares for this direction. */
    public PathProfile path(LinkProfile profile) {
        return this == UPLINK ? profile.uplink() : profile.downlink();
    }
}
