package io.cellota.server.campaign.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cellota.server.campaign.CampaignSpec;
import io.cellota.server.campaign.CampaignStoreContract;
import io.cellota.server.campaign.Pacing;
import io.cellota.server.campaign.RolloutPolicy;
import io.cellota.server.campaign.Schedule;
import io.cellota.server.campaign.Target;
import io.cellota.server.campaign.Wave;
import io.cellota.server.update.PackageFacts;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The spec's JSON: documents and API bodies round-trip, absent fields take the defaults, faults name their field. */
class CampaignJsonTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final PackageFacts FIRMWARE = new PackageFacts("fw-0123456789abcdef", "2.0.0", 100_000, "mcuboot");

    private static CampaignSpec read(String body) throws Exception {
        return CampaignJson.readSpec(JSON.readTree(body), id -> {
            assertThat(id).isEqualTo(FIRMWARE.packageId());
            return FIRMWARE;
        });
    }

    @Test
    void a_spec_with_every_part_set_round_trips_through_the_document_and_the_api_form() throws Exception {
        CampaignSpec spec = new Spec().full();

        assertThat(CampaignJson.fromDocument(CampaignJson.document(spec))).isEqualTo(spec);
        assertThat(read(CampaignJson.writeSpec(spec).toString())).isEqualTo(spec);
    }

    @Test
    void a_body_with_a_name_and_a_package_alone_takes_every_default() throws Exception {
        CampaignSpec spec = read("{\"name\":\"spring\",\"firmwareId\":\"fw-0123456789abcdef\"}");

        assertThat(spec.target()).isEqualTo(Target.EVERY_DEVICE);
        assertThat(spec.waves()).containsExactly(Wave.upTo(100));
        assertThat(spec.pacing()).isEqualTo(Pacing.DEFAULTS);
        assertThat(spec.schedule()).isEqualTo(Schedule.ANYTIME);
        assertThat(spec.policy()).isEqualTo(RolloutPolicy.DEFAULTS);
    }

    @Test
    void a_typical_body_reads_as_written() throws Exception {
        CampaignSpec spec = read("""
                {"name": "spring", "firmwareId": "fw-0123456789abcdef",
                 "target": {"tags": ["north"], "models": ["nRF9160-SICA"], "dynamic": true},
                 "waves": [{"devices": 5, "successThreshold": 100, "failureThreshold": 0}, {"upToPercent": 100}],
                 "pacing": {"maxConcurrent": 20, "maxPerCell": 3, "bytesPerSecond": 50000, "minRsrp": -120},
                 "schedule": {"timeZone": "Europe/Berlin", "windows": [{"from": "01:00", "to": "05:00"}],
                              "endAt": "2026-06-01T00:00:00+02:00"},
                 "policy": {"delivery": "pull", "protocol": "coaps", "deviceDeadline": "PT48H",
                            "retries": {"max": 2, "on": [4, 5], "backoff": {"first": "PT10M"}}}}
                """);

        assertThat(spec.waves().get(0).devices()).hasValue(5);
        assertThat(spec.pacing().maxPerCell()).hasValue(3);
        assertThat(spec.schedule().endAt()).hasValueSatisfying(t -> assertThat(t).hasToString("2026-05-31T22:00:00Z"));
        assertThat(spec.policy().retries().on()).extracting(r -> r.code()).containsExactlyInAnyOrder(4, 5);
        assertThat(spec.policy().retries().backoff().first()).hasMinutes(10);
        assertThat(spec.target().dynamic()).isTrue();
    }

    private static final String BASE = "{\"name\":\"n\",\"firmwareId\":\"fw-0123456789abcdef\"";

    static Stream<Arguments> badBodies() {
        return Stream.of(
                arguments("{\"firmwareId\":\"fw-0123456789abcdef\"}", "'name' is required"),
                arguments(BASE + ",\"colour\":1}", "'colour' is not a field of a campaign"),
                arguments(BASE + ",\"pacing\":{\"maxPerCell\":\"3\"}}", "'pacing.maxPerCell' must be an integer"),
                arguments(BASE + ",\"pacing\":{\"maxConcurrent\":0}}", "'pacing': maxConcurrent is 1 to"),
                arguments(BASE + ",\"waves\":[{\"upToPercent\":50}]}", "the last wave reaches 100"),
                arguments(BASE + ",\"waves\":[{\"percent\":50}]}", "'waves[0].percent' is not a field of 'waves[0]'"),
                arguments(BASE + ",\"schedule\":{\"timeZone\":\"Mars/Olympus\"}}",
                        "'schedule.timeZone' must be a time zone"),
                arguments(BASE + ",\"schedule\":{\"startAt\":\"tomorrow\"}}",
                        "'schedule.startAt' must be an ISO-8601 time"),
                arguments(BASE + ",\"schedule\":{\"windows\":[{\"from\":\"25:00\",\"to\":\"01:00\"}]}}",
                        "'schedule.windows[0].from' must be a time of day"),
                arguments(BASE + ",\"policy\":{\"deviceDeadline\":\"2 days\"}}",
                        "'policy.deviceDeadline' must be an ISO-8601 duration"),
                arguments(BASE + ",\"policy\":{\"delivery\":\"push\",\"protocol\":\"http\"}}",
                        "applies to pull only"),
                arguments(BASE + ",\"policy\":{\"retries\":{\"max\":1,\"on\":[1]}}}", "Update Result 1"),
                arguments(BASE + ",\"policy\":{\"retries\":{\"on\":[42]}}}", "holds 42, which is no Update Result"),
                arguments(BASE + ",\"target\":{\"tags\":\"north\"}}", "'target.tags' must be an array"),
                arguments(BASE + ",\"target\":[]}", "'target' must be a JSON object"),
                arguments("[1, 2]", "the body must be a JSON object"));
    }

    @ParameterizedTest
    @MethodSource("badBodies")
    void a_bad_body_is_refused_naming_the_field_and_the_fault(String body, String message) {
        assertThatThrownBy(() -> read(body)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }

    @Test
    void a_document_of_another_format_or_with_another_package_is_refused() {
        String document = CampaignJson.document(new Spec().full());
        JsonNode tree;
        try {
            tree = JSON.readTree(document);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        ((com.fasterxml.jackson.databind.node.ObjectNode) tree).put("format", 2);

        assertThatThrownBy(() -> CampaignJson.fromDocument(tree.toString())).hasMessageContaining("format 1");
        assertThatThrownBy(() -> CampaignJson.fromDocument(document.replace("\"firmwareId\":\"fw-0123456789abcdef\"",
                "\"firmwareId\":\"fw-ffffffffffffffff\""))).hasMessageContaining("is not the document's");
        assertThatThrownBy(() -> CampaignJson.fromDocument("{")).hasMessageContaining("not JSON");
    }

    /** The store contract's full spec, reached through its subclass hook. */
    private static final class Spec extends CampaignStoreContract {
        CampaignSpec full() {
            return fullSpec();
        }

        @Override
        protected io.cellota.server.campaign.CampaignStore newStore() {
            throw new UnsupportedOperationException();
        }
    }

    @Test
    void the_waves_of_the_api_form_say_how_far_each_reaches() {
        CampaignSpec spec = new Spec().full();

        assertThat(CampaignJson.writeSpec(spec).get("waves").toString()).isEqualTo(List.of(
                "{\"devices\":3,\"successThreshold\":100,\"failureThreshold\":0}",
                "{\"upToPercent\":40,\"successThreshold\":90,\"failureThreshold\":10}",
                "{\"upToPercent\":100,\"successThreshold\":95,\"failureThreshold\":5}").toString().replace(", ", ","));
    }
}
