package io.cellota.server.campaign;

import static io.cellota.server.campaign.CampaignFixture.OLD;
import static io.cellota.server.campaign.CampaignFixture.spec;
import static org.assertj.core.api.Assertions.assertThat;

import io.cellota.firmware.object5.UpdateResult;
import io.cellota.server.update.UpdatePhase;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Invariants over random fleets, pacings, waves and scripts of device outcomes, clock steps, pauses and restarts:
 * never more devices downloading than the fleet cap or a cell's cap, no update started twice, never two updates on
 * one device at once, each attempt of a device recorded once; and once every device is let succeed, the campaign
 * finishes with every device of the fleet accounted for exactly once.
 */
class CampaignPropertiesTest {

    /** A random campaign: fleet, caps, cells, canary, and a script of actions. */
    record Scenario(int devices, int cap, int cellCap, int cells, int canary, int retries, List<Integer> script) {
    }

    @Provide
    Arbitrary<Scenario> scenarios() {
        return Combinators.combine(Arbitraries.integers().between(1, 30), Arbitraries.integers().between(1, 6),
                Arbitraries.integers().between(1, 4), Arbitraries.integers().between(1, 4),
                Arbitraries.integers().between(1, 5), Arbitraries.integers().between(0, 2),
                Arbitraries.integers().between(0, 99).list().ofMinSize(5).ofMaxSize(60))
                .as(Scenario::new);
    }

    @Property(tries = 150)
    void the_caps_hold_nothing_starts_twice_and_every_device_is_accounted_for_once(@ForAll("scenarios") Scenario s) {
        CampaignFixture f = CampaignFixture.given();
        List<String> fleet = f.fleet.devices("dev", s.devices(), OLD);
        Map<String, Long> cellOf = new HashMap<>();
        for (int i = 0; i < fleet.size(); i++) {
            f.fleet.radio(fleet.get(i), -90, i % s.cells());
            cellOf.put(fleet.get(i), (long) (i % s.cells()));
        }
        f.start(spec(x -> x.withWaves(List.of(Wave.canary(s.canary()).withThresholds(50, 100),
                Wave.upTo(100).withThresholds(50, 100)))
                .withPacing(Pacing.DEFAULTS.withMaxConcurrent(s.cap()).withMaxPerCell(s.cellCap()))
                .withPolicy(RolloutPolicy.DEFAULTS.withRetries(new Retries(s.retries(),
                        Set.of(UpdateResult.CONNECTION_LOST), Retries.NONE.backoff())))));
        for (int step : s.script()) {
            act(f, step);
            checkCaps(f, s, cellOf);
        }
        for (int round = 0; round < 200 && f.campaign().status() != CampaignStatus.FINISHED; round++) {
            if (f.campaign().status() == CampaignStatus.PAUSED) {
                f.engine().resume(f.id, f.now());
            }
            f.updates.running().forEach(f.updates::succeed);
            f.after(Duration.ofMinutes(30));
            checkCaps(f, s, cellOf);
        }

        assertThat(f.updates.violations()).isEmpty();
        assertThat(f.campaign().status()).isEqualTo(CampaignStatus.FINISHED);
        assertThat(f.store.devices(f.id)).extracting(CampaignDevice::endpoint)
                .containsExactlyInAnyOrderElementsOf(fleet);
        assertThat(f.store.devices(f.id)).allSatisfy(d -> assertThat(d.state().isFinal()).isTrue());
        Set<String> attempts = new HashSet<>();
        for (Attempt a : f.store.attempts(f.id)) {
            assertThat(attempts.add(a.endpoint() + "#" + a.number())).as("attempt recorded once: " + a).isTrue();
        }
    }

    private static void act(CampaignFixture f, int step) {
        List<String> running = f.updates.running();
        String some = running.isEmpty() ? null : running.get(step % running.size());
        if (step < 30 && some != null) {
            f.updates.succeed(some);
        } else if (step < 40 && some != null) {
            f.updates.fail(some, step % 2 == 0 ? UpdateResult.CONNECTION_LOST : UpdateResult.UPDATE_FAILED);
        } else if (step < 50 && some != null) {
            f.updates.move(some, UpdatePhase.INSTALLING);
        } else if (step < 55) {
            f.newEngine();
        } else if (step < 58 && f.campaign().status() == CampaignStatus.RUNNING) {
            f.engine().pause(f.id, f.now());
        } else if (step < 65 && f.campaign().status() == CampaignStatus.PAUSED) {
            f.engine().resume(f.id, f.now());
        } else if (step < 68 && f.campaign().status() == CampaignStatus.FINISHED) {
            return;
        }
        f.after(Duration.ofSeconds(step));
    }

    private static void checkCaps(CampaignFixture f, Scenario s, Map<String, Long> cellOf) {
        List<String> downloading = f.updates.running().stream()
                .filter(e -> CampaignDevice.DOWNLOADING.contains(f.updates.latest(e).status().phase())).toList();
        assertThat(downloading.size()).as("downloading at once").isLessThanOrEqualTo(s.cap());
        Map<Long, Integer> perCell = new HashMap<>();
        downloading.forEach(e -> perCell.merge(cellOf.get(e), 1, Integer::sum));
        assertThat(perCell.values()).allSatisfy(n -> assertThat(n).as("in one cell").isLessThanOrEqualTo(s.cellCap()));
        assertThat(f.updates.violations()).isEmpty();
    }
}
