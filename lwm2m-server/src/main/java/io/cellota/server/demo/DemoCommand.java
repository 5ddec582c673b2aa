package io.cellota.server.demo;

import io.cellota.device.link.LinkProfile;
import io.cellota.server.app.ShutdownSignals;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code cellota demo}: the server with its console and API, a simulated fleet over an emulated cellular link, a
 * signed release and a campaign rolling it out (see {@link Demo}). Prints where to watch, then the campaign's
 * progress until SIGINT or SIGTERM; the server stays up after the campaign ends, for exploring.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run the server, a fleet of simulated devices over an emulated LTE-M link, and a campaign "
                + "that rolls a new signed image out to them, with a canary wave. Stop it with Ctrl-C.",
            "A second run continues with the same fleet (in --data) and rolls out the next version."})
public final class DemoCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = {"-n", "--devices"}, defaultValue = "50", paramLabel = "N",
            description = "Fleet size (default ${DEFAULT-VALUE}).")
    int devices;

    @Option(names = "--failing", defaultValue = "3", paramLabel = "N",
            description = "Devices set to fail: new firmware that crashes, or too little storage (default "
                    + "${DEFAULT-VALUE}).")
    int failing;

    @Option(names = "--link", defaultValue = "lte-m", paramLabel = "PROFILE",
            description = "The emulated link: lte-m, lte-m-lossy, nb-iot, nb-iot-lossy, loopback (default "
                    + "${DEFAULT-VALUE}).")
    String link;

    @Option(names = "--image-size", defaultValue = "65536", paramLabel = "BYTES",
            description = "Size of the image rolled out (default ${DEFAULT-VALUE}).")
    int imageSize;

    @Option(names = "--data", defaultValue = ".cellota/demo", paramLabel = "DIR",
            description = "Where the server, the devices and the demo keys keep their state (default "
                    + "${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--coap-port", paramLabel = "N", description = "The server's CoAP port (default 5683).")
    Integer coapPort;

    @Option(names = "--coaps-port", paramLabel = "N", description = "The server's CoAPs port (default 5684).")
    Integer coapsPort;

    @Option(names = "--http-port", paramLabel = "N", description = "Console and API port (default 8080).")
    Integer httpPort;

    @Option(names = "--api-token", paramLabel = "T",
            description = "The API token. Default: generated at the first run, kept in the data directory.")
    String apiToken;

    @Option(names = "--host", paramLabel = "ADDRESS",
            description = "The address the server listens on (default: every interface).")
    String host;

    @Option(names = "--status-every", defaultValue = "5", paramLabel = "SECONDS",
            description = "How often progress is printed (default ${DEFAULT-VALUE}).")
    int statusEvery;

    private final CountDownLatch stop = new CountDownLatch(1);

    /** Asks a running demo to stop (tests; the launcher stops it with SIGINT or SIGTERM). */
    public void stop() {
        stop.countDown();
    }

    DemoSettings settings() {
        LinkProfile profile = LinkProfile.named(link).orElseThrow(() -> new ParameterException(spec.commandLine(),
                "unknown link profile '" + link + "'; known: lte-m, lte-m-lossy, nb-iot, nb-iot-lossy, loopback"));
        try {
            return new DemoSettings(dataDir, devices, failing, profile, imageSize, 1L, 25.0,
                    Optional.ofNullable(apiToken), Optional.ofNullable(coapPort), Optional.ofNullable(coapsPort),
                    Optional.ofNullable(httpPort), Optional.ofNullable(host), System.getenv());
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }

    @Override
    public Integer call() throws Exception {
        if (statusEvery < 1) {
            throw new ParameterException(spec.commandLine(), "--status-every must be at least 1 second");
        }
        DemoSettings settings = settings();
        PrintWriter out = spec.commandLine().getOut();
        ShutdownSignals signals = ShutdownSignals.install(this::stop);
        int exit = 1;
        try (Demo demo = Demo.start(settings, out, Clock.systemUTC())) {
            out.print(banner(demo));
            out.flush();
            String last = "";
            boolean ended = false;
            while (!stop.await(statusEvery, TimeUnit.SECONDS)) {
                String line = demo.progressLine();
                if (!line.equals(last)) {
                    out.println(line);
                    out.flush();
                    last = line;
                }
                String status = demo.campaign().path("status").asText();
                if (!ended && (status.equals("FINISHED") || status.equals("CANCELLED"))) {
                    ended = true;
                    out.printf("demo: the campaign is %s; the server keeps running for you to look around. "
                            + "Ctrl-C stops it.%n", status.toLowerCase(Locale.ROOT));
                    out.flush();
                }
            }
            out.println("demo: stopping");
            out.flush();
            exit = 0;
        } finally {
            signals.finished(exit);
        }
        return exit;
    }

    private static String banner(Demo demo) {
        String api = demo.console().resolve("api/v1/").toString();
        String token = demo.server().apiToken();
        return String.format(Locale.ROOT, "%n"
                + "  Cellota demo is running. Watch it:%n"
                + "    console   %s   (sign in: %s)%n"
                + "    campaign  curl -H 'Authorization: Bearer %s' %scampaigns/%s%n"
                + "    events    curl -N -H 'Authorization: Bearer %s' %sevents%n"
                + "    metrics   %smetrics%n"
                + "  Rolling out %s (%s) to %d devices. Ctrl-C stops everything; state stays in the data "
                + "directory.%n%n",
                demo.console(), demo.consoleSignIn(), token, api, demo.campaignId(), token, api, demo.console(),
                demo.version(), demo.firmwareId(), demo.fleet().devices().size());
    }
}
