package io.cellota.device.radio;

import java.util.Objects;

/**
 * What the modem reports about its cell at one moment (Object 4): the bearer, the signal (RSRP, which is
 * what Object 4's Radio Signal Strength means on LTE, in dBm; SNR in dB), the link quality (RSRQ in dB), the
 * serving cell and network, and the coverage enhancement level.
 */
public record RadioConditions(Bearer bearer, int rsrpDbm, int rsrqDb, int snrDb, long cellId, int mcc, int mnc,
                              int trackingAreaCode, int coverageEnhancementLevel) {

    public RadioConditions {
        Objects.requireNonNull(bearer, "bearer");
        if (rsrpDbm < -140 || rsrpDbm > -44) {
            throw new IllegalArgumentException("RSRP must be -140..-44 dBm, was " + rsrpDbm);
        }
        if (cellId < 0 || cellId > 0x0fff_ffffL) {
            throw new IllegalArgumentException("E-UTRAN cell id is 28 bits, was " + cellId);
        }
        if (mcc < 0 || mcc > 999 || mnc < 0 || mnc > 999) {
            throw new IllegalArgumentException("MCC and MNC are 0..999");
        }
        if (coverageEnhancementLevel < 0 || coverageEnhancementLevel > 3) {
            throw new IllegalArgumentException("coverage enhancement level is 0..3");
        }
    }

    public RadioConditions withRsrp(int dbm) {
        return new RadioConditions(bearer, dbm, rsrqDb, snrDb, cellId, mcc, mnc, trackingAreaCode,
                coverageEnhancementLevel);
    }

    public RadioConditions withCell(long cell) {
        return new RadioConditions(bearer, rsrpDbm, rsrqDb, snrDb, cell, mcc, mnc, trackingAreaCode,
                coverageEnhancementLevel);
    }
}
