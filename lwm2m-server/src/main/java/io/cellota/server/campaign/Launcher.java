package io.cellota.server.campaign;

import io.cellota.server.update.UpdateId;
import io.cellota.server.update.UpdateRefusedException;
import io.cellota.server.update.UpdateRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starting devices: those whose turn it is (their wave is open, their backoff over), registered with a known
 * firmware version, within the fleet and cell caps, the bandwidth budget and the RSRP minimum. The campaign's own
 * cap counts its own downloads; its per-cell cap counts every running campaign's downloads in that cell (a cell's
 * capacity does not grow with the number of campaigns); and all campaigns together stay within the server-wide cap. A start is saved
 * (device STARTING with its update id, the attempt, the budget) before the update engine hears of it, and a start
 * that may not have arrived is checked against the update engine and sent again under the same id.
 */
final class Launcher {

    /** How long a device busy with another update waits before the campaign tries it again. */
    static final Duration BUSY_RECHECK = Duration.ofMinutes(1);
    /** How far the bandwidth budget may run ahead of the clock: one second's worth of bytes. */
    static final Duration BURST = Duration.ofSeconds(1);

    private static final Logger LOG = LoggerFactory.getLogger(Launcher.class);

    private final Fleet fleet;
    private final DeviceUpdates updates;
    private final Ledger ledger;
    private final Outcomes outcomes;
    private final Collection<CampaignRun> live;
    private final int serverMaxConcurrent;

    /** @param live every running campaign, read under the engine's lock, for the caps they share */
    Launcher(Fleet fleet, DeviceUpdates updates, Ledger ledger, Outcomes outcomes, Collection<CampaignRun> live,
             int serverMaxConcurrent) {
        this.fleet = fleet;
        this.updates = updates;
        this.ledger = ledger;
        this.outcomes = outcomes;
        this.live = live;
        this.serverMaxConcurrent = serverMaxConcurrent;
    }

    /** Starts the devices whose turn it is, while the schedule allows starts and the pacing leaves room. */
    void startDue(CampaignRun run, Instant now) {
        if (!run.campaign().spec().schedule().allowsStarts(now)) {
            return;
        }
        Pacing pacing = run.campaign().spec().pacing();
        int downloading = run.downloading();
        int everywhere = 0;
        Map<Long, Integer> cells = new HashMap<>();
        Set<CampaignRun> all = new LinkedHashSet<>(live);
        all.add(run);
        for (CampaignRun r : all) {
            everywhere += r == run ? downloading : r.downloading();
            r.downloadingPerCell().forEach((cell, n) -> cells.merge(cell, n, Integer::sum));
        }
        for (CampaignDevice d : run.devices()) {
            if (downloading >= pacing.maxConcurrent() || everywhere >= serverMaxConcurrent) {
                return;
            }
            Optional<DeviceFacts> facts = isDue(run.campaign(), d, now) ? fleet.device(d.endpoint()) : Optional.empty();
            if (facts.isEmpty() || !facts.get().registered() || facts.get().firmwareVersion().isEmpty()) {
                continue;
            }
            DeviceFacts f = facts.get();
            Optional<String> skip = Rollout.skipReason(run.campaign(), f);
            if (skip.isPresent()) {
                ledger.commit(run, List.of(d.finished(DeviceState.SKIPPED, d.failure(), "skipped: " + skip.get(),
                        now)), now);
            } else if (pacing.minRsrp().isPresent() && f.rsrp().isPresent()
                    && f.rsrp().getAsInt() < pacing.minRsrp().getAsInt()) {
                if (d.state() != DeviceState.DEFERRED) {
                    ledger.commit(run, List.of(d.waiting(DeviceState.DEFERRED, Optional.empty(), "deferred: RSRP "
                            + f.rsrp().getAsInt() + " dBm is below " + pacing.minRsrp().getAsInt() + " dBm")), now);
                }
            } else if (pacing.maxPerCell().isEmpty() || f.cellId().isEmpty()
                    || cells.getOrDefault(f.cellId().getAsLong(), 0) < pacing.maxPerCell().getAsInt()) {
                if (!budgetAllows(run.campaign(), now)) {
                    return;
                }
                Optional<UpdateId> busy = updates.active(d.endpoint());
                if (busy.isPresent()) {
                    ledger.commit(run, List.of(d.refused(d.attempt(), now.plus(BUSY_RECHECK),
                            "not started: the device is busy with update " + busy.get())), now);
                } else {
                    start(run, d, f.cellId(), now);
                    downloading++;
                    everywhere++;
                    f.cellId().ifPresent(cell -> cells.merge(cell, 1, Integer::sum));
                }
            }
        }
    }

