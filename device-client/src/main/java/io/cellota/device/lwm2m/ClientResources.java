package io.cellota.device.lwm2m;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.UdpConfig;
import org.eclipse.leshan.core.model.LwM2mModel;
import org.eclipse.leshan.core.model.ObjectLoader;
import org.eclipse.leshan.core.model.StaticModel;
import org.eclipse.leshan.core.node.codec.DefaultLwM2mDecoder;
import org.eclipse.leshan.core.node.codec.DefaultLwM2mEncoder;
import org.eclipse.leshan.core.node.codec.LwM2mDecoder;
import org.eclipse.leshan.core.node.codec.LwM2mEncoder;

/**
 * What every simulated device of a JVM shares, so that a fleet of thousands fits: one Californium
 * configuration, one object model, one encoder and decoder, four thread pools, and one {@link DatagramLoop}
 * thread that reads every device's socket (so a device costs no thread at all). Leshan's engine and
 * Californium get separate pools: registration requests park a Leshan thread until Californium, on its own
 * threads, delivers the answer (sharing one pool deadlocks under load, as measured in shared/reference/fleet-scaling.md).
 */
public final class ClientResources implements AutoCloseable {

    private final Configuration configuration;
    private final LwM2mModel model;
    private final LwM2mEncoder encoder;
    private final LwM2mDecoder decoder;
    private final ScheduledExecutorService leshan;
    private final ScheduledExecutorService californium;
    private final ScheduledExecutorService californiumTimer;
    private final ScheduledExecutorService logic;
    private final CoapTiming timing;
    private final DatagramLoop datagrams;

    private ClientResources(CoapTiming timing, int leshanThreads, int californiumThreads) {
        this.timing = timing;
        this.configuration = ClientConfigurations.cellular(timing);
        this.datagrams = startLoop(configuration);
        this.model = new StaticModel(ObjectLoader.loadDefault());
        this.encoder = new DefaultLwM2mEncoder();
        this.decoder = new DefaultLwM2mDecoder();
        this.leshan = Executors.newScheduledThreadPool(leshanThreads, daemon("device-lwm2m"));
        this.californium = Executors.newScheduledThreadPool(californiumThreads, daemon("device-coap"));
        this.californiumTimer = Executors.newScheduledThreadPool(1, daemon("device-coap-timer"));
        this.logic = Executors.newScheduledThreadPool(Math.max(2, Math.min(8, leshanThreads / 4)), daemon("device-logic"));
    }

    /** Resources for devices on links with {@code timing}, pools sized for about {@code devices} devices. */
    public static ClientResources create(CoapTiming timing, int devices) {
        // registrations in flight ≈ start rate × worst round trip: 48 covers 50 starts/s at ~1 s RTT
        int leshanThreads = Math.max(4, Math.min(48, devices / 8));
        int coapThreads = Math.max(2, Math.min(16, devices / 32));
        return new ClientResources(timing, leshanThreads, coapThreads);
    }

    private static DatagramLoop startLoop(Configuration configuration) {
        int largest = Math.max(configuration.get(UdpConfig.UDP_DATAGRAM_SIZE), LoopDtlsConnector.largestDatagram());
        try {
            return DatagramLoop.start("device-datagrams", 1, largest);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a selector for the devices' sockets", e);
        }
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    public CoapTiming timing() {
        return timing;
    }

    Configuration configuration() {
        return configuration;
    }

    LwM2mModel model() {
        return model;
    }

    LwM2mEncoder encoder() {
        return encoder;
    }

    LwM2mDecoder decoder() {
        return decoder;
    }

    /** Leshan's registration engine and notifications. */
    ScheduledExecutorService leshanExecutor() {
        return leshan;
    }

    /** Californium's protocol stage and DTLS work. */
    ScheduledExecutorService californiumExecutor() {
        return californium;
    }

    ScheduledExecutorService californiumTimer() {
        return californiumTimer;
    }

    /** Reads every device's socket; sends go straight out. */
    DatagramLoop datagramLoop() {
        return datagrams;
    }

    /** The devices' own logic: download outcomes, reboots, timers; never Leshan's or Californium's threads. */
    public ScheduledExecutorService scheduler() {
        return logic;
    }

    @Override
    public void close() {
        datagrams.close();
        logic.shutdownNow();
        leshan.shutdownNow();
        californium.shutdownNow();
        californiumTimer.shutdownNow();
        try {
            leshan.awaitTermination(5, TimeUnit.SECONDS);
            californium.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
