package io.cellota.device.link;

import java.util.ArrayDeque;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.random.RandomGenerator;

/**
 * The link model of one direction of one device's link: given a datagram's arrival time and size, it
 * decides when the datagram leaves the link, or why it never does. It is pure: no clock, no threads, no
 * I/O; the caller passes times in nanoseconds on any monotonic scale (the proxy uses
 * {@link System#nanoTime()}, tests pass plain numbers). Not thread-safe: it belongs to one thread.
 *
 * <p>For each {@linkplain #offer offered} datagram, in this order:
 * <ol>
 *   <li><b>MTU</b>: payload plus overhead above the MTU is dropped ({@link DropReason#MTU}).</li>
 *   <li><b>Queue</b>: the bottleneck buffer holds every datagram whose serialization has not finished;
 *       if this one does not fit in what is left it is tail-dropped ({@link DropReason#QUEUE}).</li>
 *   <li><b>Serialization</b> (a virtual clock): the datagram starts when the link is free and occupies it
 *       for {@link PathProfile#serializationNanos(long)}, so delivered wire bits never exceed the rate
 *       and an idle link accumulates no credit.</li>
 *   <li><b>Loss</b>: drawn after serialization, so a lost datagram still used its airtime
 *       ({@link DropReason#LOSS}).</li>
 *   <li><b>Propagation</b>: base delay plus uniform jitter, never earlier than the previous release.</li>
 *   <li><b>Reorder</b>: the datagram is held back; the next datagram released in this direction
 *       {@linkplain Forward#releasesHeld() releases it right after itself}, or it leaves on its own after
 *       {@link PathProfile#reorderHold()}. One datagram is held at a time; a held one is not duplicated.</li>
 *   <li><b>Duplication</b>: a copy is serialized right behind the original, if the buffer has room.</li>
 * </ol>
 * Every offer that reaches the link draws exactly four numbers from the generator (loss, jitter, reorder,
 * duplicate; MTU and queue drops draw none), so a seeded generator gives the same verdicts for the same
 * sequence of offers, and changing one probability does not shift the draws of the others.
 */
public final class LinkScheduler {

    /** What happens to one offered datagram. */
    public sealed interface Verdict permits Drop, Forward {}

