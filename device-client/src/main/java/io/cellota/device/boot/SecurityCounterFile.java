package io.cellota.device.boot;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * The device's non-volatile security counter (what {@code boot_nv_security_counter_get/update} reach in a
 * trusted component), kept as decimal text in a file that is replaced atomically. It only rises; 0 when absent.
 *
 * @see <a href="https://docs.mcuboot.com/design.html#hw-downgrade-prevention">MCUboot design: hardware-based
 *      downgrade prevention</a>
 */
final class SecurityCounterFile {

    private final Path file;

    SecurityCounterFile(Path file) {
        this.file = file;
    }

    long read() throws IOException {
        if (Files.notExists(file)) {
            return 0;
        }
        String text = Files.readString(file, StandardCharsets.US_ASCII).strip();
        try {
            long value = Long.parseLong(text);
            if (value < 0 || value > 0xffff_ffffL) {
                throw new IOException("security counter file " + file + " holds " + value + ", outside u32");
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IOException("security counter file " + file + " does not hold a number", e);
        }
    }

    /** Stores {@code value} if it is above the stored counter; returns whether it did. */
    boolean raiseTo(long value) throws IOException {
        if (value <= read()) {
            return false;
        }
        Path temp = Files.createTempFile(file.toAbsolutePath().getParent(), "." + file.getFileName(), ".tmp");
        Files.writeString(temp, Long.toString(value), StandardCharsets.US_ASCII);
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        try {
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
        }
        return true;
    }
}
