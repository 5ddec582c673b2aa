package io.cellota.device.lwm2m;

import io.cellota.device.radio.PsmRadio;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.Objects;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.Record;
import org.eclipse.californium.scandium.dtls.cipher.CipherSuite;

/**
 * Scandium's DTLS connector without a thread of its own: no receiver thread ({@code DTLS_RECEIVER_THREAD_COUNT}
 * 0 on this connector's copy of the configuration); the fleet's {@link DatagramLoop} reads its non-blocking
 * channel and hands each datagram to {@link #processDatagram(DatagramPacket)}; records go out through the same
 * channel on the sending thread. Behind the device's radio: every datagram sent (handshake flights included)
 * wakes the radio, and a datagram that arrives while the device sleeps is lost. Its work and timers run on the
 * executor given with {@link #setExecutor}.
 *
 * <p><b>Leans on Scandium internals (checked against Californium 3.12.0; test it on every Californium
 * upgrade):</b>
 * <ul>
 * <li>{@code DTLS_RECEIVER_THREAD_COUNT} 0 is accepted and starts no receiver;</li>
 * <li>the protected {@code start(InetSocketAddress)} is where the stock connector opens its socket, and the
 *     protected {@code init(InetSocketAddress, DatagramSocket, Integer)} binds the given socket (here the
 *     channel's socket adaptor), applies the buffer sizes, sets the MTU and starts the connector; the connector
 *     keeps that socket only to bind, close ({@code stop()}) and report its address, never to receive (no
 *     receiver) or send ({@link #sendNextDatagramOverNetwork} is overridden);</li>
 * <li>every outbound datagram passes through the protected {@code sendNextDatagramOverNetwork(DatagramPacket)};</li>
 * <li>every inbound datagram passes through the protected {@code processDatagram(DatagramPacket, InetSocketAddress)},
 *     which parses the records (copying their bytes) on the calling thread and queues the rest on the executor,
 *     so the loop's buffer can be reused as soon as it returns;</li>
 * <li>the protected field {@code inboundDatagramBufferSize}, the largest datagram the stock receiver reads, and
 *     the sum of public constants in {@link #largestDatagram()}, which mirrors the private one it starts from.</li>
 * </ul>
 */
final class LoopDtlsConnector extends DTLSConnector {

    private final DatagramLoop loop;
    private final PsmRadio radio;
    private volatile DatagramChannel channel;
    private DatagramLoop.Registration registration;

    LoopDtlsConnector(DtlsConnectorConfig config, DatagramLoop loop, PsmRadio radio) {
        super(withoutReceiverThreads(config));
        this.loop = Objects.requireNonNull(loop, "loop");
        this.radio = Objects.requireNonNull(radio, "radio");
    }

    private static DtlsConnectorConfig withoutReceiverThreads(DtlsConnectorConfig config) {
        return DtlsConnectorConfig.builder(config).set(DtlsConfig.DTLS_RECEIVER_THREAD_COUNT, 0).build();
    }

    /** The largest datagram the stock connector reads: a full record plus the largest cipher expansion. */
    static int largestDatagram() {
        return Record.DTLS_MAX_PLAINTEXT_FRAGMENT_LENGTH + Record.DTLS_HANDSHAKE_HEADER_LENGTH
                + CipherSuite.getOverallMaxCiphertextExpansion();
    }

    /** Called by the final {@code start()} under the connector's lock: a channel on the loop, then Scandium's init. */
    @Override
    protected void start(InetSocketAddress bindAddress) throws IOException {
        if (isRunning()) {
            return;
        }
        DatagramChannel opened = DatagramLoop.openChannel(bindAddress);
        try {
            channel = opened;
            init(bindAddress, opened.socket(), null);
            registration = loop.register(opened, this::processDatagram);
        } catch (IOException | RuntimeException e) {
            super.stop();
            channel = null;
            opened.close();
            throw e;
        }
    }

    @Override
    public void stop() {
        synchronized (this) {
            if (registration != null) {
                registration.close();
                registration = null;
            }
            channel = null;
        }
        super.stop();
    }

    @Override
    protected void sendNextDatagramOverNetwork(DatagramPacket datagram) throws IOException {
        radio.onUplink();
        DatagramChannel current = channel;
        if (current == null || !current.isOpen()) {
            throw new IOException("Socket closed.");
        }
        if (datagram.getPort() == 0) {
            if (health != null) {
                health.sendingRecord(true);
            }
            throw new IOException("DTLS record to " + datagram.getSocketAddress() + " dropped, destination port 0!");
        }
        loop.send(current, ByteBuffer.wrap(datagram.getData(), datagram.getOffset(), datagram.getLength()),
                (InetSocketAddress) datagram.getSocketAddress());
    }

    @Override
    protected void processDatagram(DatagramPacket packet, InetSocketAddress router) {
        if (radio.admitDownlink() && packet.getLength() <= inboundDatagramBufferSize) {
            super.processDatagram(packet, router);
        }
    }
}
