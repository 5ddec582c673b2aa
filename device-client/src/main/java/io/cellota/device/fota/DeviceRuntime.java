package io.cellota.device.fota;

/** The rest of the device, as the update logic sees it. */
public interface DeviceRuntime {

    /** Resets the device: the bootloader runs, then the firmware starts again and re-registers. */
    void reboot(String reason);
}