    /** The datagram never leaves the link. */
    public record Drop(DropReason reason) implements Verdict {
        public Drop {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * The datagram leaves the link.
     *
     * @param releaseNanos when it leaves; for a held-back datagram, the latest time it leaves
     * @param heldBack whether it is held back for reordering: the next forwarded datagram may release it
     *     earlier, right after itself
     * @param releasesHeld whether the datagram held back before this one leaves right after this one, at
     *     {@code releaseNanos}
     * @param duplicateReleaseNanos when a copy of it leaves, if it is duplicated; never before the original
     */
    public record Forward(long releaseNanos, boolean heldBack, boolean releasesHeld, OptionalLong duplicateReleaseNanos)
            implements Verdict {
        public Forward {
            Objects.requireNonNull(duplicateReleaseNanos, "duplicateReleaseNanos");
            if (heldBack && (releasesHeld || duplicateReleaseNanos.isPresent())) {
                throw new IllegalArgumentException("a held-back datagram neither releases another nor is copied");
            }
        }
    }

    private record Transmission(long finishNanos, long wireBytes) {}

    private final Direction direction;
    private final RandomGenerator random;
    private final ArrayDeque<Transmission> transmitting = new ArrayDeque<>();
    private LinkProfile profile;
    private long backlogBytes;
    private long linkFreeAtNanos = Long.MIN_VALUE;
    private long lastReleaseNanos = Long.MIN_VALUE;
    private boolean holding;
    private long heldDeadlineNanos;

    /**
     * @param direction which of {@code profile}'s paths this scheduler applies
     * @param random the source of loss, jitter, reorder and duplicate draws; seed it for reproducible runs
     */
    public LinkScheduler(Direction direction, LinkProfile profile, RandomGenerator random) {
        this.direction = Objects.requireNonNull(direction, "direction");
        this.profile = Objects.requireNonNull(profile, "profile");
        this.random = Objects.requireNonNull(random, "random");
    }

    /** Applies {@code newProfile} to datagrams offered from now on; those already on the link keep their fate. */
    public void setProfile(LinkProfile newProfile) {
        this.profile = Objects.requireNonNull(newProfile, "profile");
    }

    /** Forgets the backlog and any held datagram, as when coverage is lost and the buffers are flushed. */
    public void reset() {
        transmitting.clear();
        backlogBytes = 0;
        linkFreeAtNanos = Long.MIN_VALUE;
        lastReleaseNanos = Long.MIN_VALUE;
        holding = false;
    }

    /** The wire bytes in the bottleneck buffer at {@code nowNanos}: datagrams not yet fully serialized. */
    public long backlogBytes(long nowNanos) {
        drainFinished(nowNanos);
        return backlogBytes;
    }

    /** Decides the fate of a datagram with {@code payloadBytes} of UDP payload arriving at {@code arrivalNanos}. */
    public Verdict offer(long arrivalNanos, int payloadBytes) {
        if (payloadBytes < 0) {
            throw new IllegalArgumentException("payload size must not be negative, was " + payloadBytes);
        }
        PathProfile path = profile.path(direction);
        long wireBytes = profile.wireBytes(payloadBytes);
        if (wireBytes > profile.mtu()) {
            return new Drop(DropReason.MTU);
        }
        drainFinished(arrivalNanos);
        if (!fits(path, wireBytes)) {
            return new Drop(DropReason.QUEUE);
        }
        long finishNanos = transmit(path, arrivalNanos, wireBytes);

        boolean lost = random.nextDouble() < path.loss();
        long propagationNanos = path.delay().toNanos() + jitterNanos(path);
        boolean reorder = random.nextDouble() < path.reorder();
        boolean duplicate = random.nextDouble() < path.duplicate();
        if (lost) {
            return new Drop(DropReason.LOSS);
        }
        long releaseNanos = Math.max(finishNanos + propagationNanos, lastReleaseNanos);
        boolean heldPending = holding && heldDeadlineNanos > releaseNanos;
        holding = false;
        if (reorder && !heldPending) {
            holding = true;
            heldDeadlineNanos = releaseNanos + path.reorderHold().toNanos();
            lastReleaseNanos = releaseNanos;
            return new Forward(heldDeadlineNanos, true, false, OptionalLong.empty());
        }
        lastReleaseNanos = releaseNanos;
        OptionalLong copyReleaseNanos = OptionalLong.empty();
        if (duplicate && fits(path, wireBytes)) {
            long copyFinishNanos = transmit(path, arrivalNanos, wireBytes);
            lastReleaseNanos = Math.max(copyFinishNanos + propagationNanos, releaseNanos);
            copyReleaseNanos = OptionalLong.of(lastReleaseNanos);
        }
        return new Forward(releaseNanos, false, heldPending, copyReleaseNanos);
    }

    private boolean fits(PathProfile path, long wireBytes) {
        return wireBytes <= path.queueLimitBytes() - backlogBytes;
    }

    /** Puts the datagram on the link behind everything already there; returns when its last bit is sent. */
    private long transmit(PathProfile path, long arrivalNanos, long wireBytes) {
        long startNanos = Math.max(arrivalNanos, linkFreeAtNanos);
        long finishNanos = startNanos + path.serializationNanos(wireBytes);
        linkFreeAtNanos = finishNanos;
        transmitting.addLast(new Transmission(finishNanos, wireBytes));
        backlogBytes += wireBytes;
        return finishNanos;
    }

    private void drainFinished(long nowNanos) {
        while (!transmitting.isEmpty() && transmitting.peekFirst().finishNanos() <= nowNanos) {
            backlogBytes -= transmitting.removeFirst().wireBytes();
        }
    }

    private long jitterNanos(PathProfile path) {
        long bound = path.jitter().toNanos();
        long draw = random.nextLong();
        return bound == 0 ? 0 : Math.floorMod(draw, bound + 1);
    }
}
