package io.cellota.firmware.tool;

import picocli.CommandLine.Command;

/**
 * {@code cellota image}: make keys, sign, verify and inspect MCUboot images, as imgtool does.
 *
 * <p>Exit codes: 0 success (for {@code verify}: the image is valid), 1 the operation failed (for
 * {@code verify}: the image is invalid, with the reason on one line), 2 usage error.
 */
@Command(name = "image", mixinStandardHelpOptions = true,
        description = "Make keys, sign, verify and inspect MCUboot images (imgtool-compatible).",
        subcommands = {KeygenCommand.class, GetpubCommand.class, SignCommand.class, VerifyCommand.class,
            InfoCommand.class})
public final class ImageCommand {
}
