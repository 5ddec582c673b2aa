package io.cellota.server.demo;

import io.cellota.device.link.LinkProfile;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a demo run is made of.
 *
 * @param dataDir         the server's data, the devices' flash and the demo keys live under it
 * @param devices         fleet size
 * @param failing         how many devices are set to fail (spread over the fleet)
 * @param link            the emulated link between the devices and the server
 * @param imageSize       payload bytes of the image rolled out
 * @param seed            seeds the link's randomness
 * @param startsPerSecond how fast devices are powered on
 * @param apiToken        the API token; empty: the server's own (generated once, kept in its data directory)
 * @param coapPort        the server's ports; empty: the server's defaults (or {@code CELLOTA_*} settings)
 * @param bindHost        the address the server listens on; empty: the default (every interface)
 * @param environment     where {@code CELLOTA_<KEY>} settings of the server are read from
 */
public record DemoSettings(Path dataDir, int devices, int failing, LinkProfile link, int imageSize, long seed,
                           double startsPerSecond, Optional<String> apiToken, Optional<Integer> coapPort,
                           Optional<Integer> coapsPort, Optional<Integer> httpPort, Optional<String> bindHost,
                           Map<String, String> environment) {

    public DemoSettings {
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(link, "link");
        environment = Map.copyOf(environment);
        if (devices < 1 || devices > 4096) {
            throw new IllegalArgumentException("--devices must be 1..4096, not " + devices);
        }
        if (failing < 0 || failing > devices) {
            throw new IllegalArgumentException("--failing must be 0.." + devices + ", not " + failing);
        }
        if (imageSize < 1024 || imageSize > 0x60000) {
            throw new IllegalArgumentException("--image-size must be 1 KiB..384 KiB (the nRF9160 slot), not "
                    + imageSize);
        }
        if (!(startsPerSecond > 0)) {
            throw new IllegalArgumentException("devices must start at a positive rate");
        }
    }
}
