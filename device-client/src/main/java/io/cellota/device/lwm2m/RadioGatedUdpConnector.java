package io.cellota.device.lwm2m;

import io.cellota.device.radio.PsmRadio;
import java.net.DatagramPacket;
import java.net.InetSocketAddress;
import org.eclipse.californium.elements.RawData;
import org.eclipse.californium.elements.UDPConnector;
import org.eclipse.californium.elements.config.Configuration;

/**
 * Californium's UDP connector behind the device's radio: every datagram sent wakes the radio, and datagrams
 * that arrive while the device sleeps in PSM are lost, as they are on a real network.
 */
final class RadioGatedUdpConnector extends UDPConnector {

    private final PsmRadio radio;

    RadioGatedUdpConnector(InetSocketAddress address, Configuration configuration, PsmRadio radio) {
        super(address, configuration);
        this.radio = radio;
    }

    @Override
    public void send(RawData msg) {
        radio.onUplink();
        super.send(msg);
    }

    @Override
    public void processDatagram(DatagramPacket datagram) {
        if (radio.admitDownlink()) {
            super.processDatagram(datagram);
        }
    }
}
