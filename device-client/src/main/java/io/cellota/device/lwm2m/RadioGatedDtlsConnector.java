package io.cellota.device.lwm2m;

import io.cellota.device.radio.PsmRadio;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.InetSocketAddress;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;

/**
 * Scandium's DTLS connector behind the device's radio: every datagram sent (handshake flights included) wakes
 * the radio; datagrams that arrive while the device sleeps are lost.
 */
final class RadioGatedDtlsConnector extends DTLSConnector {

    private final PsmRadio radio;

    RadioGatedDtlsConnector(DtlsConnectorConfig config, PsmRadio radio) {
        super(config);
        this.radio = radio;
    }

    @Override
    protected void sendNextDatagramOverNetwork(DatagramPacket datagramPacket) throws IOException {
        radio.onUplink();
        super.sendNextDatagramOverNetwork(datagramPacket);
    }

    @Override
    protected void processDatagram(DatagramPacket packet, InetSocketAddress router) {
        if (radio.admitDownlink()) {
            super.processDatagram(packet, router);
        }
    }
}
