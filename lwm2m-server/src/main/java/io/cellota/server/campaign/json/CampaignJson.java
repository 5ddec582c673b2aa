package io.cellota.server.campaign.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cellota.firmware.object5.ProtocolSupport;
import io.cellota.firmware.object5.UpdateResult;
import io.cellota.server.campaign.CampaignSpec;
import io.cellota.server.campaign.DailyWindow;
import io.cellota.server.campaign.Pacing;
import io.cellota.server.campaign.Retries;
import io.cellota.server.campaign.RolloutPolicy;
import io.cellota.server.campaign.Schedule;
import io.cellota.server.campaign.Target;
import io.cellota.server.campaign.Wave;
import io.cellota.server.update.Delivery;
import io.cellota.server.update.DeliveryPolicy;
import io.cellota.server.update.PackageFacts;
import io.cellota.server.update.Preference;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * A {@link CampaignSpec} as JSON: the body of {@code POST /api/v1/campaigns} (read with {@link #readSpec}), its echo
 * in {@code GET /api/v1/campaigns/{id}} ({@link #writeSpec}), and the document the store keeps ({@link #document},
 * {@link #fromDocument}: the same object with {@code "format": 1} and the package's facts under {@code "firmware"}).
 * Reading is strict: an unknown field, a wrong type, or a value the spec refuses is an
 * {@link IllegalArgumentException} whose message names the field, such as {@code 'pacing.maxPerCell' must be an
 * integer}. Absent fields take the defaults of {@code docs/campaigns.md}. A little over 300 lines: the format is
 * spelled out here field by field, in both directions, rather than left to reflection.
 *
 * <pre>{@code
 * {"name", "firmwareId",
 *  "target":   {"endpoints": [..], "tags": [..], "models": [..], "firmwareVersions": [..], "dynamic": false},
 *  "waves":    [{"devices": 5 | "upToPercent": 10, "successThreshold": 90, "failureThreshold": 10}, ..],
 *  "pacing":   {"maxConcurrent": 100, "maxPerCell": n, "bytesPerSecond": n, "minRsrp": -120},
 *  "schedule": {"startAt": t, "endAt": t, "timeZone": "Europe/Berlin", "windows": [{"from": "01:00", "to": "05:00"}]},
 *  "policy":   {"delivery": "pull|push", "protocol": "coap|coaps|http|https", "deviceDeadline": "P7D",
 *               "retries": {"max": 0, "on": [4, 5], "backoff": {"first": "PT5M", "factor": 2, "max": "PT1H"}}}}
 * }</pre>
 */
public final class CampaignJson {

    /** The document format this class writes and reads. */
    public static final int FORMAT = 1;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private CampaignJson() {
    }

    /**
     * The spec of a request body; {@code firmware} gives the facts of the package named by {@code firmwareId} (and
     * may throw when there is none), asked only once the rest is valid.
     *
     * @throws IllegalArgumentException naming the field at fault
     */
    public static CampaignSpec readSpec(JsonNode body, Function<String, PackageFacts> firmware) {
        return read(Fields.of(body, ""), firmware);
    }

    /** The spec as the API shows it. */
    public static ObjectNode writeSpec(CampaignSpec spec) {
        ObjectNode o = NODES.objectNode();
        o.put("name", spec.name());
        o.put("firmwareId", spec.firmware().packageId());
        o.set("target", target(spec.target()));
        ArrayNode waves = o.putArray("waves");
        spec.waves().forEach(w -> waves.add(wave(w)));
        o.set("pacing", pacing(spec.pacing()));
        o.set("schedule", schedule(spec.schedule()));
        o.set("policy", policy(spec.policy()));
        return o;
    }

    /** The spec as the store keeps it. */
    public static String document(CampaignSpec spec) {
        ObjectNode o = writeSpec(spec);
        o.put("format", FORMAT);
        ObjectNode f = o.putObject("firmware");
        f.put("packageId", spec.firmware().packageId());
        f.put("targetVersion", spec.firmware().targetVersion());
        f.put("size", spec.firmware().size());
        f.put("packageType", spec.firmware().packageType());
        return o.toString();
    }

    /**
     * The spec the store kept.
     *
     * @throws IllegalArgumentException if the document is not valid JSON of format 1, or not a valid spec
     */
    public static CampaignSpec fromDocument(String document) {
        JsonNode node;
        try {
            node = JSON.readTree(document);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
        }
        Fields root = Fields.of(node, "");
        if (root.optionalInt("format").orElse(0) != FORMAT) {
            throw new IllegalArgumentException("not a campaign document of format " + FORMAT);
        }
        Fields f = root.optionalObject("firmware").orElseThrow(() -> root.invalid("firmware", "is required"));
        PackageFacts facts = f.build(() -> new PackageFacts(f.text("packageId"), f.text("targetVersion"),
                f.optionalLong("size").orElse(0), f.text("packageType")));
        f.finish();
        return read(root, id -> {
            if (!id.equals(facts.packageId())) {
                throw new IllegalArgumentException("firmwareId " + id + " is not the document's " + facts.packageId());
            }
            return facts;
        });
    }

    private static CampaignSpec read(Fields root, Function<String, PackageFacts> firmware) {
        String name = root.text("name");
        String firmwareId = root.text("firmwareId");
        Target target = root.optionalObject("target").map(CampaignJson::target).orElse(Target.EVERY_DEVICE);
        List<Wave> waves = new ArrayList<>();
        List<JsonNode> items = root.array("waves");
        for (int i = 0; i < items.size(); i++) {
            waves.add(wave(Fields.of(items.get(i), root.at("waves[" + i + "]"))));
        }
        if (waves.isEmpty()) {
            waves.add(Wave.upTo(100));
        }
        Pacing pacing = root.optionalObject("pacing").map(CampaignJson::pacing).orElse(Pacing.DEFAULTS);
        Schedule schedule = root.optionalObject("schedule").map(CampaignJson::schedule).orElse(Schedule.ANYTIME);
        RolloutPolicy policy = root.optionalObject("policy").map(CampaignJson::policy).orElse(RolloutPolicy.DEFAULTS);
        root.finish();
        PackageFacts facts = firmware.apply(firmwareId);
        return root.build(() -> new CampaignSpec(name, facts, target, waves, pacing, schedule, policy));
    }

    private static Target target(Fields t) {
        List<String> endpoints = t.texts("endpoints");
        Set<String> tags = new LinkedHashSet<>(t.texts("tags"));
        Set<String> models = new LinkedHashSet<>(t.texts("models"));
        Set<String> versions = new LinkedHashSet<>(t.texts("firmwareVersions"));
        boolean dynamic = t.bool("dynamic", false);
        t.finish();
        return t.build(() -> new Target(endpoints, tags, models, versions, dynamic));
    }

    private static ObjectNode target(Target t) {
        ObjectNode o = NODES.objectNode();
        t.endpoints().forEach(o.putArray("endpoints")::add);
        new TreeSet<>(t.tags()).forEach(o.putArray("tags")::add);
        new TreeSet<>(t.models()).forEach(o.putArray("models")::add);
        new TreeSet<>(t.firmwareVersions()).forEach(o.putArray("firmwareVersions")::add);
        o.put("dynamic", t.dynamic());
        return o;
    }

    private static Wave wave(Fields w) {
        OptionalInt devices = w.optionalInt("devices");
        OptionalInt upTo = w.optionalInt("upToPercent");
        int success = w.optionalInt("successThreshold").orElse(Wave.DEFAULT_SUCCESS_THRESHOLD);
        int failure = w.optionalInt("failureThreshold").orElse(Wave.DEFAULT_FAILURE_THRESHOLD);
        w.finish();
        return w.build(() -> new Wave(devices, upTo, success, failure));
    }

    private static ObjectNode wave(Wave w) {
        ObjectNode o = NODES.objectNode();
        w.devices().ifPresent(n -> o.put("devices", n));
        w.upToPercent().ifPresent(n -> o.put("upToPercent", n));
        o.put("successThreshold", w.successThreshold());
        o.put("failureThreshold", w.failureThreshold());
        return o;
    }

    private static Pacing pacing(Fields p) {
        int max = p.optionalInt("maxConcurrent").orElse(Pacing.DEFAULTS.maxConcurrent());
        OptionalInt perCell = p.optionalInt("maxPerCell");
        OptionalLong budget = p.optionalLong("bytesPerSecond");
        OptionalInt rsrp = p.optionalInt("minRsrp");
        p.finish();
        return p.build(() -> new Pacing(max, perCell, budget, rsrp));
    }

    private static ObjectNode pacing(Pacing p) {
        ObjectNode o = NODES.objectNode();
        o.put("maxConcurrent", p.maxConcurrent());
        p.maxPerCell().ifPresent(n -> o.put("maxPerCell", n));
        p.bytesPerSecond().ifPresent(n -> o.put("bytesPerSecond", n));
        p.minRsrp().ifPresent(n -> o.put("minRsrp", n));
        return o;
    }

    private static Schedule schedule(Fields s) {
        ZoneId zone = s.optionalText("timeZone").map(z -> {
            try {
                return ZoneId.of(z);
            } catch (DateTimeException e) {
                throw s.invalid("timeZone", "must be a time zone such as Europe/Berlin or UTC; was '" + z + "'");
            }
        }).orElse(ZoneOffset.UTC);
        List<DailyWindow> windows = new ArrayList<>();
        List<JsonNode> items = s.array("windows");
        for (int i = 0; i < items.size(); i++) {
            Fields w = Fields.of(items.get(i), s.at("windows[" + i + "]"));
            LocalTime from = time(w, "from");
            LocalTime to = time(w, "to");
            w.finish();
            windows.add(w.build(() -> new DailyWindow(from, to)));
        }
        Optional<Instant> startAt = s.optionalInstant("startAt");
        Optional<Instant> endAt = s.optionalInstant("endAt");
        s.finish();
        return s.build(() -> new Schedule(startAt, endAt, zone, windows));
    }

    private static LocalTime time(Fields w, String name) {
        String t = w.text(name);
        try {
            return LocalTime.parse(t);
        } catch (DateTimeException e) {
            throw w.invalid(name, "must be a time of day such as 01:00; was '" + t + "'");
        }
    }

    private static ObjectNode schedule(Schedule s) {
        ObjectNode o = NODES.objectNode();
        s.startAt().ifPresent(t -> o.put("startAt", t.toString()));
        s.endAt().ifPresent(t -> o.put("endAt", t.toString()));
        o.put("timeZone", s.zone().getId());
        ArrayNode windows = o.putArray("windows");
        s.windows().forEach(w -> windows.addObject().put("from", w.from().toString()).put("to", w.to().toString()));
        return o;
    }

    private static RolloutPolicy policy(Fields p) {
        Preference preference = Preference.NONE;
        Optional<String> delivery = p.optionalText("delivery");
        if (delivery.isPresent()) {
            preference = preference.withDelivery(switch (delivery.get()) {
                case "pull" -> Delivery.PULL;
                case "push" -> Delivery.PUSH;
                default -> throw p.invalid("delivery", "must be pull or push; was '" + delivery.get() + "'");
            });
        }
        Optional<String> protocol = p.optionalText("protocol");
        if (protocol.isPresent()) {
            ProtocolSupport chosen = ProtocolSupport.fromScheme(protocol.get())
                    .filter(x -> x.code() <= ProtocolSupport.HTTPS.code())
                    .orElseThrow(() -> p.invalid("protocol", "must be coap, coaps, http or https; was '"
                            + protocol.get() + "'"));
            Preference base = preference;
            preference = p.build(() -> base.withProtocol(chosen));
        }
        Duration deadline = p.optionalDuration("deviceDeadline").orElse(RolloutPolicy.DEFAULTS.deviceDeadline());
        Retries retries = p.optionalObject("retries").map(CampaignJson::retries).orElse(Retries.NONE);
        Preference chosen = preference;
        p.finish();
        return p.build(() -> new RolloutPolicy(chosen, deadline, retries));
    }

    private static Retries retries(Fields r) {
        Set<UpdateResult> on = new LinkedHashSet<>();
        for (JsonNode code : r.array("on")) {
            if (!code.isIntegralNumber() || !code.canConvertToInt()) {
                throw r.invalid("on", "must be an array of Update Result codes (2 to 9)");
            }
            on.add(UpdateResult.fromCode(code.intValue()).orElseThrow(() -> r.invalid("on", "holds "
                    + code.intValue() + ", which is no Update Result")));
        }
        DeliveryPolicy.Backoff standard = Retries.NONE.backoff();
        DeliveryPolicy.Backoff backoff = r.optionalObject("backoff").map(b -> {
            Duration first = b.optionalDuration("first").orElse(standard.first());
            double factor = b.optionalNumber("factor").orElse(standard.factor());
            Duration most = b.optionalDuration("max").orElse(standard.max());
            b.finish();
            return b.build(() -> new DeliveryPolicy.Backoff(first, factor, most));
        }).orElse(standard);
        int max = r.optionalInt("max").orElse(0);
        r.finish();
        return r.build(() -> new Retries(max, on, backoff));
    }

    private static ObjectNode policy(RolloutPolicy p) {
        ObjectNode o = NODES.objectNode();
        p.preference().delivery().ifPresent(d -> o.put("delivery", d.name().toLowerCase(Locale.ROOT)));
        p.preference().protocol().ifPresent(x -> o.put("protocol", x.scheme()));
        o.put("deviceDeadline", p.deviceDeadline().toString());
        ObjectNode r = o.putObject("retries");
        r.put("max", p.retries().max());
        ArrayNode on = r.putArray("on");
        p.retries().on().stream().mapToInt(UpdateResult::code).sorted().forEach(on::add);
        ObjectNode b = r.putObject("backoff");
        b.put("first", p.retries().backoff().first().toString());
        b.put("factor", p.retries().backoff().factor());
        b.put("max", p.retries().backoff().max().toString());
        return o;
    }
}
