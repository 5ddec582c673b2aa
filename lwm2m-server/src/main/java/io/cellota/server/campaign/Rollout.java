package io.cellota.server.campaign;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The rules that move a live campaign on, applied at each tick ({@link #step}) in this order: the start time (the
 * devices are chosen then), starts that may not have arrived, device deadlines, the end time, the waves' failure and
 * success thresholds, starting the devices whose turn it is ({@link Launcher}), and the finish. Dynamic joins come
 * from {@link #identified}. See {@code docs/campaigns.md} for the rules in words.
 */
final class Rollout {

    private final Fleet fleet;
    private final Ledger ledger;
    private final Launcher launcher;
    private final Outcomes outcomes;

    Rollout(Fleet fleet, Ledger ledger, Launcher launcher, Outcomes outcomes) {
        this.fleet = fleet;
        this.ledger = ledger;
        this.launcher = launcher;
        this.outcomes = outcomes;
    }

    /** Everything due for {@code run} at {@code now}. */
    void step(CampaignRun run, Instant now) {
        if (run.campaign().status() == CampaignStatus.SCHEDULED && run.campaign().spec().schedule().hasBegun(now)) {
            open(run, now);
        }
        CampaignStatus status = run.campaign().status();
        if (status != CampaignStatus.RUNNING && status != CampaignStatus.PAUSED
                && status != CampaignStatus.CANCELLING) {
            return;
        }
        launcher.settleStarting(run, now);
        enforceDeadlines(run, now);
        if (run.campaign().spec().schedule().hasEnded(now) && run.campaign().status() != CampaignStatus.CANCELLING) {
            expire(run, now);
        }
        if (run.campaign().status() == CampaignStatus.RUNNING) {
            checkWaves(run, now);
        }
        if (run.campaign().status() == CampaignStatus.RUNNING) {
            launcher.startDue(run, now);
        }
        finishIfDone(run, now);
    }

    /**
     * The campaign begins: its devices are chosen (the named ones in their order, then the tagged or every known one
     * by name), those already on the target or filtered out are skipped, the rest spread over the waves in that
     * order, and the first wave opens.
     */
    void open(CampaignRun run, Instant now) {
        Campaign c = run.campaign();
        Target target = c.spec().target();
        List<String> candidates = new ArrayList<>(target.endpoints());
        TreeSet<String> others = new TreeSet<>(fleet.tagged(target.tags()));
        if (target.selectsEveryDevice()) {
            fleet.known().forEach(f -> others.add(f.endpoint()));
        }
        others.removeAll(candidates);
        candidates.addAll(others);
        List<String> members = new ArrayList<>();
        Map<String, String> skipped = new LinkedHashMap<>();
        for (String endpoint : candidates) {
            Optional<DeviceFacts> facts = fleet.device(endpoint);
            Optional<String> why = facts.flatMap(f -> skipReason(c, f));
            if (why.isEmpty()) {
                members.add(endpoint);
            } else if (!target.selectsEveryDevice() || onTarget(c, facts.get())) {
                skipped.put(endpoint, why.get());
            }
        }
        int[] reach = Wave.reach(c.spec().waves(), members.size());
        List<CampaignDevice> joined = new ArrayList<>();
        long seq = run.nextSeq();
        int wave = 0;
        for (int i = 0; i < members.size(); i++) {
            while (i >= reach[wave]) {
                wave++;
            }
            joined.add(CampaignDevice.pending(c.id(), members.get(i), seq++, OptionalInt.of(wave),
                    "joined when the campaign began", now));
        }
        for (Map.Entry<String, String> skip : skipped.entrySet()) {
            joined.add(CampaignDevice.pending(c.id(), skip.getKey(), seq++, OptionalInt.empty(), "", now)
                    .finished(DeviceState.SKIPPED, Optional.empty(), "skipped: " + skip.getValue(), now));
        }
        ledger.commit(run, c.withStatus(CampaignStatus.RUNNING).withWaveOpened(now), joined, List.of(),
                Optional.empty(), "running: " + members.size() + " devices in " + c.spec().waves().size()
                        + " wave(s), " + skipped.size() + " skipped", now);
    }

    /**
     * A device the fleet has (re-)identified after a registration: it joins a dynamic campaign it matches now, in
     * the last wave; a device skipped before joins again once it runs an old version.
     */
    void identified(CampaignRun run, DeviceFacts facts, Instant now) {
        Campaign c = run.campaign();
        boolean live = c.status() == CampaignStatus.RUNNING || c.status() == CampaignStatus.PAUSED;
        if (!c.spec().target().dynamic() || !live || !c.hasOpened() || c.spec().schedule().hasEnded(now)
                || !facts.registered() || facts.firmwareVersion().isEmpty() || !c.spec().target().selects(facts)
                || skipReason(c, facts).isPresent()) {
            return;
        }
        Optional<CampaignDevice> member = run.device(facts.endpoint());
        String runs = "it registered running " + facts.firmwareVersion().get();
        OptionalInt last = OptionalInt.of(c.spec().lastWave());
        if (member.isEmpty()) {
            ledger.commit(run, c, List.of(CampaignDevice.pending(c.id(), facts.endpoint(), run.nextSeq(), last,
                    "joined: " + runs, now)), List.of(), Optional.empty(), "", now);
        } else if (member.get().state() == DeviceState.SKIPPED) {
            ledger.commit(run, List.of(member.get().rejoined(last, "rejoined: " + runs)), now);
        }
    }

    /**
     * A device may take {@code deviceDeadline} from its first start: then its update is cancelled (it fails once
     * the cancel is done) or, waiting for a retry, it fails at once.
     */
    private void enforceDeadlines(CampaignRun run, Instant now) {
        Duration deadline = run.campaign().spec().policy().deviceDeadline();
        for (CampaignDevice d : run.devices()) {
            if (d.startedAt().isEmpty() || now.isBefore(d.startedAt().get().plus(deadline))) {
                continue;
            }
            String why = "past its device deadline of " + deadline + " since its first start at "
                    + d.startedAt().get();
            if (d.state().isStarted() && d.cancelRequested().isEmpty()) {
                outcomes.cancelUpdate(run, d, CancelCause.DEADLINE, why, now);
            } else if (d.state().isWaiting()) {
                DeviceFailure failure = d.failure().filter(f -> d.state() == DeviceState.WAITING_RETRY)
                        .orElse(DeviceFailure.deadline("not done within " + deadline + " of its first start"));
                ledger.commit(run, List.of(d.finished(DeviceState.FAILED, Optional.of(failure), "failed: " + why,
                        now)), now);
            }
        }
    }

    /** At the end time every device still waiting expires; running updates finish. */
    private void expire(CampaignRun run, Instant now) {
        List<CampaignDevice> expired = run.devices().stream().filter(d -> d.state().isWaiting())
                .map(d -> d.finished(DeviceState.EXPIRED, d.failure(), "expired: the campaign ended at "
                        + run.campaign().spec().schedule().endAt().orElseThrow() + " before it was started", now))
                .toList();
        if (!expired.isEmpty()) {
            ledger.commit(run, expired, now);
        }
    }

    /** The failure thresholds of every open wave, then the success threshold of the current one. */
    private void checkWaves(CampaignRun run, Instant now) {
        Campaign c = run.campaign();
        List<Wave> waves = c.spec().waves();
        for (int w = 0; w <= c.wave(); w++) {
            long size = run.size(w);
            long failed = run.count(w, DeviceState.FAILED);
            if (failed > c.acknowledgedFailures().get(w) && waves.get(w).failedTooMany(failed, size)) {
                pause(run, new Pause(Pause.Kind.FAILURE_THRESHOLD, OptionalInt.of(w), name(c, w) + ": " + failed
                        + " of " + size + " devices failed (" + percent(failed, size)
                        + " %), more than its failure threshold of " + waves.get(w).failureThreshold() + " %"
                        + mostCommonFailure(run, w), now), now);
                return;
            }
        }
        while (c.wave() < waves.size() - 1) {
            int w = c.wave();
            long size = run.size(w);
            long succeeded = run.count(w, DeviceState.SUCCEEDED);
            if (waves.get(w).succeeded(succeeded, size)) {
                c = ledger.commit(run, c.withWaveOpened(now), List.of(), List.of(), Optional.empty(), name(c, w + 1)
                        + " opens: " + succeeded + " of " + size + " devices of " + name(c, w) + " succeeded", now);
            } else if (run.allFinal(w)) {
                pause(run, new Pause(Pause.Kind.SUCCESS_SHORTFALL, OptionalInt.of(w), name(c, w) + " ended with "
                        + succeeded + " of " + size + " devices succeeded (" + percent(succeeded, size)
                        + " %), below its success threshold of " + waves.get(w).successThreshold() + " %"
                        + mostCommonFailure(run, w), now), now);
                return;
            } else {
                return;
            }
        }
    }

    private void pause(CampaignRun run, Pause pause, Instant now) {
        ledger.commit(run, run.campaign().paused(pause), List.of(), List.of(), Optional.empty(),
                "paused: " + pause.reason(), now);
    }

    /**
     * A cancelled campaign ends once none of its updates runs; a running one once every device is final (a dynamic
     * one only after its end time); a paused one once its end time passed and every device is final.
     */
    private void finishIfDone(CampaignRun run, Instant now) {
        Campaign c = run.campaign();
        if (c.status() == CampaignStatus.CANCELLING && !run.anyStarted()) {
            ledger.commit(run, c.finished(CampaignStatus.CANCELLED, now), List.of(), List.of(), Optional.empty(),
                    "cancelled: no update of it runs any more", now);
            return;
        }
        boolean ended = c.spec().schedule().hasEnded(now);
        boolean done = c.status() == CampaignStatus.RUNNING && (ended || !c.spec().target().dynamic())
                || c.status() == CampaignStatus.PAUSED && ended;
        if (done && c.hasOpened() && run.allFinal()) {
            Map<DeviceState, Long> counts = CampaignProgress.of(c, run.devices(), now).counts();
            ledger.commit(run, c.finished(CampaignStatus.FINISHED, now), List.of(), List.of(), Optional.empty(),
                    "finished: " + counts.get(DeviceState.SUCCEEDED) + " succeeded, " + counts.get(DeviceState.FAILED)
                            + " failed, " + counts.get(DeviceState.SKIPPED) + " skipped, "
                            + counts.get(DeviceState.EXPIRED) + " expired", now);
        }
    }

    /** Why {@code facts} keep a device out of the campaign: already on the target version, or the filters. */
    static Optional<String> skipReason(Campaign c, DeviceFacts facts) {
        if (onTarget(c, facts)) {
            return Optional.of("it already runs " + c.spec().firmware().targetVersion());
        }
        return c.spec().target().excludes(facts);
    }

    private static boolean onTarget(Campaign c, DeviceFacts facts) {
        return facts.firmwareVersion().filter(c.spec().firmware().targetVersion()::equals).isPresent();
    }

    private static String mostCommonFailure(CampaignRun run, int wave) {
        return run.devices().stream().filter(d -> d.wave().orElse(-1) == wave && d.state() == DeviceState.FAILED)
                .map(d -> d.failure().orElseThrow())
                .collect(Collectors.groupingBy(DeviceFailure::key, LinkedHashMap::new, Collectors.toList()))
                .values().stream().max(Comparator.comparingInt(List::size))
                .map(group -> "; most often " + group.get(0).detail() + " (" + group.size() + ")").orElse("");
    }

    /** A wave as operators call it: "the canary (wave 1)", "wave 2". */
    static String name(Campaign c, int wave) {
        return wave == 0 && c.spec().waves().size() > 1 ? "the canary (wave 1)" : "wave " + (wave + 1);
    }

    private static long percent(long part, long whole) {
        return whole == 0 ? 0 : Math.round(part * 100.0 / whole);
    }
}
