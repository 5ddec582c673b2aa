package io.cellota.device.boot;

import io.cellota.device.flash.FlashFaults;
import io.cellota.device.flash.FlashLayout;
import io.cellota.device.flash.FlashSlot;
import io.cellota.firmware.image.ImageVersion;
import io.cellota.firmware.signing.ImageVerifier;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A simulated device on a bench: its flash in a state directory, a bootloader over it, and the programmer and
 * download actions a test needs. {@link #reboot} closes the bootloader and opens a new one on the same flash,
 * as a reset (or a power cycle) does.
 */
final class BootBench implements AutoCloseable {

    private final Path dir;
    private final FlashLayout layout;
    private final BootPolicy policy;
    private final ImageVerifier verifier;
    private Bootloader bootloader;

    BootBench(Path dir, FlashLayout layout, BootPolicy policy) {
        this(dir, layout, policy, TestImages.VERIFIER);
    }

    BootBench(Path dir, FlashLayout layout, BootPolicy policy, ImageVerifier verifier) {
        this.dir = dir;
        this.layout = layout;
        this.policy = policy;
        this.verifier = verifier;
        this.bootloader = open(FlashFaults.none());
    }

    /** A bench for {@link TestImages#SMALL} slots. */
    static BootBench small(Path dir, BootPolicy policy) {
        return new BootBench(dir, TestImages.SMALL, policy);
    }

    Bootloader bootloader() {
        return bootloader;
    }

    /** Power-cycles the device: a new bootloader on the same flash, with no faults armed. */
    Bootloader reboot() {
        return reboot(FlashFaults.none());
    }

    /** Power-cycles the device; the new bootloader's flash is subject to {@code faults}. */
    Bootloader reboot(FlashFaults faults) {
        close();
        bootloader = open(faults);
        return bootloader;
    }

    /** Writes {@code image} into the primary slot, as a programmer does at the factory (no trailer). */
    BootBench program(byte[] image) throws IOException {
        bootloader.primarySlot().write(0, image);
        return this;
    }

    /** Downloads {@code image} into the secondary slot through its sink, erasing the slot first. */
    BootBench download(byte[] image) throws IOException {
        var sink = bootloader.secondarySink();
        sink.reset();
        sink.write(0, ByteBuffer.wrap(image));
        return this;
    }

    /** A factory image booted once, then {@code next} downloaded and requested. */
    BootBench upgradeReady(byte[] factory, byte[] next, boolean permanent) throws IOException {
        program(factory);
        bootloader.boot();
        download(next);
        bootloader.requestUpgrade(permanent);
        return this;
    }

    byte[] primaryImageArea() throws IOException {
        return imageArea(bootloader.primarySlot());
    }

    byte[] secondaryImageArea() throws IOException {
        return imageArea(bootloader.secondarySlot());
    }

    private byte[] imageArea(FlashSlot slot) throws IOException {
        return slot.read(0, (int) layout.maxImageSize());
    }

    /** {@code image} as it lies in a slot's image area: followed by erased flash. */
    byte[] asImageArea(byte[] image) {
        byte[] area = Arrays.copyOf(image, (int) layout.maxImageSize());
        Arrays.fill(area, image.length, area.length, (byte) layout.erasedValue());
        return area;
    }

    static ImageVersion version(String text) {
        return ImageVersion.parse(text);
    }

    private Bootloader open(FlashFaults faults) {
        try {
            return Bootloader.open(layout, dir, verifier, policy, faults);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            bootloader.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
