package io.cellota.device.sim;

import io.cellota.device.download.DownloadProgress;
import io.cellota.device.download.ProgressStore;
import io.cellota.device.flash.FlashFaults;
import io.cellota.device.fota.FotaState;
import io.cellota.device.fota.FotaStateStore;
import java.io.IOException;
import java.util.Optional;

/**
 * The device's small state files behind the same power as its flash: once a simulated power cut has hit, nothing
 * more is persisted, exactly as on a device whose power is gone. Without this, the code still running in the
 * simulator after the cut could record outcomes that a real device never would.
 */
final class PowerGatedStores {

    private PowerGatedStores() {
    }

    static FotaStateStore fota(FotaStateStore store, FlashFaults power) {
        return new FotaStateStore() {
            @Override
            public Optional<FotaState> load() throws IOException {
                return store.load();
            }

            @Override
            public void save(FotaState state) throws IOException {
                requirePower(power);
                store.save(state);
            }
        };
    }

    static ProgressStore progress(ProgressStore store, FlashFaults power) {
        return new ProgressStore() {
            @Override
            public Optional<DownloadProgress> load() throws IOException {
                return store.load();
            }

            @Override
            public void save(DownloadProgress progress) throws IOException {
                requirePower(power);
                store.save(progress);
            }

            @Override
            public void clear() throws IOException {
                requirePower(power);
                store.clear();
            }
        };
    }

    private static void requirePower(FlashFaults power) throws IOException {
        if (power.powerLost()) {
            throw new IOException("the power is off: nothing can be persisted until a reboot");
        }
    }
}
