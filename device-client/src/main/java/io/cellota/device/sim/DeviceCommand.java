package io.cellota.device.sim;

import io.cellota.device.lwm2m.ClientResources;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code cellota device}: one simulated nRF91-class device that registers with an LwM2M server and updates its
 * firmware when told, until interrupted. Its flash and state stay in {@code --state}/ENDPOINT, so a restarted
 * simulator resumes where it was (a download in progress, an update awaiting confirmation).
 */
@Command(name = "device", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Run one simulated device against an LwM2M server until interrupted.")
public final class DeviceCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = {"-e", "--endpoint"}, required = true, paramLabel = "NAME", description = "LwM2M endpoint name.")
    String endpoint;

    @Option(names = "--faults", defaultValue = "none", paramLabel = "FAULTS",
            description = "none, crash-new-firmware, storage:<bytes> (comma-separated).")
    String faults;

    @Mixin
    DeviceOptions options;

    @Override
    public Integer call() throws Exception {
        DeviceConfig config = options.config(endpoint, 0, FaultPlan.parse(faults), false);
        CountDownLatch stopped = new CountDownLatch(1);
        DownloadBar progress = new DownloadBar(endpoint);
        try (ClientResources shared = ClientResources.create(options.timing(), 1);
             SimulatedDevice device = SimulatedDevice.create(config, shared, Clock.systemUTC())) {
            var out = spec.commandLine().getOut();
            if (config.credentials() instanceof io.cellota.device.lwm2m.DeviceCredentials.Rpk rpk) {
                out.printf("%s: raw public key %s%n  register it with the server: PUT /api/v1/devices/%s/credentials"
                        + " {\"mode\":\"rpk\",\"publicKey\":\"<that key>\"}%n", endpoint,
                        java.util.Base64.getEncoder().encodeToString(rpk.publicKey().getEncoded()), endpoint);
                out.flush();
            }
            device.addListener(new SimulatedDevice.Listener() {
                @Override
                public void booted(SimulatedDevice d, io.cellota.device.boot.BootResult result) {
                    out.printf("%s: booted %s (%s)%n", endpoint,
                            result.runningVersion().map(Object::toString).orElse("nothing"), result.swapType());
                    out.flush();
                }

                @Override
                public void registered(SimulatedDevice d) {
                    out.printf("%s: registered with %s, firmware %s%n", endpoint, config.serverUri(),
                            d.runningVersion().map(Object::toString).orElse("?"));
                    out.flush();
                }

                @Override
                public void crashed(SimulatedDevice d, String why) {
                    out.printf("%s: crashed: %s%n", endpoint, why);
                    out.flush();
                }

                @Override
                public void firmwareUpdateChanged(SimulatedDevice d, io.cellota.device.fota.Object5View view) {
                    progress.done();
                    out.printf("%s: firmware update %s, result %d (%s)%s%n", endpoint, view.status().state(),
                            view.status().result().code(), view.status().result().description(),
                            view.packageVersion().isEmpty() ? "" : ", package " + view.packageVersion());
                    out.flush();
                }

                @Override
                public void downloadProgress(SimulatedDevice d, long bytes, long total) {
                    progress.show(bytes, total);
                }
            });
            Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown));
            device.powerOn();
            stopped.await();
        }
        return 0;
    }
}
