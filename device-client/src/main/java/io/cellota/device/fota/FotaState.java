package io.cellota.device.fota;

import io.cellota.firmware.object5.FirmwareUpdateStatus;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What a device persists of Object 5 so that a reboot or a power cut loses nothing: the status, the package
 * being fetched, what the downloaded package is, and the version an update is expected to bring.
 *
 * @param status          State and Update Result
 * @param packageUri      the Package URI last written (pull), if any
 * @param packageName     /5/0/6 PkgName, from the downloaded image
 * @param packageVersion  /5/0/7 PkgVersion, from the downloaded image header
 * @param targetVersion   the version the running image must have after Update (set when Update executes)
 * @param lastStateChange /5/0/12 Last State Change Time
 */
public record FotaState(FirmwareUpdateStatus status, Optional<String> packageUri, Optional<String> packageName,
                        Optional<String> packageVersion, Optional<String> targetVersion, Instant lastStateChange) {

    public FotaState {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(packageUri, "packageUri");
        Objects.requireNonNull(packageName, "packageName");
        Objects.requireNonNull(packageVersion, "packageVersion");
        Objects.requireNonNull(targetVersion, "targetVersion");
        Objects.requireNonNull(lastStateChange, "lastStateChange");
    }

    public static FotaState initial(Instant now) {
        return new FotaState(FirmwareUpdateStatus.INITIAL, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), now);
    }

    public FotaState withStatus(FirmwareUpdateStatus newStatus, Instant now) {
        Instant changed = newStatus.equals(status) ? lastStateChange : now;
        return new FotaState(newStatus, packageUri, packageName, packageVersion, targetVersion, changed);
    }

    public FotaState withPackageUri(Optional<String> uri) {
        return new FotaState(status, uri, packageName, packageVersion, targetVersion, lastStateChange);
    }

    public FotaState withPackage(Optional<String> name, Optional<String> version) {
        return new FotaState(status, packageUri, name, version, targetVersion, lastStateChange);
    }

    public FotaState withTargetVersion(Optional<String> version) {
        return new FotaState(status, packageUri, packageName, packageVersion, version, lastStateChange);
    }
}
