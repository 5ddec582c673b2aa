package io.cellota.server.campaign;

import io.cellota.server.update.PackageFacts;
import java.util.List;
import java.util.Objects;

/**
 * What an operator asks of a campaign ({@code POST /api/v1/campaigns}): a name, the firmware package to install,
 * the {@link Target}, the {@link Wave}s, the {@link Pacing}, the {@link Schedule} and the {@link RolloutPolicy}. It
 * does not change once created; the campaign's progress lives in {@link Campaign} and its devices.
 */
public record CampaignSpec(String name, PackageFacts firmware, Target target, List<Wave> waves, Pacing pacing,
        Schedule schedule, RolloutPolicy policy) {

    /** The longest name. */
    public static final int MAX_NAME_LENGTH = 200;
    /** The most waves. */
    public static final int MAX_WAVES = 20;

    /**
     * Checks every part is present and the waves make sense: only the first may count devices, the percentages
     * grow, and the last reaches 100; and that the target version is not among the versions updated from.
     */
    public CampaignSpec {
        Objects.requireNonNull(name, "name");
        if (name.isBlank() || name.length() > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException("a campaign's name is 1 to " + MAX_NAME_LENGTH
                    + " characters, not blank");
        }
        Objects.requireNonNull(firmware, "firmware");
        Objects.requireNonNull(target, "target");
        waves = List.copyOf(waves);
        requireWaves(waves);
        Objects.requireNonNull(pacing, "pacing");
        Objects.requireNonNull(schedule, "schedule");
        Objects.requireNonNull(policy, "policy");
        if (target.firmwareVersions().contains(firmware.targetVersion())) {
            throw new IllegalArgumentException("the target version " + firmware.targetVersion()
                    + " is among the versions to update from");
        }
    }

    /** A campaign of {@code firmware} to every device, in one wave, with every default. */
    public static CampaignSpec of(String name, PackageFacts firmware) {
        return new CampaignSpec(name, firmware, Target.EVERY_DEVICE, List.of(Wave.upTo(100)), Pacing.DEFAULTS,
                Schedule.ANYTIME, RolloutPolicy.DEFAULTS);
    }

    /** This spec with another target. */
    public CampaignSpec withTarget(Target t) {
        return new CampaignSpec(name, firmware, t, waves, pacing, schedule, policy);
    }

    /** This spec with other waves. */
    public CampaignSpec withWaves(List<Wave> w) {
        return new CampaignSpec(name, firmware, target, w, pacing, schedule, policy);
    }

    /** This spec with other pacing. */
    public CampaignSpec withPacing(Pacing p) {
        return new CampaignSpec(name, firmware, target, waves, p, schedule, policy);
    }

    /** This spec with another schedule. */
    public CampaignSpec withSchedule(Schedule s) {
        return new CampaignSpec(name, firmware, target, waves, pacing, s, policy);
    }

    /** This spec with another policy. */
    public CampaignSpec withPolicy(RolloutPolicy p) {
        return new CampaignSpec(name, firmware, target, waves, pacing, schedule, p);
    }

    /** The index of the last wave, which devices joining later belong to. */
    public int lastWave() {
        return waves.size() - 1;
    }

    private static void requireWaves(List<Wave> waves) {
        if (waves.isEmpty() || waves.size() > MAX_WAVES) {
            throw new IllegalArgumentException("a campaign has 1 to " + MAX_WAVES + " waves, not " + waves.size());
        }
        int before = 0;
        for (int i = 0; i < waves.size(); i++) {
            Wave w = waves.get(i);
            if (i > 0 && w.devices().isPresent()) {
                throw new IllegalArgumentException("wave " + (i + 1) + " counts devices; only the first (the canary)"
                        + " may, the others reach a percentage");
            }
            if (w.upToPercent().isPresent()) {
                if (w.upToPercent().getAsInt() <= before) {
                    throw new IllegalArgumentException("wave " + (i + 1) + " reaches " + w.upToPercent().getAsInt()
                            + " %, not more than the wave before (" + before + " %); each wave reaches further");
                }
                before = w.upToPercent().getAsInt();
            }
        }
        if (waves.get(waves.size() - 1).upToPercent().orElse(0) != 100) {
            throw new IllegalArgumentException("the last wave reaches 100 % (upToPercent 100), or the devices after"
                    + " it would never start");
        }
    }
}
