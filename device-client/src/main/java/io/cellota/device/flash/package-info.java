/**
 * The simulated flash of an nRF91-class device: the layout presets, file-backed areas with NOR semantics
 * (erase before write, sector erases), the download sink over the secondary slot, and deterministic fault
 * injection (power cuts mid-write, running out of storage). No network code here.
 *
 * @see <a href="https://docs.mcuboot.com/design.html#flash-map">MCUboot design: flash map</a>
 */
package io.cellota.device.flash;
