package io.cellota.device.boot;

import io.cellota.device.flash.FlashFaults;
import io.cellota.device.flash.FlashLayout;
import io.cellota.device.flash.FlashSlot;
import io.cellota.device.flash.SlotSink;
import io.cellota.firmware.image.ImageVersion;
import io.cellota.firmware.image.McubootImage;
import io.cellota.firmware.signing.ImageVerifier;
import io.cellota.firmware.trailer.BootDecision;
import io.cellota.firmware.trailer.FlagState;
import io.cellota.firmware.trailer.ImageTrailer;
import io.cellota.firmware.trailer.MagicState;
import io.cellota.firmware.trailer.SwapType;
import io.cellota.firmware.trailer.TrailerLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The simulated device's MCUboot in swap-using-scratch mode (nRF Connect SDK's default for nRF91), with
 * byte-compatible trailers, and the application's side of the protocol ({@code boot_request_upgrade},
 * {@code boot_write_img_confirmed}).
 *
 * <p>State directory: {@code primary.bin}, {@code secondary.bin} (the slots), {@code scratch.bin} (one sector),
 * {@code swap-status.bin} (the swap progress, kept in its own small flash area instead of the primary trailer's
 * swap status field, see {@link SwapStatus}) and {@code security-counter} (the non-volatile counter).
 *
 * <p>{@link #boot()} does what MCUboot does at reset:
 * <ol>
 *   <li>An interrupted swap (committed in the status area) is resumed to completion from its persisted state,
 *       with the swap type it recorded; nothing is re-validated and the trailers are not consulted, then step 3
 *       (design.md "High-level operation" and "Resumed swaps").</li>
 *   <li>Otherwise {@link BootDecision} reads both trailers. For TEST, PERM and REVERT the secondary image is
 *       validated ({@link SlotValidator}). An erased header: the secondary's trailer sectors are erased, swap type
 *       NONE (MCUboot's code). Any other refusal: the whole secondary slot is erased, {@code image_ok} is written
 *       on the primary if unset (design.md, "Image trailers" note), swap type FAIL. Valid: {@link ScratchSwap}.</li>
 *   <li>The primary image is validated; if it fails nothing runs and the result says why.</li>
 *   <li>Rollback protection: the stored counter is raised to the running image's {@code SEC_CNT} when the primary
 *       trailer's magic is not good (an image programmed in place) or its {@code image_ok} is set, as
 *       {@code boot_update_hw_rollback_protection} does. So a PERM image raises it on the boot that installs it,
 *       a TEST image only on the first boot after it confirmed itself, and an unconfirmed one never, keeping the
 *       revert possible.</li>
 * </ol>
 * One lock guards all operations.
 *
 * @see <a href="https://docs.mcuboot.com/design.html#high-level-operation">MCUboot design: high-level operation</a>
 */
public final class Bootloader implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Bootloader.class);
    private static final int IMAGE_INDEX = 0;

    private final FlashLayout layout;
    private final BootPolicy policy;
    private final FlashSlot primary;
    private final FlashSlot secondary;
    private final List<FlashSlot> areas;
    private final SlotTrailers trailers;
    private final SwapStatus status;
    private final ScratchSwap swap;
    private final SlotValidator validator;
    private final SecurityCounterFile counter;
    private Optional<BootResult> lastBoot = Optional.empty();

    private Bootloader(FlashLayout layout, BootPolicy policy, List<FlashSlot> areas, ImageVerifier verifier,
                       Path counterFile) {
        this.layout = layout;
        this.policy = policy;
        this.areas = List.copyOf(areas);
        this.primary = areas.get(0);
        this.secondary = areas.get(1);
        this.trailers = new SlotTrailers(layout);
        this.status = new SwapStatus(areas.get(3), layout);
        this.swap = new ScratchSwap(primary, secondary, areas.get(2), status, trailers, layout);
        this.counter = new SecurityCounterFile(counterFile);
        this.validator = new SlotValidator(verifier, policy, counter, layout);
    }

    /** Opens (creating when absent) the device flash in {@code stateDir}, without faults. */
    public static Bootloader open(FlashLayout layout, Path stateDir, ImageVerifier verifier, BootPolicy policy)
            throws IOException {
        return open(layout, stateDir, verifier, policy, FlashFaults.none());
    }

    /** Opens the device flash in {@code stateDir}, every area subject to {@code faults}. */
    public static Bootloader open(FlashLayout layout, Path stateDir, ImageVerifier verifier, BootPolicy policy,
                                  FlashFaults faults) throws IOException {
        Files.createDirectories(stateDir);
        List<FlashSlot> opened = new ArrayList<>();
        try {
            opened.add(FlashSlot.open(stateDir.resolve("primary.bin"), layout.slotSize(), layout, faults));
            opened.add(FlashSlot.open(stateDir.resolve("secondary.bin"), layout.slotSize(), layout, faults));
            opened.add(FlashSlot.open(stateDir.resolve("scratch.bin"), layout.sectorSize(), layout, faults));
            opened.add(FlashSlot.open(stateDir.resolve("swap-status.bin"), SwapStatus.areaSize(layout), layout,
                    faults));
        } catch (IOException | RuntimeException e) {
            for (FlashSlot area : opened) {
                area.close();
            }
            throw e;
        }
        return new Bootloader(layout, policy, opened, verifier, stateDir.resolve("security-counter"));
    }

    /** One reset: finish or perform a swap as the trailers ask, then validate and "run" the primary image. */
    public synchronized BootResult boot() throws IOException {
        Optional<SwapStatus.Progress> interrupted = status.read();
        SwapType performed = SwapType.NONE;
        Optional<BootRejection> rejection = Optional.empty();
        if (interrupted.isPresent()) {
            swap.resume(interrupted.get());
            performed = interrupted.get().type();
        } else {
            if (!status.isClear()) {
                status.clear();
            }
            SwapType wanted = BootDecision.decide(trailers.read(primary), trailers.read(secondary));
            if (wanted != SwapType.NONE) {
                SlotCheck check = validator.check(secondary, "secondary");
                if (check instanceof SlotCheck.Refused refused) {
                    rejection = Optional.of(refused.why());
                    performed = refuse(wanted, refused.why());
                } else {
                    McubootImage candidate = ((SlotCheck.Accepted) check).image();
                    swap.start(wanted, Math.max(candidate.imageEnd(), validator.usedBytes(primary)));
                    performed = wanted;
                }
            }
        }
        BootResult result = runPrimary(performed, interrupted.isPresent(), rejection);
        lastBoot = Optional.of(result);
        return result;
    }

    private SwapType refuse(SwapType wanted, BootRejection why) throws IOException {
        LOG.warn("{} swap refused, booting the primary slot: {}", wanted, why.message());
        if (why.reason() == BootRejection.Reason.NO_IMAGE) {
            trailers.eraseTrailerSectors(secondary);
            return SwapType.NONE;
        }
        secondary.eraseAll();
        if (trailers.read(primary).imageOk() == FlagState.UNSET) {
            trailers.apply(primary, List.of(trailers.writes().flagWrite(TrailerLayout.Field.IMAGE_OK,
                    FlagState.SET_VALUE)));
        }
        return SwapType.FAIL;
    }

    private BootResult runPrimary(SwapType performed, boolean resumed, Optional<BootRejection> rejection)
            throws IOException {
        SlotCheck check = validator.check(primary, "primary");
        if (check instanceof SlotCheck.Refused refused) {
            LOG.error("no bootable image in the primary slot: {}", refused.why().message());
            return BootResult.halted(performed, refused.why(), resumed, rejection);
        }
        McubootImage image = ((SlotCheck.Accepted) check).image();
        ImageTrailer trailer = trailers.read(primary);
        if (policy.rollbackProtection()
                && (trailer.magic() != MagicState.GOOD || trailer.imageOk() == FlagState.SET)
                && counter.raiseTo(image.securityCounter().orElse(0))) {
            LOG.info("security counter raised to {}", image.securityCounter().orElse(0));
        }
        LOG.info("booting image {} (swap type {}{})", image.version(), performed, resumed ? ", resumed" : "");
        return BootResult.running(performed, image, resumed, rejection);
    }

    /**
     * {@code boot_request_upgrade}: marks the image in the secondary slot for a test (reverted unless confirmed)
     * or a permanent upgrade at the next boot. Nothing is written if the secondary magic is already good.
     *
     * @throws IllegalStateException when the secondary trailer's magic is bad (erase the slot first)
     */
    public synchronized void requestUpgrade(boolean permanent) throws IOException {
        trailers.apply(secondary, trailers.writes().requestUpgrade(trailers.read(secondary), permanent, IMAGE_INDEX));
    }

    /**
     * {@code boot_write_img_confirmed}: the running image confirms itself, so it is not reverted. Nothing is
     * written when already confirmed or when the primary has no trailer (an image programmed in place).
     *
     * @throws IllegalStateException when the primary trailer's magic or {@code image_ok} is bad
     */
    public synchronized void confirm() throws IOException {
        trailers.apply(primary, trailers.writes().confirm(trailers.read(primary)));
    }

    /**
     * Whether the primary image will not be reverted: its {@code image_ok} is set, or its trailer is erased (an
     * image programmed in place, which {@code boot_set_confirmed} treats as confirmed).
     */
    public synchronized boolean isConfirmed() throws IOException {
        ImageTrailer t = trailers.read(primary);
        return t.imageOk() == FlagState.SET || t.magic() == MagicState.UNSET;
    }

    public synchronized ImageTrailer primaryTrailer() throws IOException {
        return trailers.read(primary);
    }

    public synchronized ImageTrailer secondaryTrailer() throws IOException {
        return trailers.read(secondary);
    }

    /** The version of the image the last {@link #boot()} started; empty before a boot or if none ran. */
    public synchronized Optional<ImageVersion> runningVersion() {
        return lastBoot.flatMap(BootResult::runningVersion);
    }

    /** The result of the last {@link #boot()} of this instance. */
    public synchronized Optional<BootResult> lastBoot() {
        return lastBoot;
    }

    /** The stored security counter (0 until an image with rollback protection raised it). */
    public synchronized long securityCounter() throws IOException {
        return counter.read();
    }

    /** Where downloads go: the secondary slot's image area. */
    public SlotSink secondarySink() {
        return SlotSink.forImages(secondary, layout);
    }

    public FlashSlot primarySlot() {
        return primary;
    }

    public FlashSlot secondarySlot() {
        return secondary;
    }

    public FlashLayout layout() {
        return layout;
    }

    public BootPolicy policy() {
        return policy;
    }

    @Override
    public synchronized void close() throws IOException {
        IOException first = null;
        for (FlashSlot area : areas) {
            try {
                area.close();
            } catch (IOException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
