package io.cellota.device.sim;

import io.cellota.device.lwm2m.ClientResources;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code cellota fleet}: many simulated devices in one process, named PREFIX0000…, started at a steady rate,
 * some with faults, reporting the fleet's state every few seconds until interrupted.
 */
@Command(name = "fleet", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Run a fleet of simulated devices against an LwM2M server until interrupted.")
public final class FleetCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = {"-n", "--count", "--devices"}, defaultValue = "50", paramLabel = "N", description = "Fleet size (default: ${DEFAULT-VALUE}).")
    int devices;

    @Option(names = {"--endpoint-prefix", "--prefix"}, defaultValue = "sim-", paramLabel = "TEXT", description = "Endpoint name prefix (default: ${DEFAULT-VALUE}).")
    String prefix;

    @Option(names = "--rate", defaultValue = "50", paramLabel = "PER_SECOND", description = "Devices powered on per second.")
    double rate;

    @Option(names = "--crash-new-firmware", defaultValue = "0", paramLabel = "PERCENT",
            description = "Share of devices whose new firmware crashes before confirming (reverted: result 8).")
    double crashPercent;

    @Option(names = "--storage-fault", defaultValue = "0", paramLabel = "PERCENT",
            description = "Share of devices whose flash fails after 16 KiB of writes (result 3).")
    double storagePercent;

    @Option(names = "--seed", defaultValue = "1", description = "Chooses which devices get faults.")
    long seed;

    @Option(names = "--status-every", defaultValue = "5s", converter = DurationConverter.class, paramLabel = "DURATION")
    Duration statusEvery;

    @Mixin
    DeviceOptions options;

    /** The configs of the whole fleet: faults spread by the seed. */
    List<DeviceConfig> configs() throws Exception {
        List<DeviceConfig> configs = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(seed);
        int width = Math.max(4, String.valueOf(devices - 1).length());
        for (int i = 0; i < devices; i++) {
            FaultPlan plan = FaultPlan.NONE;
            if (random.nextDouble() * 100 < crashPercent) {
                plan = plan.withNewFirmwareCrashes(true);
            }
            if (random.nextDouble() * 100 < storagePercent) {
                plan = plan.withStorageBudget(16 * 1024);
            }
            configs.add(options.config(prefix + String.format("%0" + width + "d", i), i, plan, true));
        }
        return configs;
    }

    @Override
    public Integer call() throws Exception {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown));
        var out = spec.commandLine().getOut();
        try (ClientResources shared = ClientResources.create(options.timing(), devices);
             Fleet fleet = Fleet.start(configs(), shared, Clock.systemUTC(), rate)) {
            out.printf("fleet of %d devices starting against %s (state in %s)%n", devices, options.server, options.state);
            out.flush();
            while (!stopped.await(statusEvery.toMillis(), TimeUnit.MILLISECONDS)) {
                Fleet.Status s = fleet.status();
                out.printf("started %d/%d, registered %d, crashed %d, versions %s, object 5 %s%n", s.started(),
                        s.devices(), s.registered(), s.crashed(), s.versions(), s.updateStates());
                out.flush();
            }
        }
        return 0;
    }
}
