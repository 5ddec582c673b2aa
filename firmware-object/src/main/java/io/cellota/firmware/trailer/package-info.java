/**
 * The MCUboot image trailer at the end of each slot (magic, swap info, copy done, image ok), the writes an
 * application makes to request or confirm an upgrade, and the bootloader's swap decision.
 *
 * @see <a href="https://docs.mcuboot.com/design.html#image-trailer">MCUboot design: image trailer</a>
 */
package io.cellota.firmware.trailer;
