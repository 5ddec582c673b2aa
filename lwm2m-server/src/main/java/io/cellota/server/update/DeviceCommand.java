package io.cellota.server.update;

/**
 * The commands the engine sends a device through {@link DeviceGateway}, each named by what it does to
 * Object 5 (OMA-SUP-XML_5-V1_1) or to {@code /3/0/3}.
 */
public enum DeviceCommand {
    /** Read State, Update Result, Protocol Support, Delivery Method and the object version. */
    READ_FACTS("Read /5/0", false),
    /** Observe State and Update Result; the answer carries their current values. */
    OBSERVE("Observe /5/0/3 and /5/0/5", false),
    /** Read State and Update Result. */
    READ_STATUS("Read /5/0/3 and /5/0/5", false),
    /** Write the empty string to Package URI: the device resets to Idle/0 and drops any package. */
    RESET("Write \"\" to /5/0/1", true),
    /** Write the package's URI to Package URI: the device starts pulling. */
    WRITE_PACKAGE_URI("Write /5/0/1", true),
    /** Write the package into Package block-wise: the server pushes. */
    PUSH_PACKAGE("Write /5/0/0 (block-wise)", true),
    /** Execute Update: the device installs the downloaded package. */
    EXECUTE_UPDATE("Execute /5/0/2", true),
    /** Execute Cancel (object 5 v1.1): the device drops its download and reports Idle/10. */
    EXECUTE_CANCEL("Execute /5/0/10", true),
    /** Read the Device object's Firmware Version. */
    READ_FIRMWARE_VERSION("Read /3/0/3", false);

    private final String operation;
    private final boolean changesDevice;

    DeviceCommand(String operation, boolean changesDevice) {
        this.operation = operation;
        this.changesDevice = changesDevice;
    }

    /** The LwM2M operation, e.g. {@code Execute /5/0/2}. */
    public String operation() {
        return operation;
    }

    /** Whether the command changes the device's state; reads and observes do not. */
    public boolean changesDevice() {
        return changesDevice;
    }
}
