/**
 * Firmware images and the LwM2M Firmware Update object, with no network code: the MCUboot image format
 * ({@link io.cellota.firmware.image}), signing and verification ({@link io.cellota.firmware.signing}), the
 * slot trailer and boot decision ({@link io.cellota.firmware.trailer}), Object 5
 * ({@code io.cellota.firmware.object5}) and the {@code cellota image} tool ({@link io.cellota.firmware.tool}).
 */
package io.cellota.firmware;
