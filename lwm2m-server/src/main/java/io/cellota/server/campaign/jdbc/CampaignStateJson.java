package io.cellota.server.campaign.jdbc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cellota.server.campaign.Campaign;
import io.cellota.server.campaign.CampaignId;
import io.cellota.server.campaign.CampaignSpec;
import io.cellota.server.campaign.CampaignStatus;
import io.cellota.server.campaign.CancelMode;
import io.cellota.server.campaign.Pause;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A campaign's progress as the JSON document in column {@code campaign.state} ({@code V5__campaigns.sql}), written
 * field by field so the stored format is spelled out here. Format 1:
 * <pre>{@code
 * {"format": 1, "pause": null | {"kind": OPERATOR…, "wave": n|null, "reason", "since"},
 *  "waveOpenedAt": [t…], "acknowledgedFailures": [n…], "cancelMode": SOFT|HARD|null,
 *  "bandwidthAt": t|null, "startedAt": t|null, "finishedAt": t|null, "createdAt": t, "updatedAt": t}
 * }</pre>
 * Instants are {@link Instant#toString()}, exact to the nanosecond (the row's time columns keep microseconds).
 * Every field is written; reading refuses a document of another format or with a field missing or of the wrong
 * type.
 */
final class CampaignStateJson {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int FORMAT = 1;

    private CampaignStateJson() {
    }

    static String encode(Campaign c) {
        ObjectNode o = JSON.createObjectNode();
        o.put("format", FORMAT);
        if (c.pause().isPresent()) {
            Pause p = c.pause().get();
            ObjectNode pause = o.putObject("pause");
            pause.put("kind", p.kind().name());
            if (p.wave().isPresent()) {
                pause.put("wave", p.wave().getAsInt());
            } else {
                pause.putNull("wave");
            }
            pause.put("reason", p.reason());
            pause.put("since", p.since().toString());
        } else {
            o.putNull("pause");
        }
        ArrayNode opened = o.putArray("waveOpenedAt");
        c.waveOpenedAt().forEach(t -> opened.add(t.toString()));
        ArrayNode acknowledged = o.putArray("acknowledgedFailures");
        c.acknowledgedFailures().forEach(acknowledged::add);
        o.put("cancelMode", c.cancelMode().map(Enum::name).orElse(null));
        o.put("bandwidthAt", c.bandwidthAt().map(Instant::toString).orElse(null));
        o.put("startedAt", c.startedAt().map(Instant::toString).orElse(null));
        o.put("finishedAt", c.finishedAt().map(Instant::toString).orElse(null));
        o.put("createdAt", c.createdAt().toString());
        o.put("updatedAt", c.updatedAt().toString());
        return o.toString();
    }

    /**
     * The campaign of {@code spec} whose row says {@code id}, {@code revision} and {@code status}, with the
     * progress and times {@code document} holds.
     *
     * @throws IllegalArgumentException if the document is not one this class writes, or disagrees with the row
     */
    static Campaign decode(CampaignId id, long revision, CampaignSpec spec, CampaignStatus status,
            String document) {
        JsonNode o;
        try {
            o = JSON.readTree(document);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the state is not JSON: " + e.getOriginalMessage(), e);
        }
        if (o == null || !o.isObject() || o.path("format").asInt() != FORMAT) {
            throw new IllegalArgumentException("the state is not of format " + FORMAT);
        }
        Optional<Pause> pause = Optional.empty();
        JsonNode p = required(o, "pause");
        if (!p.isNull()) {
            JsonNode wave = required(p, "wave");
            pause = Optional.of(new Pause(Pause.Kind.valueOf(text(p, "kind")),
                    wave.isNull() ? OptionalInt.empty() : OptionalInt.of(wave.intValue()), text(p, "reason"),
                    Instant.parse(text(p, "since"))));
        }
        List<Instant> opened = new ArrayList<>();
        required(o, "waveOpenedAt").forEach(t -> opened.add(Instant.parse(t.textValue())));
        List<Integer> acknowledged = new ArrayList<>();
        required(o, "acknowledgedFailures").forEach(n -> acknowledged.add(n.intValue()));
        return new Campaign(id, revision, spec, status, pause, opened, acknowledged,
                optionalText(o, "cancelMode").map(CancelMode::valueOf),
                optionalText(o, "bandwidthAt").map(Instant::parse), optionalText(o, "startedAt").map(Instant::parse),
                optionalText(o, "finishedAt").map(Instant::parse), Instant.parse(text(o, "createdAt")),
                Instant.parse(text(o, "updatedAt")));
    }

    private static JsonNode required(JsonNode o, String field) {
        JsonNode v = o.get(field);
        if (v == null) {
            throw new IllegalArgumentException("the state has no '" + field + "'");
        }
        return v;
    }

    private static String text(JsonNode o, String field) {
        JsonNode v = required(o, field);
        if (!v.isTextual()) {
            throw new IllegalArgumentException("the state's '" + field + "' is not a string");
        }
        return v.textValue();
    }

    private static Optional<String> optionalText(JsonNode o, String field) {
        return required(o, field).isNull() ? Optional.empty() : Optional.of(text(o, field));
    }
}
