package io.cellota.server.lwm2m;

/**
 * What the LwM2M server tells the rest of the server about devices, in Leshan-free terms. Called on Leshan's
 * threads: implementations must not block.
 */
public interface DeviceEvents {

    /** A device registered (first time, or again after a reboot). */
    default void registered(String endpoint) {
    }

    /**
     * What the device says it is has been read after its registration: model ({@code /3/0/1}), firmware version
     * ({@code /3/0/3}) and radio ({@code /4/0}) are in the registry now, as far as the device answered. Campaigns
     * decide dynamic joins here, not at {@link #registered}, when the registry still shows the version from before.
     */
    default void identified(String endpoint) {
    }

    /** A registration update: the device is awake and reachable for a while. */
    default void updated(String endpoint) {
    }

    default void deregistered(String endpoint) {
    }

    /** The device is reachable now (any uplink in queue mode). */
    default void awake(String endpoint) {
    }

    default void sleeping(String endpoint) {
    }

    /** A notification of Object 5 State (resource 3) or Update Result (resource 5). */
    default void object5(String endpoint, int resourceId, long value) {
    }

    /**
     * A notification of any other observed path, with its content as JSON-ready maps (the shape of
     * {@link io.cellota.server.devices.DeviceOperations.Outcome#content()}).
     */
    default void notified(String endpoint, String path, java.util.Map<String, Object> content) {
    }
}
