package io.cellota.server.operations;

import io.cellota.server.devices.DeviceOperationException;
import io.cellota.server.devices.DeviceOperations;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds generic LwM2M operations for devices that cannot answer now and sends them when they can.
 *
 * <p>{@link #hold} stores the operation first and then, if the device is reachable, starts sending; otherwise it
 * waits for {@link #reachable} (the device registered, updated its registration or sent anything in queue mode). A
 * device's operations go one at a time, oldest first. Each send is a compare-and-set {@code QUEUED → SENDING} in the
 * database, so a cancel racing with it wins or loses whole. The device's answer, success or error code, finishes the
 * operation. A device that is asleep again or gone before it answered keeps the operation queued for its next wake,
 * up to {@link #MAX_ATTEMPTS} sends; an execute is the exception: sent at most once, it fails when unanswered,
 * because the device may have run it. An operation not sent by its deadline expires ({@link #expire}). After a
 * restart, {@link #recover} puts back in the queue what the stopped server was sending (an execute fails instead).
 * Every change is told to {@code changes} after it is stored.
 */
public final class HeldOperations {

    /** The most operations one device may have waiting at once. */
    public static final int MAX_WAITING = 50;
    /** How long an operation waits when the request does not say. */
    public static final Duration DEFAULT_LIFETIME = Duration.ofDays(1);
    /** The longest an operation may wait. */
    public static final Duration MAX_LIFETIME = Duration.ofDays(30);
    /** Sends of a repeatable operation before it fails. */
    public static final int MAX_ATTEMPTS = 5;
    /** How long finished operations are kept. */
    public static final Duration KEPT = Duration.ofDays(30);

    private static final Logger LOG = LoggerFactory.getLogger(HeldOperations.class);
    private static final Pattern PATH = Pattern.compile("/\\d{1,5}(/\\d{1,5}){0,3}");
    private static final Pattern RESOURCE = Pattern.compile("/\\d{1,5}/\\d{1,5}/\\d{1,5}");

    private final JdbcHeldOperations store;
    private final DeviceOperations devices;
    private final Predicate<String> canReach;
    private final Duration sendTimeout;
    private final Clock clock;
    private final Executor executor;
    private final Consumer<HeldOperation> changes;
    private final Set<String> sending = ConcurrentHashMap.newKeySet();
    /** The devices that may have operations queued: a wake of any other device costs no database query. */
    private final Set<String> waiting = ConcurrentHashMap.newKeySet();

    /**
     * @param canReach  whether a device can be sent to now (registered, and awake if in queue mode)
     * @param sendTimeout how long one send waits for the device's answer
     * @param executor  where sends start (never Leshan's threads: each send reads the database)
     * @param changes   told every stored change; must not block
     */
    public HeldOperations(JdbcHeldOperations store, DeviceOperations devices, Predicate<String> canReach,
                          Duration sendTimeout, Clock clock, Executor executor, Consumer<HeldOperation> changes) {
        this.store = store;
        this.devices = devices;
        this.canReach = canReach;
        this.sendTimeout = sendTimeout;
        this.clock = clock;
        this.executor = executor;
        this.changes = changes;
    }

    /** What an operator asks for: the operation, the value of a write or the arguments of an execute, how long. */
    public record Request(String endpoint, HeldOperation.Kind kind, String path, Optional<Object> value,
                          Optional<String> arguments, Duration lifetime, String requestedBy) {
        public Request {
            Objects.requireNonNull(endpoint, "endpoint");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(value, "value");
            Objects.requireNonNull(arguments, "arguments");
            Objects.requireNonNull(lifetime, "lifetime");
            Objects.requireNonNull(requestedBy, "requestedBy");
        }
    }

    /**
     * Checks and stores the request, then sends it at once if the device can be reached. The device's model is not
     * known while it sleeps, so a write's value is checked against the resource's type when it is sent.
     */
    public HeldOperation hold(Request request) throws OperationRefusedException {
        check(request);
        Instant now = clock.instant();
        HeldOperation operation = new HeldOperation(0, request.endpoint(), request.kind(), request.path(),
                request.value(), request.arguments().filter(a -> !a.isEmpty()), request.requestedBy(),
                HeldOperation.Status.QUEUED, 0, now, now.plus(request.lifetime()), now, Optional.empty(),
                Optional.empty());
        HeldOperation stored = store.insert(operation, MAX_WAITING).orElseThrow(() -> new OperationRefusedException(
                OperationRefusedException.Reason.CONFLICT, request.endpoint() + " already has " + MAX_WAITING
                + " operations waiting; cancel some or wait until it wakes"));
        changes.accept(stored);
        waiting.add(stored.endpoint());
        reachable(stored.endpoint());
        return stored;
    }

    /** Refuses a request that is wrong whatever the device: the path, the value, the arguments, the lifetime. */
    public static void check(Request r) throws OperationRefusedException {
        if (!PATH.matcher(r.path()).matches()) {
            throw invalid("path must be /object[/instance[/resource[/resource instance]]], e.g. /3/0/0; was '"
                    + r.path() + "'");
        }
        boolean resource = RESOURCE.matcher(r.path()).matches();
        switch (r.kind()) {
            case WRITE -> {
                if (!resource) {
                    throw invalid("a write names one resource, /object/instance/resource; " + r.path() + " is not one");
                }
                if (r.value().isEmpty()) {
                    throw invalid("a write needs a value: a string, number or boolean");
                }
            }
            case EXECUTE -> {
                if (!resource) {
                    throw invalid("an execute names one resource, /object/instance/resource; " + r.path()
                            + " is not one");
                }
            }
            default -> {
                // a read or an observe may name an object, an instance or a resource
            }
        }
        if (r.kind() != HeldOperation.Kind.WRITE && r.value().isPresent()) {
            throw invalid("only a write takes a value");
        }
        if (r.kind() != HeldOperation.Kind.EXECUTE && r.arguments().isPresent()) {
            throw invalid("only an execute takes arguments");
        }
        if (r.lifetime().compareTo(Duration.ofSeconds(1)) < 0 || r.lifetime().compareTo(MAX_LIFETIME) > 0) {
            throw invalid("an operation may wait from 1 s to " + MAX_LIFETIME.toDays() + " days");
        }
    }

    private static OperationRefusedException invalid(String message) {
        return new OperationRefusedException(OperationRefusedException.Reason.INVALID, message);
    }

    /** One operation of a device. */
    public Optional<HeldOperation> find(String endpoint, long id) {
        return store.find(endpoint, id);
    }

    /** A page of a device's operations, newest first. */
    public List<HeldOperation> list(String endpoint, Optional<HeldOperation.Status> status, int offset, int limit) {
        return store.list(endpoint, status, offset, limit);
    }

    public long count(String endpoint, Optional<HeldOperation.Status> status) {
        return store.count(endpoint, status);
    }

    /**
     * Cancels a queued operation; returns it cancelled, or empty when there is no such operation. An operation
     * already sent or finished cannot be cancelled.
     */
    public Optional<HeldOperation> cancel(String endpoint, long id, String by) throws OperationRefusedException {
        Optional<HeldOperation> found = store.find(endpoint, id);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        HeldOperation op = found.get();
        HeldOperation cancelled = op.with(HeldOperation.Status.CANCELLED, op.attempts(), clock.instant(),
                Optional.empty(), Optional.of("cancelled by " + by));
        if (op.status() != HeldOperation.Status.QUEUED || !store.transition(cancelled, HeldOperation.Status.QUEUED)) {
            HeldOperation now = store.find(endpoint, id).orElse(op);
            throw new OperationRefusedException(OperationRefusedException.Reason.CONFLICT, "operation " + id + " is "
                    + now.status().name().toLowerCase(java.util.Locale.ROOT) + "; only a queued operation can be"
                    + " cancelled");
        }
        changes.accept(cancelled);
        return Optional.of(cancelled);
    }

    /** The device can be reached now: sends what it has waiting, in order. */
    public void reachable(String endpoint) {
        if (waiting.contains(endpoint) && sending.add(endpoint)) {
            executor.execute(() -> sendNext(endpoint));
        }
    }

    /** Expires queued operations past their deadline and forgets those finished long ago. */
    public void expire(Instant now) {
        for (HeldOperation op : store.queuedPast(now)) {
            HeldOperation expired = op.with(HeldOperation.Status.EXPIRED, op.attempts(), now, Optional.empty(),
                    Optional.of(op.attempts() == 0 ? "the device could not be reached before the deadline"
                            : "the device did not answer before the deadline (" + op.attempts() + " sends)"));
            if (store.transition(expired, HeldOperation.Status.QUEUED)) {
                changes.accept(expired);
            }
        }
        store.purgeFinished(now.minus(KEPT));
    }

    /**
     * At a start: what the stopped server was sending goes back in the queue, unless it was an execute, which fails
     * (it may have reached the device; it is not sent twice).
     */
    public void recover() {
        Instant now = clock.instant();
        for (HeldOperation op : store.inStatus(HeldOperation.Status.SENDING)) {
            HeldOperation next = op.kind().repeatable()
                    ? op.with(HeldOperation.Status.QUEUED, op.attempts(), now, Optional.empty(), Optional.empty())
                    : op.with(HeldOperation.Status.FAILED, op.attempts(), now, Optional.empty(), Optional.of(
                            "the server stopped while sending it; not sent again, since the device may have run it"));
            if (store.transition(next, HeldOperation.Status.SENDING)) {
                changes.accept(next);
            }
        }
        waiting.addAll(store.endpointsQueued());
    }

    private void sendNext(String endpoint) {
        HeldOperation op;
        try {
            Optional<HeldOperation> next = store.nextQueued(endpoint);
            if (next.isEmpty() || !canReach.test(endpoint)) {
                if (next.isEmpty()) {
                    waiting.remove(endpoint);
                }
                sending.remove(endpoint);
                // an operation queued, or a wake, while this was finishing would otherwise wait for the next wake
                if (store.nextQueued(endpoint).isPresent()) {
                    waiting.add(endpoint);
                    if (canReach.test(endpoint)) {
                        reachable(endpoint);
                    }
                }
                return;
            }
            op = next.get();
            Instant now = clock.instant();
            if (now.isAfter(op.notAfter())) {
                expire(now);
                sendNext(endpoint);
                return;
            }
            HeldOperation sent = op.with(HeldOperation.Status.SENDING, op.attempts() + 1, now, Optional.empty(),
                    Optional.empty());
            if (!store.transition(sent, HeldOperation.Status.QUEUED)) {
                sendNext(endpoint); // cancelled meanwhile
                return;
            }
            changes.accept(sent);
            send(sent).whenComplete((outcome, error) -> executor.execute(() -> {
                boolean goOn = finish(sent, outcome, error);
                if (goOn) {
                    sendNext(endpoint);
                } else {
                    sending.remove(endpoint);
                }
            }));
        } catch (RuntimeException e) {
            sending.remove(endpoint);
            LOG.warn("{}: sending held operations failed (tried again at its next wake): {}", endpoint, e.toString());
        }
    }

    private CompletionStage<DeviceOperations.Outcome> send(HeldOperation op) {
        return switch (op.kind()) {
            case READ -> devices.read(op.endpoint(), op.path(), sendTimeout);
            case WRITE -> devices.write(op.endpoint(), op.path(), op.value().orElseThrow(), sendTimeout);
            case EXECUTE -> devices.execute(op.endpoint(), op.path(), op.arguments(), sendTimeout);
            case OBSERVE -> devices.observe(op.endpoint(), op.path(), sendTimeout);
        };
    }

    /** Stores how the send ended; returns whether the device's next operation may go now. */
    private boolean finish(HeldOperation sent, DeviceOperations.Outcome outcome, Throwable error) {
        Instant now = clock.instant();
        HeldOperation next;
        boolean goOn = true;
        if (error == null) {
            next = sent.with(outcome.success() ? HeldOperation.Status.SUCCEEDED : HeldOperation.Status.FAILED,
                    sent.attempts(), now, Optional.of(outcome), outcome.success() ? Optional.empty()
                            : Optional.of("the device answered " + outcome.code() + " " + outcome.codeName()
                            + outcome.errorMessage().map(m -> ": " + m).orElse("")));
        } else {
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause()
                    : error;
            DeviceOperationException.Reason reason = cause instanceof DeviceOperationException d ? d.reason()
                    : DeviceOperationException.Reason.TIMEOUT;
            switch (reason) {
                case INVALID, REFUSED -> next = sent.with(HeldOperation.Status.FAILED, sent.attempts(), now,
                        Optional.empty(), Optional.of(cause.getMessage()));
                case ASLEEP, NOT_REGISTERED -> {
                    // gone again before it could be sent: this send does not count
                    next = sent.with(HeldOperation.Status.QUEUED, sent.attempts() - 1, now, Optional.empty(),
                            Optional.empty());
                    goOn = false;
                }
                default -> {
                    if (!sent.kind().repeatable()) {
                        next = sent.with(HeldOperation.Status.FAILED, sent.attempts(), now, Optional.empty(),
                                Optional.of("no answer (" + cause.getMessage() + "); not sent again, since the"
                                        + " device may have run it"));
                    } else if (sent.attempts() >= MAX_ATTEMPTS) {
                        next = sent.with(HeldOperation.Status.FAILED, sent.attempts(), now, Optional.empty(),
                                Optional.of("no answer after " + sent.attempts() + " sends (" + cause.getMessage()
                                        + ")"));
                    } else {
                        // most likely asleep again: tried at its next wake
                        next = sent.with(HeldOperation.Status.QUEUED, sent.attempts(), now, Optional.empty(),
                                Optional.of("no answer (" + cause.getMessage() + "); sent again at its next wake"));
                        goOn = false;
                    }
                }
            }
        }
        if (store.transition(next, HeldOperation.Status.SENDING)) {
            changes.accept(next);
        }
        return goOn;
    }
}
