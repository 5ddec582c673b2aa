package io.cellota.firmware.tool;

import io.cellota.firmware.image.ImageFormatException;
import io.cellota.firmware.signing.KeyFormatException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * How every Cellota command reports failure: one line on standard error, never a stack trace (unless
 * {@code CELLOTA_DEBUG} is set). Exit code 2 for usage errors, 1 for failures.
 */
public final class CliErrors {

    /** A failed operation, e.g. an invalid image or an unreadable key. */
    public static final int FAILURE = 1;
    /** The command line itself is wrong. */
    public static final int USAGE = 2;

    private CliErrors() {
    }

    /** Installs the handlers on {@code commandLine} and returns it. */
    public static CommandLine install(CommandLine commandLine) {
        commandLine.setParameterExceptionHandler((ParameterException e, String[] args) -> {
            PrintWriter err = e.getCommandLine().getErr();
            err.println(e.getCommandLine().getCommandSpec().qualifiedName() + ": " + e.getMessage());
            err.println("Try '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
            return USAGE;
        });
        commandLine.setExecutionExceptionHandler((e, cmd, parseResult) -> {
            cmd.getErr().println(cmd.getCommandSpec().qualifiedName() + ": " + describe(e));
            if (System.getenv("CELLOTA_DEBUG") != null) {
                e.printStackTrace(cmd.getErr());
            }
            return e instanceof ParameterException ? USAGE : FAILURE;
        });
        return commandLine;
    }

    /** One line that tells a person what went wrong. */
    static String describe(Exception e) {
        if (e instanceof ImageFormatException f) {
            return "invalid image: " + f.getMessage();
        }
        if (e instanceof KeyFormatException) {
            return e.getMessage();
        }
        if (e instanceof NoSuchFileException f) {
            return "no such file: " + f.getFile();
        }
        if (e instanceof AccessDeniedException f) {
            return "permission denied: " + f.getFile();
        }
        if (e instanceof FileAlreadyExistsException f) {
            return f.getMessage() == null ? f.getFile() + " exists" : f.getMessage();
        }
        if (e instanceof IOException) {
            return "I/O error: " + e.getMessage();
        }
        if (e instanceof ParameterException) {
            return e.getMessage();
        }
        return "internal error: " + e + " (set CELLOTA_DEBUG=1 for the stack trace)";
    }
}
