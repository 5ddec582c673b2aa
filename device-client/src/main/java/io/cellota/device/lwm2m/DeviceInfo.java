package io.cellota.device.lwm2m;

import java.util.Objects;

/**
 * What a device says about itself in Object 3: manufacturer, model, serial number, hardware version, device
 * type, and its memory.
 */
public record DeviceInfo(String manufacturer, String model, String serialNumber, String hardwareVersion,
                         String deviceType, long memoryTotalKb) {

    public DeviceInfo {
        Objects.requireNonNull(manufacturer, "manufacturer");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(serialNumber, "serialNumber");
        Objects.requireNonNull(hardwareVersion, "hardwareVersion");
        Objects.requireNonNull(deviceType, "deviceType");
    }

    /** A simulated nRF9160 with the given serial number. */
    public static DeviceInfo nrf9160(String serialNumber) {
        return new DeviceInfo("Cellota Simulated", "nRF9160-SICA", serialNumber, "1.1.0", "tracker", 256);
    }
}
