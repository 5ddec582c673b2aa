package io.cellota.server.campaign;

import io.cellota.server.update.UpdateId;
import io.cellota.server.update.UpdatePhase;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;

/**
 * One device of a campaign, as persisted: its wave, {@link DeviceState}, how many updates the campaign started for
 * it ({@code attempt}) and how many of those were its own retries, the update of the current attempt and that
 * update's phase, the cell it was started in, why it failed, and a sentence on its last transition ({@code note},
 * also the detail of its event). Changed only by the {@link CampaignEngine}, with copies.
 *
 * @param seq             the order in which devices joined, from 1: waves take devices in this order
 * @param wave            its wave, from 0; empty for a device skipped when the campaign began
 * @param attempt         updates started for it so far; the current (or last) one has this number
 * @param retries         of those, started by the campaign's retry rule since the last retry-failed
 * @param cancelRequested why the campaign asked the update engine to cancel its update, if it did
 * @param startedAt       when its first attempt started: the device deadline counts from here
 * @param notBefore       not started again before then (a retry's backoff, a busy device)
 */
public record CampaignDevice(CampaignId campaignId, String endpoint, long seq, OptionalInt wave, DeviceState state,
        int attempt, int retries, Optional<UpdateId> updateId, Optional<UpdatePhase> updatePhase, OptionalLong cellId,
        Optional<DeviceFailure> failure, String note, Optional<CancelCause> cancelRequested, Instant joinedAt,
        Optional<Instant> startedAt, Optional<Instant> finishedAt, Optional<Instant> notBefore) {

    /** The update phases in which a device counts as downloading for the pacing caps. */
    public static final Set<UpdatePhase> DOWNLOADING = EnumSet.of(UpdatePhase.QUEUED, UpdatePhase.PREPARING,
            UpdatePhase.TRANSFERRING, UpdatePhase.DOWNLOADING, UpdatePhase.DOWNLOADED);

    /** Checks every part is present and that state, update, failure and times agree. */
    public CampaignDevice {
        Objects.requireNonNull(campaignId, "campaignId");
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(wave, "wave");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(updateId, "updateId");
        Objects.requireNonNull(updatePhase, "updatePhase");
        Objects.requireNonNull(cellId, "cellId");
        Objects.requireNonNull(failure, "failure");
        Objects.requireNonNull(note, "note");
        Objects.requireNonNull(cancelRequested, "cancelRequested");
        Objects.requireNonNull(joinedAt, "joinedAt");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(finishedAt, "finishedAt");
        Objects.requireNonNull(notBefore, "notBefore");
        if (seq < 1 || attempt < 0 || retries < 0 || retries > attempt) {
            throw new IllegalArgumentException("seq from 1, attempts and retries not negative, retries ≤ attempts");
        }
        if (state.isStarted() && (updateId.isEmpty() || attempt == 0 || startedAt.isEmpty())) {
            throw new IllegalArgumentException(state + " has an update and a start");
        }
        if (finishedAt.isPresent() != state.isFinal()) {
            throw new IllegalArgumentException("a finish time goes with a final state, and only with it");
        }
        if ((state == DeviceState.FAILED || state == DeviceState.WAITING_RETRY) && failure.isEmpty()) {
            throw new IllegalArgumentException(state + " has a failure");
        }
        if (state == DeviceState.WAITING_RETRY && notBefore.isEmpty()) {
            throw new IllegalArgumentException("a retry waits until a time");
        }
    }

    /** A device joining {@code campaign} in {@code wave} as number {@code seq}, pending. */
    public static CampaignDevice pending(CampaignId campaign, String endpoint, long seq, OptionalInt wave,
            String note, Instant now) {
        return new CampaignDevice(campaign, endpoint, seq, wave, DeviceState.PENDING, 0, 0, Optional.empty(),
                Optional.empty(), OptionalLong.empty(), Optional.empty(), note, Optional.empty(), now,
                Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** Whether the device takes a download slot: its update is between its start and Execute. */
    public boolean isDownloading() {
        return state == DeviceState.STARTING
                || state == DeviceState.RUNNING && updatePhase.map(DOWNLOADING::contains).orElse(true);
    }

    /** This device starting its next attempt as update {@code id} in {@code cell}. */
    public CampaignDevice starting(UpdateId id, OptionalLong cell, Instant now) {
        int next = attempt + 1;
        return new CampaignDevice(campaignId, endpoint, seq, wave, DeviceState.STARTING, next,
                state == DeviceState.WAITING_RETRY ? retries + 1 : retries, Optional.of(id), Optional.empty(), cell,
                failure, "starting attempt " + next + " as update " + id, Optional.empty(), joinedAt,
                startedAt.or(() -> Optional.of(now)), Optional.empty(), Optional.empty());
    }

    /** This device with its update running in {@code phase}. */
    public CampaignDevice running(UpdatePhase phase, String why) {
        return new CampaignDevice(campaignId, endpoint, seq, wave, DeviceState.RUNNING, attempt, retries, updateId,
                Optional.of(phase), cellId, failure, why, cancelRequested, joinedAt, startedAt, Optional.empty(),
                Optional.empty());
    }

    /** This device waiting in {@code next} ({@code PENDING}, {@code DEFERRED}) until {@code until} at the earliest. */
    public CampaignDevice waiting(DeviceState next, Optional<Instant> until, String why) {
        if (next != DeviceState.PENDING && next != DeviceState.DEFERRED) {
            throw new IllegalArgumentException(next + " is not a waiting state");
        }
        return new CampaignDevice(campaignId, endpoint, seq, wave, next, attempt, retries, Optional.empty(),
                Optional.empty(), cellId, failure, why, Optional.empty(), joinedAt, startedAt, Optional.empty(), until);
    }

    /** This device, refused by the update engine at the start of attempt {@code refusedAttempt}, as it was before. */
    public CampaignDevice refused(int refusedAttempt, Instant until, String why) {
        return new CampaignDevice(campaignId, endpoint, seq, wave, state, refusedAttempt, retries, Optional.empty(),
                Optional.empty(), cellId, failure, why, Optional.empty(), joinedAt, startedAt, Optional.empty(),
                Optional.of(until));
    }

    /** This device failed with {@code why}, to start again at {@code until}. */
    public CampaignDevice waitingRetry(DeviceFailure why, Instant until, String text) {
        return new CampaignDevice(campaignId, endpoint, seq, wave, DeviceState.WAITING_RETRY, attempt, retries,
                updateId, updatePhase, cellId, Optional.of(why), text, Optional.empty(), joinedAt, startedAt,
                Optional.empty(), Optional.of(until));
    }

    /** This device in the final {@code end}, with its failure if it has one. */
    public CampaignDevice finished(DeviceState end, Optional<DeviceFailure> why, String text, Instant now) {
        if (!end.isFinal()) {
            throw new IllegalArgumentException(end + " is not final");
        }
        return new CampaignDevice(campaignId, endpoint, seq, wave, end, attempt, retries, updateId, updatePhase,
                cellId, why, text, cancelRequested, joinedAt, startedAt, Optional.of(now), Optional.empty());
    }

    /** This device joining again (a rejoin, a retry-failed) in {@code newWave}: pending, with fresh retries. */
    public CampaignDevice rejoined(OptionalInt newWave, String why) {
        return new CampaignDevice(campaignId, endpoint, seq, newWave, DeviceState.PENDING, attempt, 0,
                Optional.empty(), Optional.empty(), OptionalLong.empty(), Optional.empty(), why, Optional.empty(),
                joinedAt, Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** This device after the campaign asked for its update to be cancelled, for {@code cause}. */
    public CampaignDevice withCancelRequested(CancelCause cause, String why) {
        return new CampaignDevice(campaignId, endpoint, seq, wave, state, attempt, retries, updateId, updatePhase,
                cellId, failure, why, Optional.of(cause), joinedAt, startedAt, finishedAt, notBefore);
    }

    /** This device with its update's last reported phase. */
    public CampaignDevice withUpdatePhase(UpdatePhase phase) {
        return new CampaignDevice(campaignId, endpoint, seq, wave, state, attempt, retries, updateId,
                Optional.of(phase), cellId, failure, note, cancelRequested, joinedAt, startedAt, finishedAt, notBefore);
    }

    /** This device with another note. */
    public CampaignDevice withNote(String why) {
        return new CampaignDevice(campaignId, endpoint, seq, wave, state, attempt, retries, updateId, updatePhase,
                cellId, failure, why, cancelRequested, joinedAt, startedAt, finishedAt, notBefore);
    }
}
