/**
 * The simulated device's bootloader: MCUboot's swap-using-scratch upgrade with test, permanent and revert swaps,
 * resumable after a power cut at any write, validation of both slots, and rollback protection by security
 * counter. Trailers are read and written through firmware-object, so they are MCUboot's bytes. No network code.
 *
 * @see <a href="https://docs.mcuboot.com/design.html">MCUboot design</a>
 */
package io.cellota.device.boot;
