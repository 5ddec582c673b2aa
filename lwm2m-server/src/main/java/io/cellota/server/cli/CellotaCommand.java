package io.cellota.server.cli;

import io.cellota.firmware.tool.CliErrors;
import io.cellota.device.link.LinkCommand;
import io.cellota.device.sim.DeviceCommand;
import io.cellota.device.sim.FleetCommand;
import io.cellota.firmware.tool.ImageCommand;
import io.cellota.server.app.ServerCommand;
import io.cellota.server.bench.BenchCommand;
import io.cellota.server.demo.DemoCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code cellota}: the one launcher. Each subcommand is a feature's own command; this class only assembles
 * them and installs the common error handling (one line, exit 2 for usage, 1 for failure).
 */
@Command(name = "cellota", mixinStandardHelpOptions = true, versionProvider = CellotaVersion.class,
        description = "Firmware over the air for cellular IoT fleets, over LwM2M and CoAP.",
        subcommands = {ServerCommand.class, DemoCommand.class, ImageCommand.class, DeviceCommand.class,
            FleetCommand.class, LinkCommand.class, BenchCommand.class, CommandLine.HelpCommand.class})
public final class CellotaCommand {

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The launcher's command line, with every subcommand and the common error handling. */
    public static CommandLine commandLine() {
        return commandLine(CommandLine.defaultFactory());
    }

    /** The launcher's command line with its commands made by {@code factory}, e.g. a test's own instances. */
    public static CommandLine commandLine(CommandLine.IFactory factory) {
        return CliErrors.install(new CommandLine(new CellotaCommand(), factory));
    }
}
