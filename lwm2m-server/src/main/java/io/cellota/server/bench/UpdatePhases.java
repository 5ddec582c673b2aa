package io.cellota.server.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where an update's time goes: from each update's history ({@code GET /api/v1/updates/{id}/history}, times to the
 * microsecond), the time spent in each state it went through, from entering it to entering the next (steps within
 * a state do not end it; the final state has no time). Read after the campaign, so the reading costs the measured
 * figures nothing.
 */
final class UpdatePhases {

    private UpdatePhases() {
    }

    /** The seconds each update spent in each state, by state in the order they first appear. */
    static Map<String, Samples> of(ApiCalls api, List<String> updateIds) throws IOException, InterruptedException {
        Map<String, List<Double>> seconds = new LinkedHashMap<>();
        for (String id : updateIds) {
            String state = null;
            Instant entered = null;
            for (JsonNode entry : api.get("/api/v1/updates/" + id + "/history")) {
                String to = entry.path("to").asText();
                if (to.equals(state)) {
                    continue;
                }
                Instant at = Instant.parse(entry.path("time").asText());
                if (state != null) {
                    seconds.computeIfAbsent(state, s -> new ArrayList<>())
                            .add(Duration.between(entered, at).toNanos() / 1e9);
                }
                state = to;
                entered = at;
            }
        }
        Map<String, Samples> phases = new LinkedHashMap<>();
        seconds.forEach((state, values) -> phases.put(state, new Samples(values)));
        return phases;
    }
}
