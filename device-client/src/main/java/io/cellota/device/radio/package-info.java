/**
 * The simulated modem's radio: what Object 4 reports (bearer, RSRP, cell), and power saving (PSM): after
 * each uplink the device stays reachable for its active time, then sleeps until its next uplink.
 */
package io.cellota.device.radio;
