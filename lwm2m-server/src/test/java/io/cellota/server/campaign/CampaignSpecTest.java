package io.cellota.server.campaign;

import static io.cellota.server.campaign.CampaignFixture.spec;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A spec that makes no sense is refused when it is built, saying why. */
class CampaignSpecTest {

    @Test
    void only_the_first_wave_counts_devices() {
        assertThatThrownBy(() -> spec(s -> s.withWaves(List.of(Wave.upTo(10), Wave.canary(5), Wave.upTo(100)))))
                .hasMessageContaining("wave 2 counts devices; only the first (the canary) may");
    }

    @Test
    void each_wave_reaches_further_and_the_last_reaches_every_device() {
        assertThatThrownBy(() -> spec(s -> s.withWaves(List.of(Wave.upTo(50), Wave.upTo(50), Wave.upTo(100)))))
                .hasMessageContaining("wave 2 reaches 50 %, not more than the wave before (50 %)");
        assertThatThrownBy(() -> spec(s -> s.withWaves(List.of(Wave.canary(5), Wave.upTo(60)))))
                .hasMessageContaining("the last wave reaches 100 %");
        assertThatThrownBy(() -> spec(s -> s.withWaves(List.of())))
                .hasMessageContaining("a campaign has 1 to 20 waves, not 0");
    }

    @Test
    void thresholds_are_percentages_and_a_wave_reaches_by_one_measure() {
        assertThatThrownBy(() -> Wave.upTo(100).withThresholds(101, 0)).hasMessageContaining("0 to 100 percent");
        assertThatThrownBy(() -> new Wave(OptionalInt.of(3), OptionalInt.of(10), 90, 10))
                .hasMessageContaining("either a number of devices or a percentage");
    }

    @Test
    void the_target_version_is_not_one_to_update_from() {
        assertThatThrownBy(() -> spec(s -> s.withTarget(new Target(List.of(), Set.of(), Set.of(), Set.of("2.0.0"),
                false)))).hasMessageContaining("the target version 2.0.0 is among the versions to update from");
    }

    @Test
    void tags_endpoints_and_pacing_are_checked() {
        assertThatThrownBy(() -> new Target(List.of(), Set.of("north wing"), Set.of(), Set.of(), false))
                .hasMessageContaining("a tag is 1 to 64 letters");
        assertThatThrownBy(() -> new Target(List.of(" "), Set.of(), Set.of(), Set.of(), false))
                .hasMessageContaining("an endpoint name is 1 to 255 characters");
        assertThatThrownBy(() -> Pacing.DEFAULTS.withMaxConcurrent(0)).hasMessageContaining("maxConcurrent");
        assertThatThrownBy(() -> Pacing.DEFAULTS.withMinRsrp(10)).hasMessageContaining("-200 to 0 dBm");
        assertThatThrownBy(() -> Schedule.ANYTIME.withStartAt(CampaignFixture.START)
                .withEndAt(CampaignFixture.START)).hasMessageContaining("the end");
    }
}
