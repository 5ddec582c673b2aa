package io.cellota.server.update;

import io.cellota.firmware.object5.ProtocolSupport;
import io.cellota.firmware.object5.UpdateResult;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How the engine delivers and when it gives up: retries (how many attempts, which failures are worth
 * another one and how often, the backoff), a deadline per phase, the operator's default preference,
 * the polling interval for devices that cannot be observed, and how transfer timeouts are sized.
 * Every default is in {@link #defaults()} and in {@code docs/lwm2m-server.md}.
 *
 * @param maxAttempts          attempts in all, the first included
 * @param retryableResults     Update Results worth another attempt, each with the most retries it may
 *                             cause ({@link #UNLIMITED}: as long as attempts remain)
 * @param retryableReasons     engine reasons worth another attempt, likewise
 * @param deadlines            how long each active phase but {@code QUEUED} may last
 * @param preferredDelivery    the delivery when the device takes both and the operator did not say
 * @param protocolOrder        the pull protocols in order of preference
 * @param pollInterval         how often State and Update Result are read when they cannot be observed
 * @param transferSafetyFactor multiplies the nominal transfer time ({@link LinkEstimate#transferTime})
 * @param transferAllowance    added to it, for the exchange's set-up and the device's checks
 */
public record DeliveryPolicy(int maxAttempts, Map<UpdateResult, Integer> retryableResults,
        Map<Failure.Reason, Integer> retryableReasons, Backoff backoff, Map<UpdatePhase, Duration> deadlines,
        Delivery preferredDelivery, List<ProtocolSupport> protocolOrder, Duration pollInterval,
        double transferSafetyFactor, Duration transferAllowance) {

    /** As many retries as the attempts allow. */
    public static final int UNLIMITED = Integer.MAX_VALUE;

    /** Checks every part is present and sensible, that every active phase but QUEUED has a deadline, and copies. */
    public DeliveryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("at least one attempt: " + maxAttempts);
        }
        retryableResults = Map.copyOf(retryableResults);
        retryableReasons = Map.copyOf(retryableReasons);
        Objects.requireNonNull(backoff, "backoff");
        deadlines = Map.copyOf(deadlines);
        for (UpdatePhase phase : UpdatePhase.values()) {
            if (phase.isActive() && phase != UpdatePhase.QUEUED && !deadlines.containsKey(phase)) {
                throw new IllegalArgumentException("no deadline for " + phase);
            }
        }
        Objects.requireNonNull(preferredDelivery, "preferredDelivery");
        protocolOrder = List.copyOf(protocolOrder);
        if (protocolOrder.isEmpty() || protocolOrder.stream().distinct().count() != protocolOrder.size()) {
            throw new IllegalArgumentException("the protocol order lists each protocol once: " + protocolOrder);
        }
        requirePositive(pollInterval, "pollInterval");
        if (!(transferSafetyFactor >= 1)) {
            throw new IllegalArgumentException("the transfer safety factor is at least 1: " + transferSafetyFactor);
        }
        Objects.requireNonNull(transferAllowance, "transferAllowance");
    }

    /**
     * Three attempts; Update Results 4 (connection lost) and 5 (integrity failure) and a lost package
     * retried while attempts remain, 3 (out of RAM) once; backoff 30 s, ×4, at most 30 min; deadlines
     * PREPARING 24 h, TRANSFERRING 24 h, DOWNLOADING 2 h, DOWNLOADED 1 h, INSTALLING 24 h, CONFIRMING
     * 2 h, CANCELLING 24 h (plus the transfer timeout for TRANSFERRING and DOWNLOADING); pull preferred,
     * secure CoAP first; polling every 5 min; transfer timeout = 60 s + 2 × nominal transfer time.
     */
    public static DeliveryPolicy defaults() {
        Map<UpdatePhase, Duration> deadlines = new EnumMap<>(UpdatePhase.class);
        deadlines.put(UpdatePhase.PREPARING, Duration.ofHours(24));
        deadlines.put(UpdatePhase.TRANSFERRING, Duration.ofHours(24));
        deadlines.put(UpdatePhase.DOWNLOADING, Duration.ofHours(2));
        deadlines.put(UpdatePhase.DOWNLOADED, Duration.ofHours(1));
        deadlines.put(UpdatePhase.INSTALLING, Duration.ofHours(24));
        deadlines.put(UpdatePhase.CONFIRMING, Duration.ofHours(2));
        deadlines.put(UpdatePhase.CANCELLING, Duration.ofHours(24));
        return new DeliveryPolicy(3,
                Map.of(UpdateResult.CONNECTION_LOST, UNLIMITED, UpdateResult.INTEGRITY_CHECK_FAILURE, UNLIMITED,
                        UpdateResult.OUT_OF_RAM, 1),
                Map.of(Failure.Reason.PACKAGE_LOST, UNLIMITED),
                new Backoff(Duration.ofSeconds(30), 4, Duration.ofMinutes(30)), deadlines, Delivery.PULL,
                List.of(ProtocolSupport.COAPS, ProtocolSupport.COAP_TLS, ProtocolSupport.HTTPS, ProtocolSupport.COAP,
                        ProtocolSupport.COAP_TCP, ProtocolSupport.HTTP),
                Duration.ofMinutes(5), 2.0, Duration.ofSeconds(60));
    }

    /**
     * Whether an update whose attempt {@code attempt} failed with {@code failure}, after earlier
     * attempts failed with {@code earlier}, gets another attempt: attempts remain, and the failure's
     * cause has caused fewer retries than its limit.
     */
    public boolean mayRetry(Failure failure, List<Failure> earlier, int attempt) {
        long sameCause = earlier.stream().filter(failure::sameCause).count();
        return attempt < maxAttempts && sameCause < retryLimit(failure);
    }

    /** How long to wait after failed attempt {@code attempt} (from 1) before the next. */
    public Duration backoffAfter(int attempt) {
        return backoff.delay(attempt);
    }

    /**
     * How long moving {@code size} bytes over {@code link} may take:
     * {@code transferAllowance + transferSafetyFactor × link.transferTime(size)}. The gateway's push
     * timeout, and added to the TRANSFERRING and DOWNLOADING deadlines.
     */
    public Duration transferTimeout(long size, LinkEstimate link) {
        long nominal = link.transferTime(size).toMillis();
        return transferAllowance.plusMillis(Math.round(nominal * transferSafetyFactor));
    }

    /** How long {@code phase} may last for a package of {@code size} bytes over {@code link}. */
    public Duration deadline(UpdatePhase phase, long size, LinkEstimate link) {
        Duration base = Objects.requireNonNull(deadlines.get(phase), () -> phase + " has no deadline");
        boolean moving = phase == UpdatePhase.TRANSFERRING || phase == UpdatePhase.DOWNLOADING;
        return moving ? base.plus(transferTimeout(size, link)) : base;
    }

    /** This policy preferring {@code delivery} for devices that take both. */
    public DeliveryPolicy withPreferredDelivery(Delivery delivery) {
        return new DeliveryPolicy(maxAttempts, retryableResults, retryableReasons, backoff, deadlines, delivery,
                protocolOrder, pollInterval, transferSafetyFactor, transferAllowance);
    }

    private int retryLimit(Failure failure) {
        if (failure instanceof Failure.Device device) {
            return retryableResults.getOrDefault(device.result(), 0);
        }
        return retryableReasons.getOrDefault(((Failure.Engine) failure).reason(), 0);
    }

    private static void requirePositive(Duration duration, String name) {
        Objects.requireNonNull(duration, name);
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }

    /** The wait after failed attempt n: {@code first × factor^(n-1)}, at most {@code max}. */
    public record Backoff(Duration first, double factor, Duration max) {
        /** Checks the durations are positive and the factor at least 1. */
        public Backoff {
            requirePositive(first, "first");
            requirePositive(max, "max");
            if (!(factor >= 1)) {
                throw new IllegalArgumentException("a backoff factor is at least 1: " + factor);
            }
        }

        /** The wait after failed attempt {@code attempt}, from 1. */
        public Duration delay(int attempt) {
            double millis = first.toMillis() * Math.pow(factor, Math.max(0, attempt - 1));
            return millis >= max.toMillis() ? max : Duration.ofMillis(Math.round(millis));
        }
    }
}
