package io.cellota.server.demo;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The demo's campaign, created and started through {@code /api/v1/campaigns} as an operator would: every device
 * of the demo fleet not yet on the release, a canary wave, then waves by percentage, a cap on devices
 * downloading at once, pull over CoAPs (the DTLS session the devices registered with), and retries for a lost
 * connection or a corrupted transfer.
 */
final class DemoCampaign {

    static final int CANARY_PERCENT = 10;
    static final int WAVE_PERCENT = 45;
    static final int FAILURE_THRESHOLD_PERCENT = 20;
    static final int SUCCESS_THRESHOLD_PERCENT = 75;

    private DemoCampaign() {
    }

    /** The request body: {@code endpoints} are the fleet. */
    static Map<String, Object> body(String firmwareId, String version, List<String> endpoints) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", "demo rollout of " + version);
        body.put("firmwareId", firmwareId);
        body.put("target", Map.of("endpoints", endpoints));
        body.put("waves", List.of(wave(CANARY_PERCENT), wave(CANARY_PERCENT + WAVE_PERCENT), wave(100)));
        body.put("pacing", Map.of("maxConcurrent", 20));
        body.put("policy", Map.of("delivery", "pull", "protocol", "coaps", "deviceDeadline", "PT30M",
                "retries", Map.of("max", 2, "on", List.of(4, 5),
                        "backoff", Map.of("first", "PT10S", "factor", 2, "max", "PT1M"))));
        return body;
    }

    private static Map<String, Object> wave(int upToPercent) {
        return Map.of("upToPercent", upToPercent, "successThreshold", SUCCESS_THRESHOLD_PERCENT,
                "failureThreshold", FAILURE_THRESHOLD_PERCENT);
    }

    /** Creates and starts the campaign; returns its id. */
    static String create(ApiClient api, String firmwareId, String version, List<String> endpoints) throws IOException {
        JsonNode created = api.post("/api/v1/campaigns", body(firmwareId, version, endpoints));
        String id = created.path("id").asText();
        api.post("/api/v1/campaigns/" + id + "/start", Map.of());
        return id;
    }
}
