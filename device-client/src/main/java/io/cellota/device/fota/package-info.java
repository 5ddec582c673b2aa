/**
 * The device's firmware update logic — LwM2M Object 5 as a device implements it — free of Leshan and
 * Californium: the persisted Object 5 state, pull downloads from a Package URI and push writes of the
 * Package, validation before Downloaded, Update through the bootloader and a reboot, and the outcome
 * reported after the new image starts. Every transition is decided by firmware-object's
 * {@link io.cellota.firmware.object5.FirmwareUpdateStateMachine} and persisted before it is acknowledged.
 */
package io.cellota.device.fota;
