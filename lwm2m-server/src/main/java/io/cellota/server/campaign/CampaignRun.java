package io.cellota.server.campaign;

import io.cellota.server.update.UpdateId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One campaign in the engine's memory: the campaign and its devices as last saved, in the order they joined, and
 * the newest revision seen of each device's update. Mutable; used only under the engine's lock.
 */
final class CampaignRun {

    private Campaign campaign;
    private final Map<String, CampaignDevice> devices = new LinkedHashMap<>();
    private final Map<UpdateId, Long> seen = new HashMap<>();

    CampaignRun(Campaign campaign, List<CampaignDevice> devices) {
        this.campaign = campaign;
        devices.forEach(this::put);
    }

    Campaign campaign() {
        return campaign;
    }

    void set(Campaign saved) {
        campaign = saved;
    }

    Optional<CampaignDevice> device(String endpoint) {
        return Optional.ofNullable(devices.get(endpoint));
    }

    /** Every device, in the order they joined (a copy: changing the run while going through it is safe). */
    List<CampaignDevice> devices() {
        return new ArrayList<>(devices.values());
    }

    void put(CampaignDevice device) {
        devices.put(device.endpoint(), device);
    }

    /** The number the next device to join gets. */
    long nextSeq() {
        return devices.size() + 1L;
    }

    /** Whether {@code revision} of update {@code id} is newer than any seen; remembers it if so. */
    boolean isNewer(UpdateId id, long revision) {
        Long last = seen.get(id);
        if (last != null && revision <= last) {
            return false;
        }
        seen.put(id, revision);
        return true;
    }

    /** Forgets the revisions of an update that ended. */
    void forget(UpdateId id) {
        seen.remove(id);
    }

    /** How many devices take a download slot. */
    int downloading() {
        return (int) devices.values().stream().filter(CampaignDevice::isDownloading).count();
    }

    /** How many devices take a download slot in each known cell. */
    Map<Long, Integer> downloadingPerCell() {
        Map<Long, Integer> cells = new HashMap<>();
        devices.values().stream().filter(CampaignDevice::isDownloading).filter(d -> d.cellId().isPresent())
                .forEach(d -> cells.merge(d.cellId().getAsLong(), 1, Integer::sum));
        return cells;
    }

    /** The devices of wave {@code wave} that count for its thresholds (all but the skipped). */
    long size(int wave) {
        return devices.values().stream().filter(d -> inWave(d, wave) && d.state() != DeviceState.SKIPPED).count();
    }

    /** How many devices of wave {@code wave} are in {@code state}. */
    long count(int wave, DeviceState state) {
        return devices.values().stream().filter(d -> inWave(d, wave) && d.state() == state).count();
    }

    /** The failed devices of each wave up to {@code last}. */
    List<Integer> failedPerWave(int last) {
        List<Integer> failed = new ArrayList<>();
        for (int w = 0; w <= last; w++) {
            failed.add((int) count(w, DeviceState.FAILED));
        }
        return failed;
    }

    /** Whether every device of wave {@code wave} is final. */
    boolean allFinal(int wave) {
        return devices.values().stream().filter(d -> inWave(d, wave)).allMatch(d -> d.state().isFinal());
    }

    /** Whether every device is final. */
    boolean allFinal() {
        return devices.values().stream().allMatch(d -> d.state().isFinal());
    }

    /** Whether an update of the campaign may be active on some device. */
    boolean anyStarted() {
        return devices.values().stream().anyMatch(d -> d.state().isStarted());
    }

    private static boolean inWave(CampaignDevice d, int wave) {
        return d.wave().isPresent() && d.wave().getAsInt() == wave;
    }
}
