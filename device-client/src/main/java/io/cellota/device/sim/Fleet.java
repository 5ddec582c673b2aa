package io.cellota.device.sim;

import io.cellota.device.fota.Object5View;
import io.cellota.device.lwm2m.ClientResources;
import io.cellota.firmware.image.ImageVersion;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Many simulated devices in one JVM, sharing one {@link ClientResources}. Devices are powered on at a steady
 * rate rather than all at once, as a fleet comes back after a network outage does not (and a DTLS server
 * can take about a hundred handshakes a second per core).
 */
public final class Fleet implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Fleet.class);

    /** The fleet at a glance. */
    public record Status(int devices, int started, int registered, int crashed, Map<String, Long> versions,
                         Map<String, Long> updateStates) {
    }

    private final List<SimulatedDevice> devices = new CopyOnWriteArrayList<>();
    private final AtomicInteger crashed = new AtomicInteger();
    private final AtomicInteger started = new AtomicInteger();
    private final int size;
    private final ScheduledFuture<?> starter;

    private Fleet(List<DeviceConfig> configs, ClientResources shared, Clock clock, double startsPerSecond)
            throws IOException {
        this.size = configs.size();
        for (DeviceConfig config : configs) {
            SimulatedDevice device = SimulatedDevice.create(config, shared, clock);
            device.addListener(new SimulatedDevice.Listener() {
                @Override
                public void crashed(SimulatedDevice d, String why) {
                    crashed.incrementAndGet();
                }
            });
            devices.add(device);
        }
        long periodMicros = (long) (1_000_000 / Math.max(0.1, startsPerSecond));
        AtomicInteger next = new AtomicInteger();
        this.starter = shared.scheduler().scheduleAtFixedRate(() -> {
            int i = next.getAndIncrement();
            if (i >= devices.size()) {
                return;
            }
            try {
                devices.get(i).powerOn();
                started.incrementAndGet();
            } catch (IOException | RuntimeException e) {
                LOG.error("{} does not start: {}", devices.get(i).endpoint(), e.toString());
                crashed.incrementAndGet();
            }
        }, 0, periodMicros, TimeUnit.MICROSECONDS);
    }

    /** Creates the devices (their flash) and starts powering them on at {@code startsPerSecond}. */
    public static Fleet start(List<DeviceConfig> configs, ClientResources shared, Clock clock, double startsPerSecond)
            throws IOException {
        return new Fleet(configs, shared, clock, startsPerSecond);
    }

    public List<SimulatedDevice> devices() {
        return List.copyOf(devices);
    }

    public Status status() {
        Map<String, Long> versions = new TreeMap<>();
        Map<String, Long> states = new TreeMap<>();
        int registered = 0;
        for (SimulatedDevice d : devices) {
            if (d.isRegistered()) {
                registered++;
            }
            versions.merge(d.runningVersion().map(ImageVersion::toString).orElse("none"), 1L, Long::sum);
            Optional<Object5View> fw = d.firmwareUpdate();
            fw.ifPresent(v -> states.merge(v.status().state() + "/" + v.status().result().code(), 1L, Long::sum));
        }
        return new Status(size, started.get(), registered, crashed.get(), versions, states);
    }

    @Override
    public void close() {
        starter.cancel(false);
        for (SimulatedDevice d : devices) {
            try {
                d.close();
            } catch (IOException | RuntimeException e) {
                LOG.warn("{} did not shut down cleanly: {}", d.endpoint(), e.toString());
            }
        }
    }
}
