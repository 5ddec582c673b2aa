package io.cellota.server.campaign;

import io.cellota.firmware.object5.UpdateResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How far a campaign has come, as {@code GET /api/v1/campaigns/{id}} shows it: the devices in each state, for the
 * campaign and each wave; how many download now; the throughput (devices that ended, succeeded or failed, per hour
 * over the last hour, or since the start when that is shorter); the estimated finish at that rate; and the failures
 * grouped by Update Result (or reason), most frequent first.
 */
public record CampaignProgress(Map<DeviceState, Long> counts, long total, List<WaveProgress> waves, long downloading,
        double throughputPerHour, Optional<Instant> estimatedFinish, List<FailureGroup> failures) {

    private static final Duration WINDOW = Duration.ofHours(1);
    private static final Duration SHORTEST_WINDOW = Duration.ofMinutes(1);

    /** Copies. */
    public CampaignProgress {
        counts = Collections.unmodifiableMap(new EnumMap<>(counts));
        waves = List.copyOf(waves);
        failures = List.copyOf(failures);
    }

    /** One wave: its definition, its devices (the skipped left out), their states, and when it opened. */
    public record WaveProgress(int index, Wave wave, long devices, Map<DeviceState, Long> counts,
            Optional<Instant> openedAt) {
        /** Copies. */
        public WaveProgress {
            counts = Collections.unmodifiableMap(new EnumMap<>(counts));
        }
    }

    /** The devices that failed with one Update Result or reason, and what it means. */
    public record FailureGroup(Optional<UpdateResult> updateResult, String reason, String meaning, long devices) {
    }

    /** The progress of {@code campaign} with {@code devices} at {@code now}. */
    public static CampaignProgress of(Campaign campaign, List<CampaignDevice> devices, Instant now) {
        Map<DeviceState, Long> counts = zeros();
        devices.forEach(d -> counts.merge(d.state(), 1L, Long::sum));
        List<WaveProgress> waves = new ArrayList<>();
        for (int w = 0; w < campaign.spec().waves().size(); w++) {
            int wave = w;
            Map<DeviceState, Long> waveCounts = zeros();
            devices.stream().filter(d -> d.wave().isPresent() && d.wave().getAsInt() == wave)
                    .forEach(d -> waveCounts.merge(d.state(), 1L, Long::sum));
            long size = waveCounts.entrySet().stream().filter(e -> e.getKey() != DeviceState.SKIPPED)
                    .mapToLong(Map.Entry::getValue).sum();
            waves.add(new WaveProgress(w, campaign.spec().waves().get(w), size, waveCounts,
                    w < campaign.waveOpenedAt().size() ? Optional.of(campaign.waveOpenedAt().get(w))
                            : Optional.empty()));
        }
        double rate = throughput(campaign, devices, now);
        long remaining = devices.stream().filter(d -> !d.state().isFinal()).count();
        Optional<Instant> finish = campaign.finishedAt();
        if (finish.isEmpty() && campaign.status() == CampaignStatus.RUNNING && rate > 0) {
            finish = Optional.of(now.plusSeconds(Math.round(remaining / rate * 3600)));
        }
        return new CampaignProgress(counts, devices.size(), waves,
                devices.stream().filter(CampaignDevice::isDownloading).count(), rate, finish, failures(devices));
    }

    private static double throughput(Campaign campaign, List<CampaignDevice> devices, Instant now) {
        if (campaign.startedAt().isEmpty()) {
            return 0;
        }
        Instant end = campaign.finishedAt().orElse(now);
        Duration since = Duration.between(campaign.startedAt().get(), end);
        Duration window = since.compareTo(WINDOW) < 0 ? since : WINDOW;
        if (window.compareTo(SHORTEST_WINDOW) < 0) {
            window = SHORTEST_WINDOW;
        }
        Instant from = end.minus(window);
        long ended = devices.stream().filter(d -> d.state() == DeviceState.SUCCEEDED || d.state() == DeviceState.FAILED)
                .filter(d -> d.finishedAt().filter(t -> t.isAfter(from) && !t.isAfter(end)).isPresent()).count();
        return ended * 3600.0 / window.toSeconds();
    }

    private static List<FailureGroup> failures(List<CampaignDevice> devices) {
        Map<String, FailureGroup> groups = new LinkedHashMap<>();
        devices.stream().filter(d -> d.state() == DeviceState.FAILED).map(d -> d.failure().orElseThrow())
                .forEach(f -> groups.merge(f.key(), new FailureGroup(f.updateResult(), f.reason(), f.meaning(), 1),
                        (a, b) -> new FailureGroup(a.updateResult(), a.reason(), a.meaning(), a.devices() + 1)));
        List<FailureGroup> sorted = new ArrayList<>(groups.values());
        sorted.sort(Comparator.comparingLong(FailureGroup::devices).reversed()
                .thenComparing(FailureGroup::reason));
        return sorted;
    }

    private static Map<DeviceState, Long> zeros() {
        Map<DeviceState, Long> counts = new EnumMap<>(DeviceState.class);
        for (DeviceState s : DeviceState.values()) {
            counts.put(s, 0L);
        }
        return counts;
    }
}
