package io.cellota.server.fileserver;

import io.cellota.server.repository.PackageFile;
import io.cellota.server.repository.PackageFiles;
import java.time.Clock;
import java.util.Arrays;
import java.util.Objects;

/**
 * What the CoAP resource and the HTTP routes share: where packages are found, the open files they are read
 * through, the access decision, the metrics, and the clock. Every part is thread-safe.
 */
public record FirmwareDelivery(PackageFiles packages, OpenFileCache files, DownloadAccess access,
        DeliveryMetrics metrics, Clock clock) {

    /** The bytes of a CoAP ETag (RFC 7252 §5.10.6 allows 1..8). */
    public static final int COAP_ETAG_BYTES = 8;

    public FirmwareDelivery {
        Objects.requireNonNull(packages, "packages");
        Objects.requireNonNull(files, "files");
        Objects.requireNonNull(access, "access");
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(clock, "clock");
    }

    public FirmwareDelivery withMetrics(DeliveryMetrics counting) {
        return new FirmwareDelivery(packages, files, access, counting, clock);
    }

    /**
     * A package's CoAP ETag: the first 8 bytes of its SHA-256. CoAP ETags hold at most 8 bytes; 64 bits of a
     * digest tell one package from another as well as the device needs (it checks the whole digest and the
     * signature after the download), and the same prefix on every server makes it stable across restarts.
     */
    public static byte[] coapEtag(PackageFile file) {
        return Arrays.copyOf(file.sha256(), COAP_ETAG_BYTES);
    }

    /** A package's HTTP ETag: its whole SHA-256 in hex, quoted, strong (RFC 9110 §8.8.3). */
    public static String httpEtag(PackageFile file) {
        return '"' + file.sha256Hex() + '"';
    }
}
