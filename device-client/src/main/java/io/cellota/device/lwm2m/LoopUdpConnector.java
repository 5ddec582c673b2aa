package io.cellota.device.lwm2m;

import io.cellota.device.radio.PsmRadio;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.DatagramPacket;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.Arrays;
import java.util.Objects;
import org.eclipse.californium.elements.Connector;
import org.eclipse.californium.elements.EndpointContext;
import org.eclipse.californium.elements.EndpointContextMatcher;
import org.eclipse.californium.elements.RawData;
import org.eclipse.californium.elements.RawDataChannel;
import org.eclipse.californium.elements.UdpEndpointContext;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.UdpConfig;
import org.eclipse.californium.elements.exception.EndpointMismatchException;
import org.eclipse.californium.elements.util.ClockUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A plain CoAP device's UDP {@link Connector} without a thread of its own: the fleet's {@link DatagramLoop} reads
 * its non-blocking channel, and {@link #send} writes on the caller's thread (Californium's protocol stage), so
 * the message callbacks run there too. Behind the device's radio, as on a real network: every datagram sent
 * wakes the radio, and a datagram that arrives while it sleeps in PSM is lost.
 *
 * <p>Inbound datagrams become {@link RawData} with a {@link UdpEndpointContext}, and outbound ones are checked
 * against the {@link EndpointContextMatcher}, as Californium's {@code UDPConnector} does. Unlike it, a datagram
 * the kernel has no room for is not waited for: it is dropped (counted by the loop) and reported sent, as if
 * lost on the way; CoAP's retransmission covers it. Uses {@link UdpConfig#UDP_DATAGRAM_SIZE},
 * {@code UDP_RECEIVE_BUFFER_SIZE} and {@code UDP_SEND_BUFFER_SIZE}; the thread counts do not apply.
 */
final class LoopUdpConnector implements Connector {

    private static final Logger LOG = LoggerFactory.getLogger(LoopUdpConnector.class);

    private final InetSocketAddress bindAddress;
    private final DatagramLoop loop;
    private final PsmRadio radio;
    private final int maxDatagramSize;
    private final Integer receiveBufferSize;
    private final Integer sendBufferSize;
    private volatile RawDataChannel receiver;
    private volatile EndpointContextMatcher matcher;
    private volatile DatagramChannel channel;
    private volatile InetSocketAddress address;
    private DatagramLoop.Registration registration;

    /** @param bindAddress where to bind; port 0 for an ephemeral port */
    LoopUdpConnector(InetSocketAddress bindAddress, Configuration configuration, DatagramLoop loop, PsmRadio radio) {
        this.bindAddress = Objects.requireNonNull(bindAddress, "bindAddress");
        this.loop = Objects.requireNonNull(loop, "loop");
        this.radio = Objects.requireNonNull(radio, "radio");
        this.maxDatagramSize = configuration.get(UdpConfig.UDP_DATAGRAM_SIZE);
        this.receiveBufferSize = configuration.get(UdpConfig.UDP_RECEIVE_BUFFER_SIZE);
        this.sendBufferSize = configuration.get(UdpConfig.UDP_SEND_BUFFER_SIZE);
        this.address = bindAddress;
    }

    @Override
    public synchronized void start() throws IOException {
        if (channel != null) {
            return;
        }
        DatagramChannel opened = DatagramLoop.openChannel(bindAddress);
        try {
            if (receiveBufferSize != null && receiveBufferSize > 0) {
                opened.setOption(StandardSocketOptions.SO_RCVBUF, receiveBufferSize);
            }
            if (sendBufferSize != null && sendBufferSize > 0) {
                opened.setOption(StandardSocketOptions.SO_SNDBUF, sendBufferSize);
            }
            opened.bind(bindAddress);
            address = (InetSocketAddress) opened.getLocalAddress();
            registration = loop.register(opened, this::processDatagram);
        } catch (IOException | RuntimeException e) {
            opened.close();
            throw e;
        }
        channel = opened;
        LOG.debug("UDP connector listening on {} (shared datagram loop)", address);
    }

    @Override
    public synchronized void stop() {
        if (channel == null) {
            return;
        }
        channel = null;
        registration.close();
        registration = null;
        LOG.debug("UDP connector on {} stopped", address);
    }

    @Override
    public void destroy() {
        stop();
        receiver = null;
    }

    @Override
    public boolean isRunning() {
        return channel != null;
    }

    @Override
    public void send(RawData message) {
        radio.onUplink();
        Objects.requireNonNull(message, "message");
        InetSocketAddress destination = message.getInetSocketAddress();
        if (destination.getPort() == 0) {
            message.onError(new IOException("CoAP message to " + destination + " dropped, destination port 0!"));
            return;
        }
        DatagramChannel current = channel;
        if (current == null) {
            message.onError(new InterruptedIOException("Connector is not running."));
            return;
        }
        EndpointContext context = new UdpEndpointContext(destination);
        EndpointContextMatcher contextMatcher = matcher;
        if (contextMatcher != null && !contextMatcher.isToBeSent(message.getEndpointContext(), context)) {
            LOG.warn("UDP connector on {} drops {} bytes to {}: endpoint context mismatch", address, message.getSize(),
                    destination);
            message.onError(new EndpointMismatchException("UDP sending"));
            return;
        }
        try {
            message.onContextEstablished(context);
            loop.send(current, ByteBuffer.wrap(message.getBytes()), destination);
            message.onSent();
        } catch (IOException e) {
            message.onError(e);
        }
    }

    /** An inbound datagram, from the loop (or a test): heard only while the radio is awake. */
    @Override
    public void processDatagram(DatagramPacket datagram) {
        if (!radio.admitDownlink()) {
            return;
        }
        RawDataChannel target = receiver;
        if (datagram.getPort() == 0) {
            LOG.trace("UDP connector on {} discards a datagram without source port", address);
        } else if (datagram.getLength() > maxDatagramSize) {
            LOG.debug("UDP connector on {} discards {} bytes from {}: more than {}", address, datagram.getLength(),
                    datagram.getSocketAddress(), maxDatagramSize);
        } else if (target == null) {
            LOG.debug("UDP connector on {} discards a datagram: no receiver", address);
        } else {
            byte[] bytes = Arrays.copyOfRange(datagram.getData(), datagram.getOffset(),
                    datagram.getOffset() + datagram.getLength());
            UdpEndpointContext source = new UdpEndpointContext(
                    new InetSocketAddress(datagram.getAddress(), datagram.getPort()));
            target.receiveData(RawData.inbound(bytes, source, false, ClockUtil.nanoRealtime(), address));
        }
    }

    @Override
    public void setRawDataReceiver(RawDataChannel receiver) {
        this.receiver = receiver;
    }

    @Override
    public void setEndpointContextMatcher(EndpointContextMatcher matcher) {
        this.matcher = matcher;
    }

    @Override
    public InetSocketAddress getAddress() {
        return address;
    }

    @Override
    public String getProtocol() {
        return "UDP";
    }

    @Override
    public String toString() {
        return getProtocol() + "-" + address;
    }
}
