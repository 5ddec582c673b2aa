package io.cellota.server.campaign;

import io.cellota.server.update.UpdateId;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Runs every campaign: takes the operator's commands ({@link #create}, {@link #start}, {@link #pause},
 * {@link #resume}, {@link #cancel}, {@link #retryFailed}), the clock ({@link #tick}), reports of device updates
 * ({@link #onUpdate}) and of devices identified after a registration ({@link #onIdentified}); lets the rules decide
 * ({@link Rollout}, {@link Launcher}, {@link Outcomes}, {@link Commands}), saves every change in the
 * {@link CampaignStore} and only then starts or cancels updates through {@link DeviceUpdates}.
 *
 * <p>Restart: build a new engine over the same store and call {@link #recover} (after the update engine's own
 * recovery) before anything else. Every campaign goes on where it was: a device whose start was saved is checked
 * against the update engine and started again under the same update id only if it never arrived, so no device is
 * updated twice and none is forgotten.
 *
 * <p>Threads: commands, ticks and recovery run under one lock. Reports arrive on other threads (the update engine
 * calls its listeners with its own lock held) and are only queued; they are applied by the next
 * tick or command, so the two engines never wait for each other. Listeners are told after each input.
 */
public final class CampaignEngine {

    private static final Logger LOG = LoggerFactory.getLogger(CampaignEngine.class);
    private static final int SETTLE_ROUNDS = 4;

    private final CampaignStore store;
    private final Fleet fleet;
    private final CampaignListener listener;
    private final Rollout rollout;
    private final Outcomes outcomes;
    private final Launcher launcher;
    private final Commands commands;
    private final StoreLedger ledger = new StoreLedger();
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<CampaignId, CampaignRun> runs = new LinkedHashMap<>();
    private final Map<UpdateId, Owner> owners = new HashMap<>();
    private final Queue<Report> inbox = new ConcurrentLinkedQueue<>();
    private final Deque<Runnable> notifications = new ArrayDeque<>();
    private boolean recovered;

    /** An engine over {@code store}, seeing devices through {@code fleet}, updating them through {@code updates}. */
    public CampaignEngine(CampaignStore store, Fleet fleet, DeviceUpdates updates, CampaignListener listener) {
        this(store, fleet, updates, listener, Pacing.MAX_CONCURRENT);
    }

    /**
     * @param serverMaxConcurrent the most devices downloading for all running campaigns together, whatever each
     *                            campaign's own cap
     */
    public CampaignEngine(CampaignStore store, Fleet fleet, DeviceUpdates updates, CampaignListener listener,
                          int serverMaxConcurrent) {
        if (serverMaxConcurrent < 1) {
            throw new IllegalArgumentException("the server-wide cap is at least 1, not " + serverMaxConcurrent);
        }
        this.store = Objects.requireNonNull(store, "store");
        this.fleet = Objects.requireNonNull(fleet, "fleet");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.outcomes = new Outcomes(Objects.requireNonNull(updates, "updates"), ledger);
        this.launcher = new Launcher(fleet, updates, ledger, outcomes, runs.values(), serverMaxConcurrent);
        this.rollout = new Rollout(fleet, ledger, launcher, outcomes);
        this.commands = new Commands(rollout, outcomes, ledger);
    }

    /** The campaign and its progress, as the REST API shows them. */
    public record View(Campaign campaign, CampaignProgress progress) {
    }

    /** Creates a campaign of {@code spec}, in DRAFT. */
    public Campaign create(CampaignSpec spec, Instant now) {
        return exclusively(() -> {
            Campaign created = store.create(Campaign.draft(CampaignId.random(), spec, now));
            runs.put(created.id(), new CampaignRun(created, List.of()));
            notifications.add(() -> listener.campaignChanged(created, "created: " + spec.name()));
            LOG.info("campaign {} created: {}", created.id(), spec.name());
            return created;
        });
    }

    /**
     * Starts a DRAFT campaign: it runs at once, or is SCHEDULED until its start time.
     *
     * @throws CampaignRefusedException NOT_FOUND, or WRONG_STATUS when it is not a draft or its end time passed
     */
    public Campaign start(CampaignId id, Instant now) {
        return command(id, now, run -> commands.start(run, now));
    }

    /** Pauses a SCHEDULED or RUNNING campaign: no device starts until it is resumed; running updates go on. */
    public Campaign pause(CampaignId id, Instant now) {
        return command(id, now, run -> commands.pause(run, now));
    }

    /**
     * Resumes a PAUSED campaign; the failures so far are accepted, and a wave that ended below its success threshold
     * lets the next open ({@link Commands#resume}).
     */
    public Campaign resume(CampaignId id, Instant now) {
        return command(id, now, run -> commands.resume(run, now));
    }

    /**
     * Cancels a campaign: no device starts any more, the waiting ones are CANCELLED; {@code HARD} also cancels the
     * running updates on the devices (those installing finish). A soft cancel may be made hard.
     */
    public Campaign cancel(CampaignId id, CancelMode mode, Instant now) {
        return command(id, now, run -> commands.cancel(run, mode, now));
    }

    /**
     * Gives every FAILED device of a RUNNING, PAUSED or FINISHED campaign another go: PENDING again in its wave, with
     * fresh retries; a FINISHED campaign runs again.
     */
    public Campaign retryFailed(CampaignId id, Instant now) {
        return command(id, now, run -> commands.retryFailed(run, now));
    }

    /** The clock: applies queued reports, then everything due in every live campaign. */
    public void tick(Instant now) {
        exclusively(() -> {
            if (recovered) {
                settle(new LinkedHashSet<>(runs.values()), now);
            }
            return null;
        });
    }

    /** A device update changed (any thread; never blocks): applied at the next tick or command. */
    public void onUpdate(UpdateStatus status, Instant at) {
        inbox.add(new Report(Optional.of(status), Optional.empty(), at));
    }

    /** The fleet knows what a device is after its registration (any thread; never blocks): for dynamic joins. */
    public void onIdentified(String endpoint, Instant at) {
        inbox.add(new Report(Optional.empty(), Optional.of(endpoint), at));
    }

    /** After a restart, before any other input: loads every unfinished campaign and reconciles its devices. */
    public void recover(Instant now) {
        exclusively(() -> {
            runs.clear();
            owners.clear();
            List<Campaign> unfinished = store.listUnfinished();
            LOG.info("recovering {} unfinished campaign(s)", unfinished.size());
            for (Campaign c : unfinished) {
                CampaignRun run = new CampaignRun(c, store.devices(c.id()));
                runs.put(c.id(), run);
                guarded(run, () -> launcher.reconcile(run, now));
            }
            recovered = true;
            forgetFinished();
            return null;
        });
    }

    /** The campaign with its progress at {@code now}. */
    public Optional<View> find(CampaignId id, Instant now) {
        return exclusively(() -> {
            CampaignRun run = runs.get(id);
            if (run != null) {
                return Optional.of(new View(run.campaign(), CampaignProgress.of(run.campaign(), run.devices(), now)));
            }
            return store.find(id).map(c -> new View(c, CampaignProgress.of(c, store.devices(id), now)));
        });
    }

    private Campaign command(CampaignId id, Instant now, java.util.function.Consumer<CampaignRun> action) {
        return exclusively(() -> {
            CampaignRun run = runs.get(id);
            if (run == null) {
                Campaign c = store.find(id).orElseThrow(() -> new CampaignRefusedException(
                        CampaignRefusedException.Reason.NOT_FOUND, "no campaign '" + id + "'"));
                run = new CampaignRun(c, store.devices(id));
                runs.put(id, run);
            }
            CampaignRun r = run;
            try (MDC.MDCCloseable ignored = MDC.putCloseable("campaign", id.value())) {
                action.accept(r);
            } catch (CampaignConflictException e) {
                reload(id);
                throw e;
            }
            if (recovered) {
                settle(new LinkedHashSet<>(List.of(r)), now);
            }
            return runs.getOrDefault(id, r).campaign();
        });
    }

    /**
     * Steps {@code due} and the campaigns of the queued reports; reports that this causes (a fake or synchronous
     * update engine answers at once) are applied in the same call, a few rounds at most.
     */
    private void settle(Set<CampaignRun> due, Instant now) {
        Set<CampaignRun> next = due;
        for (int round = 0; round < SETTLE_ROUNDS && (round == 0 || !inbox.isEmpty()); round++) {
            next.addAll(applyReports());
            next.forEach(run -> guarded(run, () -> rollout.step(run, now)));
            next = new LinkedHashSet<>();
        }
        forgetFinished();
    }

    private Set<CampaignRun> applyReports() {
        Set<CampaignRun> touched = new LinkedHashSet<>();
        for (Report r = inbox.poll(); r != null; r = inbox.poll()) {
            Report report = r;
            if (report.update().isPresent()) {
                Owner owner = owners.get(report.update().get().id());
                CampaignRun run = owner == null ? null : runs.get(owner.campaign());
                if (run != null) {
                    touched.add(run);
                    guarded(run, () -> outcomes.apply(run, owner.endpoint(), report.update().get(), report.at()));
                }
            } else {
                fleet.device(report.endpoint().orElseThrow()).ifPresent(facts -> runs.values().forEach(run -> {
                    touched.add(run);
                    guarded(run, () -> rollout.identified(run, facts, report.at()));
                }));
            }
        }
        return touched;
    }

    private void forgetFinished() {
        runs.values().removeIf(run -> run.campaign().status().isFinal());
    }

    /** Runs {@code action} on {@code run}; a conflict reloads it, any other failure is logged and skipped. */
    private void guarded(CampaignRun run, Runnable action) {
        if (runs.get(run.campaign().id()) != run) {
            return;
        }
        try (MDC.MDCCloseable ignored = MDC.putCloseable("campaign", run.campaign().id().value())) {
            action.run();
        } catch (CampaignConflictException e) {
            LOG.warn("{}: another writer saved it first; reloading it", e.getMessage());
            reload(run.campaign().id());
        } catch (RuntimeException e) {
            LOG.error("campaign {} failed a step; it is tried again at the next tick", run.campaign().id(), e);
        }
    }

    private void reload(CampaignId id) {
        store.find(id).ifPresentOrElse(c -> runs.put(id, new CampaignRun(c, store.devices(id))), () -> runs.remove(id));
    }

    private <T> T exclusively(Supplier<T> action) {
        lock.lock();
        try {
            return action.get();
        } finally {
            List<Runnable> tell = new ArrayList<>(notifications);
            notifications.clear();
            lock.unlock();
            for (Runnable t : tell) {
                try {
                    t.run();
                } catch (RuntimeException e) {
                    LOG.warn("a campaign listener failed", e);
                }
            }
        }
    }

    /** An update's report, or a device identified, queued with its time. */
    private record Report(Optional<UpdateStatus> update, Optional<String> endpoint, Instant at) {
    }

    /** Which device of which campaign an update belongs to. */
    private record Owner(CampaignId campaign, String endpoint) {
    }

    /** Saves through the store, keeps the runs and owners in step, and queues the listeners' news. */
    private final class StoreLedger implements Ledger {

        @Override
        public Campaign commit(CampaignRun run, Campaign next, List<CampaignDevice> joined,
                List<CampaignDevice> changed, Optional<Attempt> attempt, String detail, Instant now) {
            Campaign before = run.campaign();
            Map<String, DeviceState> was = new HashMap<>();
            changed.forEach(d -> run.device(d.endpoint()).ifPresent(old -> was.put(d.endpoint(), old.state())));
            Campaign saved = store.commit(new CampaignChange(next.withUpdatedAt(now), joined, changed, attempt));
            run.set(saved);
            joined.forEach(run::put);
            changed.forEach(run::put);
            if (saved.status() != before.status()) {
                LOG.info("campaign {}: {} -> {}: {}", saved.id(), before.status(), saved.status(), detail);
                notifications.add(() -> listener.campaignChanged(saved, detail));
            }
            for (int w = before.waveOpenedAt().size(); w < saved.waveOpenedAt().size(); w++) {
                int wave = w;
                LOG.info("campaign {}: {} opens", saved.id(), Rollout.name(saved, wave));
                notifications.add(() -> listener.waveOpened(saved, wave, detail));
            }
            if (before.hasOpened()) {
                joined.forEach(d -> notifications.add(() -> listener.deviceChanged(saved, d)));
            }
            for (CampaignDevice d : changed) {
                if (was.get(d.endpoint()) != d.state()) {
                    LOG.debug("campaign {}: {} {} -> {}: {}", saved.id(), d.endpoint(), was.get(d.endpoint()),
                            d.state(), d.note());
                    notifications.add(() -> listener.deviceChanged(saved, d));
                }
            }
            return saved;
        }

        @Override
        public void own(UpdateId id, CampaignRun run, String endpoint) {
            owners.put(id, new Owner(run.campaign().id(), endpoint));
        }

        @Override
        public void disown(UpdateId id) {
            owners.remove(id);
        }
    }
}
