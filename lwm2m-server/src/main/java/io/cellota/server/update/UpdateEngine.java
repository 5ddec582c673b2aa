package io.cellota.server.update;

import io.cellota.firmware.object5.FirmwareUpdateStatus;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Runs every device's firmware update through the phases of {@link UpdatePhase}: takes requests
 * ({@link #submit}, {@link #cancel}), device events from the LwM2M adapter ({@link #onRegistered},
 * {@link #onAwake}, {@link #onObject5}, {@link #onCommandOutcome}) and the clock ({@link #tick}), lets
 * {@link PhaseRules} decide, saves each step and only then sends the command it issued.
 *
 * <p>Restart: build a new engine over the same store and call {@link #recover} before anything else.
 * It re-reads every active update's device before sending any other command, so an Execute or a
 * Package write is repeated only when the device shows that it never arrived.
 *
 * <p>Threads: every input runs under one lock. A command's answer that completes while the engine is
 * still deciding (a gateway answering synchronously) is handled right after; listeners are told after
 * the input is done. See {@code docs/lwm2m-server.md}, "Update engine".
 */
public final class UpdateEngine {

    private static final Logger LOG = LoggerFactory.getLogger(UpdateEngine.class);

    private final UpdateStore store;
    private final DeviceGateway gateway;
    private final DeliveryPolicy policy;
    private final PhaseRules rules;
    private final Clock clock;
    private final UpdateListener listener;
    private final ReentrantLock lock = new ReentrantLock();
    private final ActiveUpdates active = new ActiveUpdates();
    private final Deque<Runnable> deferred = new ArrayDeque<>();
    private final Deque<Runnable> notifications = new ArrayDeque<>();
    private boolean busy;

    /**
     * An engine over {@code store}, commanding devices through {@code gateway}, pulling from URIs of
     * {@code uris} (whose protocols are read once, here), deciding by {@code policy}; {@code clock}
     * times the answers that arrive from the gateway.
     */
    public UpdateEngine(UpdateStore store, DeviceGateway gateway, UriIssuer uris, DeliveryPolicy policy, Clock clock,
            UpdateListener listener) {
        this.store = Objects.requireNonNull(store, "store");
        this.gateway = Objects.requireNonNull(gateway, "gateway");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.policy = Objects.requireNonNull(policy, "policy");
        Steps steps = new Steps(policy, uris, gateway::linkEstimate);
        this.rules = new PhaseRules(steps, endpoint -> new PlanChooser(uris.protocols(endpoint), policy));
    }

    /**
     * Accepts an update and starts it.
     *
     * @throws UpdateRefusedException DEVICE_BUSY if the device already has an active update
     */
    public DeviceUpdate submit(UpdateRequest request, Instant now) {
        return submit(UpdateId.random(), request, now);
    }

    /**
     * Accepts an update under an id the caller chose and saved first, and starts it. A caller that crashed after
     * saving the id finds out whether the update exists with {@link UpdateStore#find} and submits again only if it
     * does not: the store refuses a second update with the same id, so nothing starts twice (campaigns do this).
     *
     * @throws UpdateRefusedException DEVICE_BUSY if the device already has an active update
     * @throws IllegalArgumentException if an update with this id exists
     */
    public DeviceUpdate submit(UpdateId id, UpdateRequest request, Instant now) {
        Objects.requireNonNull(id, "id");
        return exclusively(() -> {
            DeviceUpdate queued = DeviceUpdate.queued(id, request, now);
            UpdateEvent event = new UpdateEvent(queued.id(), now, Optional.empty(), UpdatePhase.QUEUED, "requested: package "
                    + request.target().packageId() + ", version " + request.target().targetVersion());
            DeviceUpdate created = store.create(queued, event);
            active.put(created);
            notifications.add(() -> tell(created, event));
            LOG.info("update {} of {} queued", created.id(), created.endpoint());
            return advance(created, Optional.empty(), now);
        });
    }

    /**
     * Cancels an update: at once if the device was never touched, otherwise through CANCELLING.
     *
     * @throws UpdateRefusedException NOT_FOUND, FINISHED, or INSTALLING once Execute was issued
     */
    public DeviceUpdate cancel(UpdateId id, Instant now) {
        return exclusively(() -> {
            DeviceUpdate u = active.byId(id).or(() -> store.find(id)).orElseThrow(() -> new UpdateRefusedException(
                    UpdateRefusedException.Reason.NOT_FOUND, "no update " + id));
            return advance(u, rules.cancel(u, now), now);
        });
    }

    /** After a restart: loads the active updates and re-reads each device (QUEUED ones wait for their time). */
    public void recover(Instant now) {
        exclusively(() -> {
            active.clear();
            List<DeviceUpdate> updates = store.listActive();
            updates.forEach(active::put);
            LOG.info("recovering {} active updates", updates.size());
            updates.forEach(u -> resolvingConflicts(() -> advance(u, rules.recover(u, now), now)));
            return null;
        });
    }

    /** The clock: ends phases whose deadline passed, polls devices, starts attempts whose backoff is over. */
    public void tick(Instant now) {
        input(() -> active.all().forEach(u -> resolvingConflicts(() -> current(u.id())
                .ifPresent(c -> advance(c, rules.tick(c, now), now)))));
    }

    /** The device registered anew (it rebooted or came back): its observations are gone. */
    public void onRegistered(String endpoint, Instant now) {
        input(() -> active.byEndpoint(endpoint).ifPresent(u -> advance(u, rules.registered(u, now), now)));
    }

    /** Any uplink from the device: a good moment for a check that was waiting. */
    public void onAwake(String endpoint, Instant now) {
        input(() -> active.byEndpoint(endpoint).ifPresent(u -> advance(u, rules.awake(u, now), now)));
    }

    /** A notification of State and Update Result. */
    public void onObject5(String endpoint, FirmwareUpdateStatus status, Instant now) {
        input(() -> active.byEndpoint(endpoint).ifPresent(u -> advance(u, Optional.of(rules.notified(u, status, now)),
                now)));
    }

    /** The outcome of a command; the engine wires its own stages here, and the gateway reports late answers. */
    public void onCommandOutcome(CommandRef ref, CommandOutcome outcome, Instant now) {
        Objects.requireNonNull(outcome, "outcome");
        input(() -> current(ref.updateId()).ifPresentOrElse(u -> advance(u, rules.outcome(u, ref, outcome, now), now),
                () -> LOG.debug("answer to {} for no active update", ref)));
    }

    private Optional<DeviceUpdate> current(UpdateId id) {
        return active.byId(id);
    }

    private DeviceUpdate advance(DeviceUpdate current, Optional<Step> step, Instant now) {
        try (MDC.MDCCloseable ignored = MDC.putCloseable("endpoint", current.endpoint())) {
            DeviceUpdate u = step.isPresent() ? apply(current, step.get(), now) : current;
            for (Optional<Step> next = rules.followUp(u, now); next.isPresent(); next = rules.followUp(u, now)) {
                u = apply(u, next.get(), now);
            }
            return u;
        }
    }

    /** Saves the step (compare-and-set), then sends the command it issued, then queues the listeners. */
    private DeviceUpdate apply(DeviceUpdate current, Step step, Instant now) {
        DeviceUpdate next = step.next();
        if (next.equals(current)) {
            return current;
        }
        boolean issued = next.commandCount() > current.commandCount();
        Optional<UpdateEvent> event = recorded(current, step, issued, now);
        DeviceUpdate saved = store.save(next.withUpdatedAt(now), event.stream().toList());
        active.put(saved);
        event.ifPresent(e -> {
            LOG.info("update {}: {} -> {}: {}", saved.id(), current.phase(), saved.phase(), e.detail());
            notifications.add(() -> tell(saved, e));
        });
        if (issued) {
            send(saved, saved.outstanding().orElseThrow());
        }
        return saved;
    }

    private Optional<UpdateEvent> recorded(DeviceUpdate current, Step step, boolean issued, Instant now) {
        DeviceUpdate next = step.next();
        Optional<Outstanding.Status> waiting = next.outstanding().map(Outstanding::status)
                .filter(s -> s != Outstanding.Status.SENT);
        boolean changed = current.phase() != next.phase() || !current.deviceStatus().equals(next.deviceStatus())
                || issued || (waiting.isPresent() && !waiting.equals(current.outstanding().map(Outstanding::status)));
        return step.quiet() || !changed ? Optional.empty()
                : Optional.of(new UpdateEvent(next.id(), now, Optional.of(current.phase()), next.phase(), step.detail()));
    }

    private void send(DeviceUpdate u, Outstanding command) {
        CommandRef ref = command.ref(u.id(), u.deadline().orElseThrow());
        String endpoint = u.endpoint();
        LOG.debug("update {}: sending {} ({})", u.id(), command.command().operation(), ref);
        CompletionStage<CommandOutcome> stage;
        try {
            stage = switch (command.command()) {
                case READ_FACTS -> gateway.readFacts(ref, endpoint);
                case OBSERVE -> gateway.observeStatus(ref, endpoint);
                case READ_STATUS -> gateway.readStatus(ref, endpoint);
                case RESET -> gateway.resetPackage(ref, endpoint);
                case WRITE_PACKAGE_URI -> gateway.writePackageUri(ref, endpoint, u.plan().orElseThrow().packageUri()
                        .orElseThrow());
                case PUSH_PACKAGE -> gateway.pushPackage(ref, endpoint, u.target().packageId(), policy.transferTimeout(u.target().size(),
                        gateway.linkEstimate(endpoint)));
                case EXECUTE_UPDATE -> gateway.executeUpdate(ref, endpoint);
                case EXECUTE_CANCEL -> gateway.executeCancel(ref, endpoint);
                case READ_FIRMWARE_VERSION -> gateway.readFirmwareVersion(ref, endpoint);
            };
        } catch (RuntimeException e) {
            stage = CompletableFuture.failedFuture(e);
        }
        stage.whenComplete((outcome, error) -> {
            if (error != null || outcome == null) {
                LOG.error("the gateway failed {} ({}); the command stays unanswered", command.command(), ref, error);
                return;
            }
            try {
                onCommandOutcome(ref, outcome, clock.instant());
            } catch (RuntimeException e) {
                LOG.error("handling the answer to {} failed", ref, e);
            }
        });
    }

    private void tell(DeviceUpdate update, UpdateEvent event) {
        try {
            listener.onTransition(update, event);
        } catch (RuntimeException e) {
            LOG.warn("an update listener failed on {}", event, e);
        }
    }

    private void input(Runnable action) {
        lock.lock();
        try {
            if (busy) {
                deferred.add(action);
                return;
            }
            exclusively(() -> {
                resolvingConflicts(action);
                return null;
            });
        } finally {
            lock.unlock();
        }
    }

    private <T> T exclusively(Supplier<T> action) {
        lock.lock();
        try {
            if (busy) {
                throw new IllegalStateException("the engine is deciding; call it from a listener, not from the gateway");
            }
            busy = true;
            T result;
            try {
                result = action.get();
                for (Runnable next = deferred.poll(); next != null; next = deferred.poll()) {
                    answerLater(next);
                }
            } catch (UpdateConflictException e) {
                reload(e.id());
                throw e;
            } finally {
                deferred.clear();
                busy = false;
            }
            for (Runnable tell = notifications.poll(); tell != null; tell = notifications.poll()) {
                tell.run();
            }
            return result;
        } finally {
            lock.unlock();
        }
    }

    private void resolvingConflicts(Runnable action) {
        try {
            action.run();
        } catch (UpdateConflictException e) {
            LOG.warn("{}: another writer saved it first; this change and its command are dropped", e.getMessage());
            reload(e.id());
        }
    }

    /** A command's answer that arrived while deciding: its failure is logged, not thrown at the unrelated caller. */
    private void answerLater(Runnable answer) {
        try {
            resolvingConflicts(answer);
        } catch (RuntimeException e) {
            LOG.error("handling a command's answer failed", e);
        }
    }

    private void reload(UpdateId id) {
        store.find(id).ifPresentOrElse(active::put, () -> active.remove(id));
    }
}