    /** Devices whose start was saved but may not have reached the update engine: find out, and start if not. */
    void settleStarting(CampaignRun run, Instant now) {
        for (CampaignDevice d : run.devices()) {
            if (d.state() == DeviceState.STARTING) {
                settle(run, d, now);
            }
        }
    }

    /** After a restart: every device whose update may run is checked against the update engine's truth. */
    void reconcile(CampaignRun run, Instant now) {
        for (CampaignDevice d : run.devices()) {
            if (d.state().isStarted()) {
                ledger.own(d.updateId().orElseThrow(), run, d.endpoint());
                Optional<UpdateStatus> status = settle(run, d, now);
                if (status.filter(s -> s.phase().isActive()).isPresent() && d.cancelRequested().isPresent()) {
                    outcomes.cancelAgain(d.updateId().get(), now);
                }
            }
        }
    }

    private Optional<UpdateStatus> settle(CampaignRun run, CampaignDevice d, Instant now) {
        Optional<UpdateStatus> status = updates.find(d.updateId().orElseThrow());
        if (status.isPresent()) {
            outcomes.apply(run, d.endpoint(), status.get(), now);
        } else {
            send(run, d, now);
        }
        return status;
    }

    private static boolean isDue(Campaign c, CampaignDevice d, Instant now) {
        return d.state().isWaiting() && d.wave().isPresent() && d.wave().getAsInt() <= c.wave()
                && d.notBefore().map(t -> !now.isBefore(t)).orElse(true);
    }

    private static boolean budgetAllows(Campaign c, Instant now) {
        return c.spec().pacing().bytesPerSecond().isEmpty()
                || c.bandwidthAt().map(t -> !t.isAfter(now.plus(BURST))).orElse(true);
    }

    /** Saves the start (device, attempt, budget), then hands the update to the update engine. */
    private void start(CampaignRun run, CampaignDevice d, OptionalLong cell, Instant now) {
        Campaign c = run.campaign();
        CampaignDevice starting = d.starting(UpdateId.random(), cell, now);
        Campaign next = c;
        if (c.spec().pacing().bytesPerSecond().isPresent()) {
            Instant from = c.bandwidthAt().filter(t -> t.isAfter(now)).orElse(now);
            next = c.withBandwidthAt(from.plus(c.spec().pacing().budgetFor(c.spec().firmware().size())));
        }
        ledger.commit(run, next, List.of(), List.of(starting), Optional.of(new Attempt(c.id(), d.endpoint(),
                starting.attempt(), starting.updateId().orElseThrow(), now)), "", now);
        send(run, starting, now);
    }

    private void send(CampaignRun run, CampaignDevice starting, Instant now) {
        UpdateId id = starting.updateId().orElseThrow();
        ledger.own(id, run, starting.endpoint());
        Campaign c = run.campaign();
        try {
            UpdateStatus status = updates.start(id, new UpdateRequest(starting.endpoint(), c.spec().firmware(),
                    c.spec().policy().preference()), now);
            outcomes.apply(run, starting.endpoint(), status, now);
        } catch (UpdateRefusedException e) {
            ledger.disown(id);
            ledger.commit(run, List.of(starting.waiting(DeviceState.PENDING, Optional.of(now.plus(BUSY_RECHECK)),
                    "not started: " + e.getMessage())), now);
        } catch (RuntimeException e) {
            LOG.warn("starting update {} of {} failed; the next tick finds out whether it started", id,
                    starting.endpoint(), e);
        }
    }
}
