package io.cellota.server.update;

/**
 * The commands the engine sends a device through {@link DeviceGateway}, each named by what it does to
 * Object 5 (OMA-SUP-XML_5-V1_1) or to {@code /3/0/3}.
 */
public enum DeviceCommand {
    /** Read State, Update Result, Protocol Support, Delivery Method and the object version. */
    READ_FACTS("Read /5/0"),
    /** Observe State and Update Result; the answer carries their current values. */
    OBSERVE("Observe /5/0/3 and /5/0/5"),
    /** Read State and Update Result. */
    READ_STATUS("Read /5/0/3 and /5/0/5"),
    /** Write the empty string to Package URI: the device resets to Idle/0 and drops any package. */
    RESET("Write \"\" to /5/0/1"),
    /** Write the package's URI to Package URI: the device starts pulling. */
    WRITE_PACKAGE_URI("Write /5/0/1"),
    /** Write the package into Package block-wise: the server pushes. */
    PUSH_PACKAGE("Write /5/0/0 (block-wise)"),
    /** Execute Update: the device installs the downloaded package. */
    EXECUTE_UPDATE("Execute /5/0/2"),
    /** Execute Cancel (object 5 v1.1): the device drops its download and reports Idle/10. */
    EXECUTE_CANCEL("Execute /5/0/10"),
    /** Read the Device object's Firmware Version. */
    READ_FIRMWARE_VERSION("Read /3/0/3");

    private final String operation;

    DeviceCommand(String operation) {
        this.operation = operation;
    }

    /** Whether it only reads (or observes) the device: sending it again changes nothing on the device. */
    public boolean readsOnly() {
        return this == READ_FACTS || this == OBSERVE || this == READ_STATUS || this == READ_FIRMWARE_VERSION;
    }

    /** The LwM2M operation, e.g. {@code Execute /5/0/2}. */
    public String operation() {
        return operation;
    }
}
