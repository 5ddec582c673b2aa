package io.cellota.server.campaign;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The persisted state of one campaign beside its devices ({@link CampaignDevice}): the spec, the status, why it is
 * paused, when each wave opened (the last is the current wave), how many failures of each wave the operator has
 * accepted by resuming, how it is being cancelled, where the bandwidth budget stands, and its times. Changed only
 * by the {@link CampaignEngine}, with copies, and saved with compare-and-set on {@code revision}.
 *
 * @param revision             the store's version: 0 before creation, one more on every save
 * @param waveOpenedAt         when each wave opened, in order; empty until the campaign runs
 * @param acknowledgedFailures per opened wave, the failed devices it had when last resumed; the failure threshold
 *                             pauses the campaign only with more
 * @param bandwidthAt          the budget's theoretical arrival time (GCRA): a device may start while it is at most
 *                             one second ahead of now, and each start moves it on by the image's share
 * @param startedAt            when the first wave opened
 */
public record Campaign(CampaignId id, long revision, CampaignSpec spec, CampaignStatus status, Optional<Pause> pause,
        List<Instant> waveOpenedAt, List<Integer> acknowledgedFailures, Optional<CancelMode> cancelMode,
        Optional<Instant> bandwidthAt, Optional<Instant> startedAt, Optional<Instant> finishedAt, Instant createdAt,
        Instant updatedAt) {

    /** Checks every part is present and that status, pause, waves and times agree. */
    public Campaign {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(pause, "pause");
        waveOpenedAt = List.copyOf(waveOpenedAt);
        acknowledgedFailures = List.copyOf(acknowledgedFailures);
        Objects.requireNonNull(cancelMode, "cancelMode");
        Objects.requireNonNull(bandwidthAt, "bandwidthAt");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(finishedAt, "finishedAt");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        if (revision < 0) {
            throw new IllegalArgumentException("negative revision");
        }
        if (pause.isPresent() != (status == CampaignStatus.PAUSED)) {
            throw new IllegalArgumentException("a pause goes with PAUSED, and only with it");
        }
        if (finishedAt.isPresent() != status.isFinal()) {
            throw new IllegalArgumentException("a finish time goes with a final status, and only with it");
        }
        if (waveOpenedAt.size() != acknowledgedFailures.size() || waveOpenedAt.size() > spec.waves().size()) {
            throw new IllegalArgumentException("one opening time and one acknowledged count per opened wave");
        }
        if (startedAt.isPresent() == waveOpenedAt.isEmpty()) {
            throw new IllegalArgumentException("a campaign has started when its first wave opened");
        }
        if ((status == CampaignStatus.DRAFT || status == CampaignStatus.SCHEDULED) && startedAt.isPresent()) {
            throw new IllegalArgumentException(status + " has no wave open");
        }
        if (cancelMode.isPresent() && status != CampaignStatus.CANCELLING && status != CampaignStatus.CANCELLED) {
            throw new IllegalArgumentException("a cancel mode goes with CANCELLING or CANCELLED");
        }
    }

    /** A new campaign of {@code spec}, not started; revision 0 until the store creates it. */
    public static Campaign draft(CampaignId id, CampaignSpec spec, Instant now) {
        return new Campaign(id, 0, spec, CampaignStatus.DRAFT, Optional.empty(), List.of(), List.of(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), now, now);
    }

    /** The current wave (the last opened), from 0; -1 before the campaign runs. */
    public int wave() {
        return waveOpenedAt.size() - 1;
    }

    /** Whether the first wave has opened. */
    public boolean hasOpened() {
        return !waveOpenedAt.isEmpty();
    }

    /** This campaign as saved at {@code rev}. */
    public Campaign withRevision(long rev) {
        return new Campaign(id, rev, spec, status, pause, waveOpenedAt, acknowledgedFailures, cancelMode, bandwidthAt,
                startedAt, finishedAt, createdAt, updatedAt);
    }

    /** This campaign changed at {@code time}. */
    public Campaign withUpdatedAt(Instant time) {
        return new Campaign(id, revision, spec, status, pause, waveOpenedAt, acknowledgedFailures, cancelMode,
                bandwidthAt, startedAt, finishedAt, createdAt, time);
    }

    /** This campaign in {@code next}, a status without a pause or a finish ({@code SCHEDULED}, {@code RUNNING}). */
    public Campaign withStatus(CampaignStatus next) {
        if (next == CampaignStatus.PAUSED || next.isFinal() || next == CampaignStatus.CANCELLING) {
            throw new IllegalArgumentException("use paused(), finished() or cancelling() for " + next);
        }
        return new Campaign(id, revision, spec, next, Optional.empty(), waveOpenedAt, acknowledgedFailures,
                cancelMode, bandwidthAt, startedAt, Optional.empty(), createdAt, updatedAt);
    }

    /** This campaign running with its next wave opened at {@code now} (the first, when none is). */
    public Campaign withWaveOpened(Instant now) {
        List<Instant> opened = new ArrayList<>(waveOpenedAt);
        opened.add(now);
        List<Integer> acknowledged = new ArrayList<>(acknowledgedFailures);
        acknowledged.add(0);
        return new Campaign(id, revision, spec, status, pause, opened, acknowledged, cancelMode, bandwidthAt,
                startedAt.or(() -> Optional.of(now)), finishedAt, createdAt, updatedAt);
    }

    /** This campaign accepting {@code failed} failures per opened wave. */
    public Campaign withAcknowledgedFailures(List<Integer> failed) {
        return new Campaign(id, revision, spec, status, pause, waveOpenedAt, failed, cancelMode, bandwidthAt,
                startedAt, finishedAt, createdAt, updatedAt);
    }

    /** This campaign paused for {@code why}. */
    public Campaign paused(Pause why) {
        return new Campaign(id, revision, spec, CampaignStatus.PAUSED, Optional.of(why), waveOpenedAt,
                acknowledgedFailures, cancelMode, bandwidthAt, startedAt, Optional.empty(), createdAt, updatedAt);
    }

    /** This campaign cancelled in {@code mode}, waiting for its running updates. */
    public Campaign cancelling(CancelMode mode) {
        return new Campaign(id, revision, spec, CampaignStatus.CANCELLING, Optional.empty(), waveOpenedAt,
                acknowledgedFailures, Optional.of(mode), bandwidthAt, startedAt, Optional.empty(), createdAt,
                updatedAt);
    }

    /** This campaign ended in the final {@code end} at {@code now}. */
    public Campaign finished(CampaignStatus end, Instant now) {
        if (!end.isFinal()) {
            throw new IllegalArgumentException(end + " is not final");
        }
        return new Campaign(id, revision, spec, end, Optional.empty(), waveOpenedAt, acknowledgedFailures,
                cancelMode, bandwidthAt, startedAt, Optional.of(now), createdAt, updatedAt);
    }

    /** This campaign with the bandwidth budget's arrival time at {@code time}. */
    public Campaign withBandwidthAt(Instant time) {
        return new Campaign(id, revision, spec, status, pause, waveOpenedAt, acknowledgedFailures, cancelMode,
                Optional.of(time), startedAt, finishedAt, createdAt, updatedAt);
    }
}
