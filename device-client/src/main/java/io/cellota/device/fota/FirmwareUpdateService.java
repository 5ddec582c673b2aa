package io.cellota.device.fota;

import static io.cellota.firmware.object5.FirmwareUpdateResource.LAST_STATE_CHANGE_TIME;
import static io.cellota.firmware.object5.FirmwareUpdateResource.PACKAGE_URI;
import static io.cellota.firmware.object5.FirmwareUpdateResource.PKG_NAME;
import static io.cellota.firmware.object5.FirmwareUpdateResource.PKG_VERSION;
import static io.cellota.firmware.object5.FirmwareUpdateResource.STATE;
import static io.cellota.firmware.object5.FirmwareUpdateResource.UPDATE_RESULT;

import io.cellota.device.download.BlockSink;
import io.cellota.device.download.Download;
import io.cellota.device.download.DownloadListener;
import io.cellota.device.download.DownloadOutcome;
import io.cellota.device.download.Downloader;
import io.cellota.device.download.ProgressStore;
import io.cellota.firmware.image.ImageSource;
import io.cellota.firmware.object5.FirmwareUpdateResource;
import io.cellota.firmware.object5.FirmwareUpdateStateMachine;
import io.cellota.firmware.object5.Transition;
import io.cellota.firmware.object5.Trigger;
import io.cellota.firmware.object5.UpdateResult;
import io.cellota.firmware.object5.UpdateState;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Object 5 on the device: takes Writes of Package URI and Package, Execute of Update and Cancel, drives the
 * download and the update, and persists every transition before acknowledging it. Transitions are decided by
 * {@link FirmwareUpdateStateMachine}; this class only performs them.
 *
 * <p>Pull: a Package URI write is accepted (Downloading) and acknowledged at once; the download starts on the
 * scheduler, so a malformed URI, an unsupported scheme or a failed fetch is reported afterwards through the
 * Update Result (7, 9, 4 …), as the spec requires. A completed download is validated ({@link PackageValidator})
 * before it becomes Downloaded. Update requests a test swap from the bootloader and reboots; after the reboot
 * {@link #onStart} learns what the bootloader did, and {@link #onRegistered} confirms the new image and reports
 * success once the device is back in touch with its server (ETS int-770). A reboot in Downloading resumes the
 * download from its persisted progress.
 *
 * <p>Thread-safe: one lock guards the state; listeners are called after it is released.
 */
public final class FirmwareUpdateService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FirmwareUpdateService.class);
    private static final Set<FirmwareUpdateResource> STATUS = EnumSet.of(STATE, UPDATE_RESULT, LAST_STATE_CHANGE_TIME);

    private final FotaConfig config;
    private final FirmwareUpdateStateMachine machine;
    private final FotaStateStore store;
    private final List<Downloader> downloaders;
    private final BlockSink sink;
    private final ImageSource slot;
    private final ProgressStore progress;
    private final PackageValidator validator;
    private final BootControl boot;
    private final DeviceRuntime runtime;
    private final Object5Listener listener;
    private final DownloadListener downloadListener;
    private final ScheduledExecutorService scheduler;
    private final Clock clock;

    private final Object lock = new Object();
    private FotaState state;
    /** Bumped whenever a download or push is started or abandoned, so stale callbacks are ignored. */
    private long generation;
    private Download download;
    private PushSession push;
    private boolean awaitingConfirmation;

    /** The collaborators of one device's update logic. */
    public record Parts(FotaConfig config, FotaStateStore store, List<Downloader> downloaders, BlockSink sink,
                        ImageSource slot, ProgressStore progress, PackageValidator validator, BootControl boot,
                        DeviceRuntime runtime, Object5Listener listener, DownloadListener downloadListener,
                        ScheduledExecutorService scheduler, Clock clock) {
        public Parts {
            downloaders = List.copyOf(downloaders);
        }
    }

    /** Loads the persisted state (or starts Idle) without acting on it; call {@link #onStart} next. */
    public FirmwareUpdateService(Parts parts) throws IOException {
        this.config = parts.config();
        this.machine = new FirmwareUpdateStateMachine(config.objectVersion());
        this.store = parts.store();
        this.downloaders = parts.downloaders();
        this.sink = parts.sink();
        this.slot = parts.slot();
        this.progress = parts.progress();
        this.validator = parts.validator();
        this.boot = parts.boot();
        this.runtime = parts.runtime();
        this.listener = parts.listener();
        this.downloadListener = parts.downloadListener();
        this.scheduler = parts.scheduler();
        this.clock = parts.clock();
        this.state = store.load().orElse(FotaState.initial(clock.instant()));
    }

    /** The readable resources now. */
    public Object5View view() {
        synchronized (lock) {
            return new Object5View(state.status(), state.packageUri().orElse(""), state.packageName().orElse(""),
                    state.packageVersion().orElse(""), config.protocols(), config.deliveryMethod(),
                    state.lastStateChange());
        }
    }

    public FotaConfig config() {
        return config;
    }

    /** The largest package the slot takes. */
    public long maxPackageSize() {
        return sink.capacity();
    }

    /** Write /5/0/1: a URI starts a pull; an empty one resets the state machine and removes the package. */
    public Transition writePackageUri(String uri) throws IOException {
        Trigger trigger = Trigger.ofPackageUriWrite(uri);
        if (trigger instanceof Trigger.PackageReset) {
            return reset();
        }
        if (!config.deliveryMethod().supportsPull()) {
            return new Transition.Rejected(io.cellota.firmware.object5.Rejection.BAD_REQUEST,
                    "this device takes packages by push only");
        }
        Transition t;
        long gen;
        synchronized (lock) {
            t = apply(trigger, s -> s.withPackageUri(Optional.of(uri)).withPackage(Optional.empty(), Optional.empty()));
            gen = t instanceof Transition.Accepted ? ++generation : generation;
        }
        if (t instanceof Transition.Accepted) {
            changed(EnumSet.of(STATE, UPDATE_RESULT, PACKAGE_URI, PKG_NAME, PKG_VERSION, LAST_STATE_CHANGE_TIME));
            scheduler.execute(() -> beginPull(gen));
        }
        return t;
    }

    /**
     * Write /5/0/0 as one message: the single NULL byte (or nothing) resets; anything else is a whole package
     * pushed in one block.
     */
    public Transition writePackage(byte[] whole) throws IOException {
        Trigger trigger = Trigger.ofPackageWrite(whole);
        if (trigger instanceof Trigger.PackageReset) {
            return reset();
        }
        PushSession.Start start = beginPush(OptionalLong.of(whole.length));
        if (start instanceof PushSession.Start.Refused refused) {
            return refused.transition();
        }
        PushSession session = ((PushSession.Start.Started) start).session();
        session.write(0, java.nio.ByteBuffer.wrap(whole));
        session.complete(whole.length);
        return new Transition.Accepted(view().status());
    }

    /**
     * The first block of a block-wise push of /5/0/0 (Block1). {@code size} is Size1 when the server sent it;
     * a package larger than the slot fails at once with Update Result 2.
     */
    public PushSession.Start beginPush(OptionalLong size) throws IOException {
        if (!config.deliveryMethod().supportsPush()) {
            return new PushSession.Start.Refused(new Transition.Rejected(
                    io.cellota.firmware.object5.Rejection.BAD_REQUEST, "this device takes packages by pull only"));
        }
        Transition t;
        PushSession session;
        synchronized (lock) {
            t = apply(new Trigger.PackageWriteStarted(),
                    s -> s.withPackageUri(Optional.empty()).withPackage(Optional.empty(), Optional.empty()));
            if (t instanceof Transition.Rejected) {
                return new PushSession.Start.Refused(t);
            }
            stopActiveLocked();
            long gen = ++generation;
            session = new PushSession(this, gen, sink, config.pushIdleTimeout(), scheduler);
            push = session;
        }
        changed(EnumSet.of(STATE, UPDATE_RESULT, PACKAGE_URI, PKG_NAME, PKG_VERSION, LAST_STATE_CHANGE_TIME));
        try {
            sink.reset();
            progress.clear();
        } catch (IOException e) {
            session.fail(UpdateResult.OUT_OF_RAM, "cannot erase the slot: " + e.getMessage());
            return new PushSession.Start.Started(session);
        }
        if (size.isPresent() && size.getAsLong() > sink.capacity()) {
            session.fail(UpdateResult.NOT_ENOUGH_FLASH, "package of " + size.getAsLong() + " bytes exceeds the slot's "
                    + sink.capacity());
        } else {
            session.arm();
        }
        return new PushSession.Start.Started(session);
    }

    /** Execute /5/0/2: from Downloaded, request a test swap and reboot into it. */
    public Transition executeUpdate() throws IOException {
        Transition t;
        synchronized (lock) {
            t = apply(new Trigger.UpdateExecuted(), s -> s.withTargetVersion(s.packageVersion()));
        }
        if (t instanceof Transition.Accepted) {
            changed(STATUS);
            scheduler.schedule(this::installAndReboot, config.rebootDelay().toMillis(), TimeUnit.MILLISECONDS);
        }
        return t;
    }

    private void installAndReboot() {
        try {
            boot.requestUpgrade(false);
        } catch (IOException | IllegalStateException e) {
            LOG.warn("cannot request the upgrade from the bootloader: {}", e.getMessage());
            updateFailedKeepingPackageIfSound("the bootloader refused the upgrade request: " + e.getMessage());
            return;
        }
        LOG.info("rebooting into the new firmware {}", view().packageVersion());
        runtime.reboot("firmware update");
    }

    /** Execute /5/0/10 (object 5 v1.1): stop a download or drop a downloaded package; Update Result 10. */
    public Transition cancel() throws IOException {
        Transition t;
        synchronized (lock) {
            t = apply(new Trigger.CancelExecuted(),
                    s -> s.withPackageUri(Optional.empty()).withPackage(Optional.empty(), Optional.empty()));
            if (t instanceof Transition.Accepted) {
                stopActiveLocked();
            }
        }
        if (t instanceof Transition.Accepted) {
            discardPackage();
            changed(EnumSet.of(STATE, UPDATE_RESULT, PACKAGE_URI, PKG_NAME, PKG_VERSION, LAST_STATE_CHANGE_TIME));
        }
        return t;
    }

    private Transition reset() throws IOException {
        Transition t;
        synchronized (lock) {
            t = apply(new Trigger.PackageReset(),
                    s -> s.withPackageUri(Optional.empty()).withPackage(Optional.empty(), Optional.empty()));
            if (t instanceof Transition.Accepted) {
                stopActiveLocked();
            }
        }
        if (t instanceof Transition.Accepted) {
            discardPackage();
            changed(EnumSet.of(STATE, UPDATE_RESULT, PACKAGE_URI, PKG_NAME, PKG_VERSION, LAST_STATE_CHANGE_TIME));
        }
        return t;
    }

    /**
     * The firmware has started: settle an update that was in progress from what the bootloader did, and resume
     * an interrupted download.
     */
    public void onStart(BootReport report) throws IOException {
        UpdateState current;
        synchronized (lock) {
            current = state.status().state();
        }
        if (current == UpdateState.UPDATING) {
            settleUpdate(report);
        } else if (current == UpdateState.DOWNLOADING) {
            Optional<String> uri;
            long gen;
            synchronized (lock) {
                uri = state.packageUri();
                gen = ++generation;
            }
            if (uri.isPresent()) {
                LOG.info("resuming the download of {} after a restart", uri.get());
                scheduler.execute(() -> beginPull(gen));
            } else {
                downloadFinished(gen, new Trigger.DownloadFailed(UpdateResult.CONNECTION_LOST), Optional.empty(),
                        "a push was interrupted by a restart");
            }
        }
    }

    private void settleUpdate(BootReport report) {
        Optional<String> target;
        synchronized (lock) {
            target = state.targetVersion();
        }
        boolean runningTarget = report.running().map(Object::toString).equals(target);
        if (report.refusedReason().isPresent()) {
            updateFinished(new Trigger.UpdateFailed(UpdateResult.INTEGRITY_CHECK_FAILURE),
                    "the bootloader refused the image: " + report.refusedReason().get());
        } else if (report.reverted()) {
            updateFinished(new Trigger.UpdateFailed(UpdateResult.UPDATE_FAILED),
                    "the new image did not confirm itself and was reverted");
        } else if (runningTarget && (report.swapped() || !boot.isConfirmed())) {
            synchronized (lock) {
                awaitingConfirmation = true;
            }
            LOG.info("running the new firmware {}; confirming once registered", target.orElse("?"));
        } else if (runningTarget) {
            updateFinished(new Trigger.UpdateSucceeded(), "the new image was already confirmed");
        } else {
            updateFailedKeepingPackageIfSound("the running version " + report.running().map(Object::toString)
                    .orElse("none") + " is not the expected " + target.orElse("?"));
        }
    }

    /**
     * The update did not happen and nothing was swapped: the package stays Downloaded (Update Result 8) if the
     * slot still holds it intact; if not (an upgrade request cut short by a power loss leaves a broken
     * trailer), it is erased and reported as failing its integrity check, so Downloaded never lies.
     */
    private void updateFailedKeepingPackageIfSound(String why) {
        boolean sound;
        try {
            sound = validator.revalidate(slot, boot.runningVersion(), boot.runningSecurityCounter())
                    instanceof PackageValidator.Verdict.Accepted;
        } catch (IOException e) {
            sound = false;
        }
        if (sound) {
            updateFinished(new Trigger.UpdateFailed(UpdateResult.UPDATE_FAILED), why);
        } else {
            updateFinished(new Trigger.UpdateFailed(UpdateResult.INTEGRITY_CHECK_FAILURE), why
                    + "; the package in flash is no longer intact");
            discardPackage();
        }
    }

    /** The device registered with its server: a new image that got this far is confirmed and reported. */
    public void onRegistered() {
        synchronized (lock) {
            if (!awaitingConfirmation) {
                return;
            }
            awaitingConfirmation = false;
        }
        try {
            boot.confirm();
        } catch (IOException e) {
            updateFinished(new Trigger.UpdateFailed(UpdateResult.UPDATE_FAILED), "cannot confirm the image: "
                    + e.getMessage());
            return;
        }
        updateFinished(new Trigger.UpdateSucceeded(), "the new image runs and is confirmed");
    }

    /** Whether a new image runs that has not been confirmed yet. */
    public boolean awaitingConfirmation() {
        synchronized (lock) {
            return awaitingConfirmation;
        }
    }

    private void updateFinished(Trigger trigger, String why) {
        try {
            synchronized (lock) {
                Transition t = apply(trigger, s -> s.withTargetVersion(Optional.empty()));
                if (t instanceof Transition.Rejected r) {
                    LOG.warn("update outcome {} refused in {}: {}", trigger, state.status(), r.message());
                    return;
                }
            }
            LOG.info("update finished: {} ({})", view().status(), why);
            changed(STATUS);
        } catch (IOException e) {
            LOG.error("cannot persist the update outcome {}: {}", trigger, e.getMessage());
        }
    }

    private void beginPull(long gen) {
        String text;
        synchronized (lock) {
            if (gen != generation || state.status().state() != UpdateState.DOWNLOADING) {
                return;
            }
            text = state.packageUri().orElse("");
        }
        URI uri;
        try {
            uri = new URI(text);
            if (uri.getScheme() == null || uri.getHost() == null) {
                throw new java.net.URISyntaxException(text, "an absolute URI with a host is required");
            }
        } catch (java.net.URISyntaxException e) {
            downloadFinished(gen, new Trigger.DownloadFailed(UpdateResult.INVALID_URI), Optional.empty(),
                    "invalid Package URI: " + e.getMessage());
            return;
        }
        String scheme = uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        boolean supported = config.protocols().stream().anyMatch(p -> p.scheme().equals(scheme));
        Optional<Downloader> downloader = downloaders.stream().filter(d -> d.supports(uri)).findFirst();
        if (!supported || downloader.isEmpty()) {
            downloadFinished(gen, new Trigger.DownloadFailed(UpdateResult.UNSUPPORTED_PROTOCOL), Optional.empty(),
                    "unsupported protocol " + scheme + " (supported: " + config.protocols() + ")");
            return;
        }
        synchronized (lock) {
            if (gen != generation) {
                return;
            }
            LOG.info("downloading {}", uri);
            download = downloader.get().start(uri, sink, progress, downloadListener);
            download.outcome().whenComplete((outcome, error) -> pullFinished(gen, uri, outcome, error));
        }
    }

    private void pullFinished(long gen, URI uri, DownloadOutcome outcome, Throwable error) {
        if (error != null) {
            downloadFinished(gen, new Trigger.DownloadFailed(UpdateResult.CONNECTION_LOST), Optional.empty(),
                    "download crashed: " + error);
        } else if (outcome instanceof DownloadOutcome.Completed done) {
            packageComplete(gen, done.size(), packageName(uri));
        } else if (outcome instanceof DownloadOutcome.Failed failed
                && failed.failure() != DownloadOutcome.Failure.CANCELLED) {
            UpdateResult result = UpdateResult.fromCode(failed.failure().updateResult()).orElseThrow();
            boolean discard = result != UpdateResult.CONNECTION_LOST;
            downloadFinished(gen, new Trigger.DownloadFailed(result), Optional.empty(), failed.message());
            if (discard) {
                discardPackage();
            }
        }
    }

    private static String packageName(URI uri) {
        String path = Optional.ofNullable(uri.getPath()).orElse("");
        String last = path.substring(path.lastIndexOf('/') + 1);
        return last.isEmpty() ? "firmware" : last;
    }

    /** All bytes of a package are in the slot ({@code size} of them): validate, then Downloaded or failed. */
    void packageComplete(long gen, long size, String name) {
        PackageValidator.Verdict verdict;
        try {
            verdict = validator.validate(slot, size, boot.runningVersion(), boot.runningSecurityCounter());
        } catch (IOException e) {
            downloadFinished(gen, new Trigger.DownloadFailed(UpdateResult.INTEGRITY_CHECK_FAILURE), Optional.empty(),
                    "cannot read the package back: " + e.getMessage());
            discardPackage();
            return;
        }
        if (verdict instanceof PackageValidator.Verdict.Accepted ok) {
            LOG.info("package {} {} verified ({})", name, ok.image().version(), ok.verification().describe());
            downloadFinished(gen, new Trigger.DownloadCompleted(), Optional.of(new String[] {name,
                ok.image().version().toString()}), "verified");
        } else {
            PackageValidator.Verdict.Rejected bad = (PackageValidator.Verdict.Rejected) verdict;
            downloadFinished(gen, new Trigger.DownloadFailed(bad.result()), Optional.empty(), bad.reason());
            discardPackage();
        }
    }

    /** A download or push ended: apply its trigger unless it was superseded. */
    void downloadFinished(long gen, Trigger trigger, Optional<String[]> pkg, String why) {
        try {
            synchronized (lock) {
                if (gen != generation) {
                    return;
                }
                download = null;
                push = null;
                Transition t = apply(trigger, s -> pkg.map(p -> s.withPackage(Optional.of(p[0]), Optional.of(p[1])))
                        .orElse(s));
                if (t instanceof Transition.Rejected r) {
                    LOG.warn("download outcome {} refused in {}: {}", trigger, state.status(), r.message());
                    return;
                }
            }
            LOG.info("download finished: {} ({})", view().status(), why);
            changed(EnumSet.of(STATE, UPDATE_RESULT, PKG_NAME, PKG_VERSION, LAST_STATE_CHANGE_TIME));
        } catch (IOException e) {
            LOG.error("cannot persist the download outcome {}: {}", trigger, e.getMessage());
        }
    }

    private void discardPackage() {
        try {
            sink.reset();
            progress.clear();
        } catch (IOException e) {
            LOG.warn("cannot erase the downloaded package: {}", e.getMessage());
        }
    }

    /** Applies {@code trigger}; when accepted, persists the new state (also changed by {@code also}) first. */
    private Transition apply(Trigger trigger, UnaryOperator<FotaState> also) throws IOException {
        Transition t = machine.apply(state.status(), trigger);
        if (t instanceof Transition.Accepted accepted) {
            FotaState next = also.apply(state.withStatus(accepted.to(), clock.instant()));
            store.save(next);
            state = next;
        }
        return t;
    }

    private void stopActiveLocked() {
        generation++;
        if (download != null) {
            download.cancel();
            download = null;
        }
        if (push != null) {
            push.abandon();
            push = null;
        }
    }

    private void changed(Set<FirmwareUpdateResource> resources) {
        try {
            listener.changed(resources);
        } catch (RuntimeException e) {
            LOG.warn("an Object 5 listener failed: {}", e.toString());
        }
    }

    @Override
    public void close() {
        synchronized (lock) {
            stopActiveLocked();
        }
    }
}
