package io.cellota.device.radio;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Whether the device can hear the network now. Every uplink wakes the radio; with PSM it stays reachable for
 * the active time after the last uplink and then sleeps, so downlink datagrams are lost until the device next
 * sends something — exactly what a server sees of a device in PSM. Lock-free: the connectors ask it for every
 * datagram.
 */
public final class PsmRadio {

    private final Clock clock;
    private final AtomicReference<PsmConfig> config;
    private final AtomicLong lastUplinkMillis;
    private final AtomicLong droppedWhileAsleep = new AtomicLong();

    public PsmRadio(PsmConfig config, Clock clock) {
        this.config = new AtomicReference<>(Objects.requireNonNull(config, "config"));
        this.clock = Objects.requireNonNull(clock, "clock");
        this.lastUplinkMillis = new AtomicLong(clock.millis());
    }

    /** The device sends: the radio is up from now on for the active time. */
    public void onUplink() {
        lastUplinkMillis.set(clock.millis());
    }

    /** Whether a datagram arriving now would be heard. */
    public boolean isReachable() {
        PsmConfig c = config.get();
        return !c.enabled() || clock.millis() - lastUplinkMillis.get() <= c.activeTime().toMillis();
    }

    /** Asks whether an inbound datagram is heard, counting it when not. */
    public boolean admitDownlink() {
        if (isReachable()) {
            return true;
        }
        droppedWhileAsleep.incrementAndGet();
        return false;
    }

    /** When the radio falls asleep if nothing is sent before. */
    public Instant sleepsAt() {
        return Instant.ofEpochMilli(lastUplinkMillis.get()).plus(config.get().activeTime());
    }

    public PsmConfig config() {
        return config.get();
    }

    public void setConfig(PsmConfig next) {
        config.set(Objects.requireNonNull(next, "config"));
    }

    /** Downlink datagrams lost because the device slept. */
    public long droppedWhileAsleep() {
        return droppedWhileAsleep.get();
    }
}
