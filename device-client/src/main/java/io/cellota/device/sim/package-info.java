/**
 * The simulated device assembled: flash and bootloader, the update logic, the radio and the LwM2M client,
 * rebooting the way firmware does; fleets of them in one JVM; and the {@code cellota device} and
 * {@code cellota fleet} commands.
 */
package io.cellota.device.sim;
