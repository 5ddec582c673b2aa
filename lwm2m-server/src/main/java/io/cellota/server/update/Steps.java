package io.cellota.server.update;

import io.cellota.firmware.object5.FirmwareUpdateStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The step builders the phase rules share: entering a phase with its deadline, failing or retrying by
 * policy, transferring, executing, confirming, re-reading the device, and scheduling polls.
 */
final class Steps {

    /** The longest wait before reading again a device that did not answer a read. */
    static final Duration SILENCE_RETRY = Duration.ofSeconds(30);

    private final DeliveryPolicy policy;
    private final UriIssuer uris;
    private final Function<String, LinkEstimate> links;

    Steps(DeliveryPolicy policy, UriIssuer uris, Function<String, LinkEstimate> links) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.uris = Objects.requireNonNull(uris, "uris");
        this.links = Objects.requireNonNull(links, "links");
    }

    /** {@code u} in {@code phase}; a new phase gets a new deadline, the same phase keeps its own. */
    DeviceUpdate enter(DeviceUpdate u, UpdatePhase phase, Instant now) {
        if (phase == u.phase()) {
            return u;
        }
        Duration allowed = policy.deadline(phase, u.target().size(), links.apply(u.endpoint()));
        return u.withPhase(phase, now, Optional.of(now.plus(allowed)));
    }

    /** Another attempt after the backoff if the policy allows one, otherwise FAILED. */
    Step failOrRetry(DeviceUpdate u, Failure failure, Instant now) {
        if (!policy.mayRetry(failure, u.retried(), u.attempt())) {
            return fail(u, failure, now);
        }
        Duration wait = policy.backoffAfter(u.attempt());
        DeviceUpdate queued = u.withoutOutstanding().withRetried(failure).withPhase(UpdatePhase.QUEUED, now,
                Optional.empty()).withNextCheck(Optional.of(now.plus(wait)));
        return new Step(queued, "attempt " + u.attempt() + " failed (" + failure.describe() + "); attempt "
                + queued.attempt() + " in " + wait);
    }

    Step fail(DeviceUpdate u, Failure failure, Instant now) {
        return new Step(u.finished(UpdatePhase.FAILED, Optional.of(failure), now), "failed: " + failure.describe());
    }

    Step cancelled(DeviceUpdate u, Instant now, String detail) {
        Failure cancel = Failure.engine(Failure.Reason.CANCELLED, detail);
        return new Step(u.finished(UpdatePhase.CANCELLED, Optional.of(cancel), now), "cancelled: " + detail);
    }

    /**
     * TRANSFERRING: write the Package URI (issued once per attempt, re-sent unchanged) or push the
     * package.
     */
    Step transfer(DeviceUpdate u, Instant now) {
        DeliveryPlan plan = u.plan().orElseThrow(() -> new IllegalStateException("no plan for " + u.id()));
        DeviceUpdate entered = enter(u, UpdatePhase.TRANSFERRING, now);
        if (plan.delivery() == Delivery.PUSH) {
            Duration timeout = policy.transferTimeout(u.target().size(), links.apply(u.endpoint()));
            return new Step(entered.withCommand(DeviceCommand.PUSH_PACKAGE),
                    "pushing " + u.target().size() + " bytes block-wise, timeout " + timeout);
        }
        DeliveryPlan issued = plan.packageUri().isPresent() ? plan : plan.withPackageUri(
                uris.packageUri(u.endpoint(), u.target().packageId(), plan.protocol().orElseThrow()));
        return new Step(entered.withPlan(issued).withCommand(DeviceCommand.WRITE_PACKAGE_URI),
                "writing the Package URI (" + issued + ")");
    }

    /** DOWNLOADING: the device has its URI or package; waiting for Downloaded. */
    Step downloading(DeviceUpdate u, Instant now, String detail) {
        return new Step(enter(u.withoutOutstanding(), UpdatePhase.DOWNLOADING, now), detail);
    }

    /** INSTALLING with Execute Update issued. */
    Step execute(DeviceUpdate u, Instant now, String detail) {
        return new Step(enter(u, UpdatePhase.INSTALLING, now).withCommand(DeviceCommand.EXECUTE_UPDATE), detail);
    }

    /** CONFIRMING, waiting for the device to come back. */
    Step confirming(DeviceUpdate u, Instant now, String detail) {
        return new Step(enter(u.withoutOutstanding(), UpdatePhase.CONFIRMING, now), detail);
    }

    /** CONFIRMING, reading {@code /3/0/3} after Idle with Update Result 1. */
    Step readVersion(DeviceUpdate u, Instant now) {
        return new Step(enter(u, UpdatePhase.CONFIRMING, now).withCommand(DeviceCommand.READ_FIRMWARE_VERSION),
                "the device reports Update Result 1: reading /3/0/3");
    }

    /**
     * Re-reads the device before deciding anything: its Object 5 facts in PREPARING, otherwise State
     * and Update Result, observed again if they were observed (a new registration drops observations).
     */
    Step resync(DeviceUpdate u, String detail) {
        DeviceCommand read = u.phase() == UpdatePhase.PREPARING ? DeviceCommand.READ_FACTS
                : u.observing() ? DeviceCommand.OBSERVE : DeviceCommand.READ_STATUS;
        return new Step(u.withCommand(read), detail);
    }

    /**
     * After a read nobody answered: reads again at the device's next uplink, or after the poll interval (at most
     * {@link #SILENCE_RETRY}), whichever comes first. Never at once, so a gateway failing at once cannot make a loop.
     * (The history keeps the unanswered command's own event; these retries are routine, as polls are.)
     */
    Step readAgainLater(DeviceUpdate u, String detail, Instant now) {
        Duration wait = policy.pollInterval().compareTo(SILENCE_RETRY) < 0 ? policy.pollInterval() : SILENCE_RETRY;
        return new Step(u.withNextCheck(Optional.of(now.plus(wait))), detail + ": reading again at the device's next"
                + " uplink, or in " + wait.toSeconds() + " s");
    }

    /** Schedules a poll for an update that waits on a device it cannot observe. */
    Step settle(Step step, Instant now) {
        DeviceUpdate u = step.next();
        boolean waits = u.phase() == UpdatePhase.DOWNLOADING || u.phase().isInstalling();
        if (waits && !u.observing() && u.outstanding().isEmpty() && u.nextCheck().isEmpty()) {
            return new Step(u.withNextCheck(Optional.of(now.plus(policy.pollInterval()))), step.detail(), step.quiet());
        }
        return step;
    }

    /** {@code u} re-reading in PREPARING after the poll interval. */
    DeviceUpdate later(DeviceUpdate u, Instant now) {
        return u.withNextCheck(Optional.of(now.plus(policy.pollInterval())));
    }

    /** A status as the history writes it, e.g. {@code DOWNLOADED/0}. */
    static String describe(FirmwareUpdateStatus status) {
        return status.state() + "/" + status.result().code();
    }
}
