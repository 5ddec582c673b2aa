package io.cellota.server.campaign;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The operator's commands on one campaign ({@code start}, {@code pause}, {@code resume}, {@code cancel},
 * {@code retry-failed}): each checks the status allows it (else {@link CampaignRefusedException}
 * {@code WRONG_STATUS}, naming the rule and the status) and saves its change through the {@link Ledger}; a hard
 * cancel then cancels the running updates, each saved before it is sent. The {@link CampaignEngine} runs them under
 * its lock and lets the rules move the campaign on afterwards.
 */
final class Commands {

    private final Rollout rollout;
    private final Outcomes outcomes;
    private final Ledger ledger;

    Commands(Rollout rollout, Outcomes outcomes, Ledger ledger) {
        this.rollout = rollout;
        this.outcomes = outcomes;
        this.ledger = ledger;
    }

    /** A DRAFT runs now (its devices are chosen, wave 1 opens) or is SCHEDULED; refused after its end time. */
    void start(CampaignRun run, Instant now) {
        Campaign c = run.campaign();
        require(c.status() == CampaignStatus.DRAFT, c, "only a DRAFT campaign starts");
        if (c.spec().schedule().hasEnded(now)) {
            throw new CampaignRefusedException(CampaignRefusedException.Reason.WRONG_STATUS, "campaign " + c.id()
                    + " ended at " + c.spec().schedule().endAt().orElseThrow() + " before it was started");
        }
        if (c.spec().schedule().hasBegun(now)) {
            rollout.open(run, now);
        } else {
            commit(run, c.withStatus(CampaignStatus.SCHEDULED), "scheduled for "
                    + c.spec().schedule().startAt().orElseThrow(), now);
        }
    }

    /** A SCHEDULED or RUNNING campaign pauses: no device starts until it is resumed; running updates go on. */
    void pause(CampaignRun run, Instant now) {
        Campaign c = run.campaign();
        require(c.status() == CampaignStatus.RUNNING || c.status() == CampaignStatus.SCHEDULED, c,
                "only a RUNNING or SCHEDULED campaign pauses");
        commit(run, c.paused(new Pause(Pause.Kind.OPERATOR, OptionalInt.empty(), "paused by the operator", now)),
                "paused by the operator", now);
    }

    /**
     * A PAUSED campaign resumes. The failures so far are accepted: a failure threshold pauses it again only at one
     * more failure. When every device of the current wave has ended below its success threshold (the wave's
     * failures paused it, or its shortfall did), the operator has seen it, and the next wave opens.
     */
    void resume(CampaignRun run, Instant now) {
        Campaign c = run.campaign();
        require(c.status() == CampaignStatus.PAUSED, c, "only a PAUSED campaign resumes");
        Campaign next = c.hasOpened() ? c.withStatus(CampaignStatus.RUNNING) : c.withStatus(CampaignStatus.SCHEDULED);
        next = next.withAcknowledgedFailures(run.failedPerWave(c.wave()));
        String detail = "resumed by the operator";
        int w = c.wave();
        if (c.hasOpened() && w < c.spec().lastWave() && run.allFinal(w)
                && !c.spec().waves().get(w).succeeded(run.count(w, DeviceState.SUCCEEDED), run.size(w))) {
            next = next.withWaveOpened(now);
            detail += "; " + Rollout.name(c, w + 1) + " opens though " + Rollout.name(c, w)
                    + " ended below its success threshold";
        }
        commit(run, next, detail, now);
    }

    /**
     * No device starts any more and the waiting ones are CANCELLED; {@code HARD} also cancels the running updates on
     * the devices (those installing finish). A DRAFT is CANCELLED at once; a soft cancel may be made hard.
     */
    void cancel(CampaignRun run, CancelMode mode, Instant now) {
        Campaign c = run.campaign();
        if (c.status() == CampaignStatus.DRAFT) {
            commit(run, c.finished(CampaignStatus.CANCELLED, now), "cancelled before it started", now);
            return;
        }
        boolean harder = c.status() == CampaignStatus.CANCELLING && c.cancelMode().equals(Optional.of(
                CancelMode.SOFT)) && mode == CancelMode.HARD;
        require(!c.status().isFinal() && (c.status() != CampaignStatus.CANCELLING || harder), c,
                "only a DRAFT, SCHEDULED, RUNNING or PAUSED campaign is cancelled (and a soft cancel made hard)");
        List<CampaignDevice> waiting = run.devices().stream().filter(d -> d.state().isWaiting())
                .map(d -> d.finished(DeviceState.CANCELLED, d.failure(), "cancelled with the campaign before it"
                        + " was started", now)).toList();
        ledger.commit(run, c.cancelling(mode), List.of(), waiting, Optional.empty(), "cancelling ("
                + mode.name().toLowerCase(Locale.ROOT) + "): " + (mode == CancelMode.HARD
                ? "cancelling the running updates" : "the running updates finish"), now);
        if (mode == CancelMode.HARD) {
            for (CampaignDevice d : run.devices()) {
                if (d.state().isStarted() && !d.cancelRequested().equals(Optional.of(CancelCause.CAMPAIGN))) {
                    outcomes.cancelUpdate(run, d, CancelCause.CAMPAIGN, "the campaign was cancelled hard", now);
                }
            }
        }
    }

    /**
     * Every FAILED device of a RUNNING, PAUSED or FINISHED campaign gets another go: PENDING again in its wave, with
     * fresh retries and deadline; a FINISHED campaign runs again. Refused when none failed or after the end time.
     */
    void retryFailed(CampaignRun run, Instant now) {
        Campaign c = run.campaign();
        require(c.status() == CampaignStatus.RUNNING || c.status() == CampaignStatus.PAUSED
                || c.status() == CampaignStatus.FINISHED, c, "only a RUNNING, PAUSED or FINISHED campaign retries");
        if (c.spec().schedule().hasEnded(now)) {
            throw new CampaignRefusedException(CampaignRefusedException.Reason.WRONG_STATUS, "campaign " + c.id()
                    + " ended at " + c.spec().schedule().endAt().orElseThrow());
        }
        List<CampaignDevice> failed = run.devices().stream().filter(d -> d.state() == DeviceState.FAILED)
                .map(d -> d.rejoined(d.wave(), "retry-failed, after: " + d.failure().orElseThrow().detail()))
                .toList();
        if (failed.isEmpty()) {
            throw new CampaignRefusedException(CampaignRefusedException.Reason.WRONG_STATUS,
                    "no device of campaign " + c.id() + " has failed");
        }
        Campaign next = c.status() == CampaignStatus.FINISHED ? c.withStatus(CampaignStatus.RUNNING) : c;
        ledger.commit(run, next.withAcknowledgedFailures(Collections.nCopies(c.waveOpenedAt().size(), 0)),
                List.of(), failed, Optional.empty(), "retrying " + failed.size() + " failed device(s)", now);
    }

    private void commit(CampaignRun run, Campaign next, String detail, Instant now) {
        ledger.commit(run, next, List.of(), List.of(), Optional.empty(), detail, now);
    }

    private static void require(boolean allowed, Campaign c, String rule) {
        if (!allowed) {
            throw new CampaignRefusedException(CampaignRefusedException.Reason.WRONG_STATUS, rule + "; campaign "
                    + c.id() + " is " + c.status());
        }
    }
}
