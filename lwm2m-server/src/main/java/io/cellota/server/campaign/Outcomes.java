package io.cellota.server.campaign;

import io.cellota.server.update.UpdateId;
import io.cellota.server.update.UpdateRefusedException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a device's update does to its place in the campaign: a phase keeps it running, success ends it, a failure
 * ends it or (by the campaign's retries) sends it to wait for another attempt, a cancel ends it as the campaign asked
 * ({@link CancelCause}); and the campaign's own cancels, saved before they are sent.
 */
final class Outcomes {

    private static final Logger LOG = LoggerFactory.getLogger(Outcomes.class);

    private final DeviceUpdates updates;
    private final Ledger ledger;

    Outcomes(DeviceUpdates updates, Ledger ledger) {
        this.updates = updates;
        this.ledger = ledger;
    }

    /**
     * A report of update {@code status}, owned by {@code endpoint} of {@code run}, as of {@code at}. Reports of an
     * older attempt, older than one already applied, or for a device already final change nothing.
     */
    void apply(CampaignRun run, String endpoint, UpdateStatus status, Instant at) {
        Optional<CampaignDevice> found = run.device(endpoint);
        if (found.isEmpty() || found.get().state().isFinal() || !found.get().updateId().equals(Optional.of(status.id()))
                || !run.isNewer(status.id(), status.revision())) {
            return;
        }
        CampaignDevice d = found.get();
        if (status.phase().isFinal()) {
            d = d.withUpdatePhase(status.phase());
        }
        Campaign c = run.campaign();
        CampaignDevice next;
        switch (status.phase()) {
            case SUCCEEDED -> next = d.finished(DeviceState.SUCCEEDED, Optional.empty(),
                    "succeeded: it runs " + c.spec().firmware().targetVersion(), at);
            case FAILED -> next = failed(c, d, status, at);
            case CANCELLED -> next = cancelled(c, d, status, at);
            default -> {
                if (d.state() == DeviceState.RUNNING && d.updatePhase().equals(Optional.of(status.phase()))) {
                    return;
                }
                next = d.running(status.phase(), "update " + status.id() + " (attempt " + d.attempt() + ") is "
                        + status.phase());
            }
        }
        if (!next.state().isStarted()) {
            ledger.disown(status.id());
            run.forget(status.id());
        }
        ledger.commit(run, List.of(next), at);
    }

    /** Asks the update engine to cancel {@code d}'s update, for {@code cause}: saved first, then sent. */
    void cancelUpdate(CampaignRun run, CampaignDevice d, CancelCause cause, String why, Instant now) {
        UpdateId id = d.updateId().orElseThrow();
        CampaignDevice asked = d.withCancelRequested(cause, why + "; cancelling update " + id);
        ledger.commit(run, List.of(asked), now);
        try {
            updates.cancel(id, now);
        } catch (UpdateRefusedException e) {
            if (e.reason() == UpdateRefusedException.Reason.INSTALLING) {
                ledger.commit(run, List.of(asked.withNote(why + "; it is installing already, its result decides")),
                        now);
            } else {
                updates.find(id).ifPresent(s -> apply(run, d.endpoint(), s, now));
            }
        } catch (RuntimeException e) {
            LOG.warn("cancelling update {} of {} failed; asked again after a restart", id, d.endpoint(), e);
        }
    }

    /** Sends a cancel saved before a restart again; a refusal (installing, finished) is the answer already. */
    void cancelAgain(UpdateId id, Instant now) {
        try {
            updates.cancel(id, now);
        } catch (UpdateRefusedException e) {
            LOG.debug("update {} was not cancelled again: {}", id, e.getMessage());
        }
    }

    private static CampaignDevice failed(Campaign c, CampaignDevice d, UpdateStatus status, Instant at) {
        DeviceFailure failure = DeviceFailure.of(status.failure().orElseThrow());
        Retries retries = c.spec().policy().retries();
        boolean retry = c.status() != CampaignStatus.CANCELLING && !c.spec().schedule().hasEnded(at)
                && d.cancelRequested().isEmpty() && retries.allow(status.failure().get(), d.retries());
        if (retry) {
            Instant when = at.plus(retries.delay(d.retries() + 1));
            return d.waitingRetry(failure, when, "failed: " + failure.detail() + "; retry " + (d.retries() + 1)
                    + " of " + retries.max() + " at " + when);
        }
        return d.finished(DeviceState.FAILED, Optional.of(failure), "failed: " + failure.detail(), at);
    }

    private static CampaignDevice cancelled(Campaign c, CampaignDevice d, UpdateStatus status, Instant at) {
        if (d.cancelRequested().equals(Optional.of(CancelCause.DEADLINE))) {
            return d.finished(DeviceState.FAILED, Optional.of(DeviceFailure.deadline("not done within "
                    + c.spec().policy().deviceDeadline() + " of its first start; update " + status.id()
                    + " was cancelled")), "failed: past its device deadline, its update was cancelled", at);
        }
        String why = d.cancelRequested().isPresent() ? "cancelled with the campaign"
                : "cancelled: update " + status.id() + " was cancelled outside the campaign";
        return d.finished(DeviceState.CANCELLED, Optional.empty(), why, at);
    }
}
