package io.cellota.server.campaign;

import io.cellota.server.testing.MovableClock;
import io.cellota.server.update.PackageFacts;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Given-builder for campaign engine tests: a fake clock, a fake fleet, fake device updates, a store (in memory unless
 * given), a recording listener, and the engine, which can be replaced by a new one over the same store as after a
 * restart.
 */
final class CampaignFixture {

    /** A Monday, 10:00 UTC. */
    static final Instant START = Instant.parse("2026-03-02T10:00:00Z");
    static final PackageFacts FIRMWARE = new PackageFacts("fw-0123456789abcdef", "2.0.0", 100_000, "mcuboot");
    static final String OLD = "1.0.0";

    final MovableClock clock = new MovableClock(START);
    final FakeFleet fleet = new FakeFleet();
    final FakeUpdates updates = new FakeUpdates(clock::instant);
    final CampaignStore store;
    final List<String> events = new ArrayList<>();
    private CampaignEngine engine;
    CampaignId id;
    /** The server-wide cap the next engine gets. */
    int serverMaxConcurrent = Pacing.MAX_CONCURRENT;

    private CampaignFixture(CampaignStore store) {
        this.store = store;
    }

    static CampaignFixture given() {
        return new CampaignFixture(new InMemoryCampaignStore());
    }

    static CampaignFixture given(CampaignStore store) {
        return new CampaignFixture(store);
    }

    CampaignEngine engine() {
        if (engine == null) {
            newEngine();
        }
        return engine;
    }

    /** A new engine over the same store, fleet and updates, recovered, as after a restart; it replaces the old. */
    CampaignEngine newEngine() {
        engine = new CampaignEngine(store, fleet, updates, listener(), serverMaxConcurrent);
        updates.reportTo(engine);
        engine.recover(now());
        return engine;
    }

    private CampaignListener listener() {
        return new CampaignListener() {
            @Override
            public void campaignChanged(Campaign campaign, String detail) {
                events.add("campaign " + campaign.status() + ": " + detail);
            }

            @Override
            public void waveOpened(Campaign campaign, int wave, String detail) {
                events.add("wave " + (wave + 1) + ": " + detail);
            }

            @Override
            public void deviceChanged(Campaign campaign, CampaignDevice device) {
                events.add("device " + device.endpoint() + " " + device.state() + ": " + device.note());
            }
        };
    }

    Instant now() {
        return clock.instant();
    }

    /** A campaign of {@link #FIRMWARE} to every device in one wave, changed by {@code change}. */
    static CampaignSpec spec(UnaryOperator<CampaignSpec> change) {
        return change.apply(CampaignSpec.of("test campaign", FIRMWARE));
    }

    /** Creates a campaign of {@code spec}. */
    Campaign create(CampaignSpec spec) {
        Campaign c = engine().create(spec, now());
        id = c.id();
        return c;
    }

    /** Creates and starts a campaign of {@code spec}. */
    Campaign start(CampaignSpec spec) {
        create(spec);
        return engine().start(id, now());
    }

    Campaign campaign() {
        return store.find(id).orElseThrow();
    }

    CampaignDevice device(String endpoint) {
        return store.devices(id).stream().filter(d -> d.endpoint().equals(endpoint)).findFirst()
                .orElseThrow(() -> new AssertionError(endpoint + " is not in the campaign"));
    }

    DeviceState state(String endpoint) {
        return device(endpoint).state();
    }

    /** The devices in {@code state}, in the order they joined. */
    List<String> in(DeviceState state) {
        return store.devices(id).stream().filter(d -> d.state() == state).map(CampaignDevice::endpoint).toList();
    }

    Map<DeviceState, Long> counts() {
        Map<DeviceState, Long> counts = new EnumMap<>(DeviceState.class);
        counts.putAll(store.countByState(id));
        return counts;
    }

    CampaignProgress progress() {
        return engine().find(id, now()).orElseThrow().progress();
    }

    void tick() {
        engine().tick(now());
    }

    /** Moves the clock on by {@code duration} and ticks. */
    void after(Duration duration) {
        clock.advance(duration);
        tick();
    }

    /** Lets every running update succeed, then ticks. */
    void succeedRunning() {
        updates.running().forEach(updates::succeed);
        tick();
    }

    /** Lets the running updates succeed and ticks until none runs (at most {@code rounds} times). */
    void succeedAll(int rounds) {
        for (int i = 0; i < rounds && !updates.running().isEmpty(); i++) {
            succeedRunning();
        }
    }
}
