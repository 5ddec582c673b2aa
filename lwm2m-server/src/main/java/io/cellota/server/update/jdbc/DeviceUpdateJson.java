package io.cellota.server.update.jdbc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cellota.firmware.object5.FirmwareUpdateStatus;
import io.cellota.firmware.object5.ObjectVersion;
import io.cellota.firmware.object5.ProtocolSupport;
import io.cellota.firmware.object5.UpdateResult;
import io.cellota.firmware.object5.UpdateState;
import io.cellota.server.update.Delivery;
import io.cellota.server.update.DeliveryPlan;
import io.cellota.server.update.DeviceCommand;
import io.cellota.server.update.DeviceUpdate;
import io.cellota.server.update.Failure;
import io.cellota.server.update.Outstanding;
import io.cellota.server.update.PackageFacts;
import io.cellota.server.update.Preference;
import io.cellota.server.update.UpdateId;
import io.cellota.server.update.UpdatePhase;
import java.time.Instant;
import java.util.Optional;

/**
 * A {@link DeviceUpdate} as the JSON document in column {@code device_update.document}
 * ({@code V2__updates.sql}), written field by field with Jackson's tree API so that the stored format is
 * spelled out here and never follows a rename in the Java types by reflection.
 *
 * <p>Format 1: one object with {@code "format": 1} and every record component under its own name. Every
 * field is always written; an empty {@code Optional} is an explicit {@code null}. Enums are written by name
 * ({@code "DOWNLOADING"}, {@code "V1_1"}, {@code "NOT_ENOUGH_FLASH"}), instants as {@link Instant#toString()}
 * (UTC, to the nanosecond), numbers as JSON integers. Nested values:
 * <pre>{@code
 * target       {"packageId", "targetVersion", "size", "packageType"}
 * preference   {"delivery": PULL|PUSH|null, "protocol": COAP…|null}
 * plan         null | {"delivery", "protocol": …|null, "objectVersion", "packageUri": …|null}
 * retried      [failure…], oldest first
 * deviceStatus null | {"state": IDLE…, "result": INITIAL…}
 * failure      null | {"kind": "device", "result": NOT_ENOUGH_FLASH…}
 *                   | {"kind": "engine", "reason": DEADLINE…, "detail": "…"}
 * outstanding  null | {"command": READ_FACTS…, "sequence", "status": SENT|HELD|NOT_REGISTERED}
 * }</pre>
 *
 * <p>Reading is strict and never defaults: malformed JSON, duplicate or unknown fields, a missing field, a
 * wrong type, an unknown enum name, a time not written canonically, trailing content, another format, or
 * values the records refuse all throw {@link CorruptDocumentException}. A changed format gets a new number
 * and its own reader.
 */
public final class DeviceUpdateJson {

    /** The format this class writes and the only one it reads. */
    public static final int FORMAT = 1;

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private DeviceUpdateJson() {
    }

    /** The document of {@code update}, compact (no white space). */
    public static String encode(DeviceUpdate update) {
        ObjectNode json = NODES.objectNode();
        json.put("format", FORMAT);
        json.put("id", update.id().value());
        json.put("revision", update.revision());
        json.put("endpoint", update.endpoint());
        json.set("target", target(update.target()));
        json.set("preference", preference(update.preference()));
        json.set("plan", update.plan().map(DeviceUpdateJson::plan).orElse(null));
        json.put("phase", update.phase().name());
        ArrayNode retried = json.putArray("retried");
        update.retried().forEach(f -> retried.add(failure(f)));
        json.set("deviceStatus", update.deviceStatus().map(DeviceUpdateJson::status).orElse(null));
        json.set("failure", update.failure().map(DeviceUpdateJson::failure).orElse(null));
        json.put("observing", update.observing());
        json.put("commandCount", update.commandCount());
        json.set("outstanding", update.outstanding().map(DeviceUpdateJson::outstanding).orElse(null));
        json.put("deadline", update.deadline().map(Instant::toString).orElse(null));
        json.put("nextCheck", update.nextCheck().map(Instant::toString).orElse(null));
        json.put("createdAt", update.createdAt().toString());
        json.put("phaseSince", update.phaseSince().toString());
        json.put("updatedAt", update.updatedAt().toString());
        return json.toString();
    }

    /**
     * The update {@code document} describes.
     *
     * @throws CorruptDocumentException if it is not exactly a format-1 document of a valid update
     */
    public static DeviceUpdate decode(String document) {
        JsonNode root;
        try {
            root = MAPPER.readTree(document);
        } catch (JsonProcessingException e) {
            throw new CorruptDocumentException("$", "not JSON: " + e.getOriginalMessage(), e);
        }
        JsonFields json = JsonFields.of(root, "$");
        long format = json.longValue("format");
        if (format != FORMAT) {
            throw json.error("format", "format " + format + " is not " + FORMAT);
        }
        return construct(json, () -> {
            DeviceUpdate update = new DeviceUpdate(
                    construct(json, () -> new UpdateId(json.text("id"))),
                    json.longValue("revision"),
                    json.text("endpoint"),
                    target(json.object("target")),
                    preference(json.object("preference")),
                    json.optionalObject("plan").map(DeviceUpdateJson::plan),
                    json.enumValue("phase", UpdatePhase.class),
                    json.objects("retried", DeviceUpdateJson::failure),
                    json.optionalObject("deviceStatus").map(DeviceUpdateJson::status),
                    json.optionalObject("failure").map(DeviceUpdateJson::failure),
                    json.bool("observing"),
                    json.longValue("commandCount"),
                    json.optionalObject("outstanding").map(DeviceUpdateJson::outstanding),
                    json.optionalInstant("deadline"),
                    json.optionalInstant("nextCheck"),
                    json.instant("createdAt"),
                    json.instant("phaseSince"),
                    json.instant("updatedAt"));
            json.finish();
            return update;
        });
    }

    private static ObjectNode target(PackageFacts target) {
        ObjectNode json = NODES.objectNode();
        json.put("packageId", target.packageId());
        json.put("targetVersion", target.targetVersion());
        json.put("size", target.size());
        json.put("packageType", target.packageType());
        return json;
    }

    private static PackageFacts target(JsonFields json) {
        return finished(json, () -> new PackageFacts(json.text("packageId"), json.text("targetVersion"),
                json.longValue("size"), json.text("packageType")));
    }

    private static ObjectNode preference(Preference preference) {
        ObjectNode json = NODES.objectNode();
        json.put("delivery", preference.delivery().map(Enum::name).orElse(null));
        json.put("protocol", preference.protocol().map(Enum::name).orElse(null));
        return json;
    }

    private static Preference preference(JsonFields json) {
        return finished(json, () -> new Preference(json.optionalEnum("delivery", Delivery.class),
                json.optionalEnum("protocol", ProtocolSupport.class)));
    }

    private static ObjectNode plan(DeliveryPlan plan) {
        ObjectNode json = NODES.objectNode();
        json.put("delivery", plan.delivery().name());
        json.put("protocol", plan.protocol().map(Enum::name).orElse(null));
        json.put("objectVersion", plan.objectVersion().name());
        json.put("packageUri", plan.packageUri().orElse(null));
        return json;
    }

    private static DeliveryPlan plan(JsonFields json) {
        return finished(json, () -> new DeliveryPlan(json.enumValue("delivery", Delivery.class),
                json.optionalEnum("protocol", ProtocolSupport.class),
                json.enumValue("objectVersion", ObjectVersion.class), json.optionalText("packageUri")));
    }

    private static ObjectNode status(FirmwareUpdateStatus status) {
        ObjectNode json = NODES.objectNode();
        json.put("state", status.state().name());
        json.put("result", status.result().name());
        return json;
    }

    private static FirmwareUpdateStatus status(JsonFields json) {
        return finished(json, () -> new FirmwareUpdateStatus(json.enumValue("state", UpdateState.class),
                json.enumValue("result", UpdateResult.class)));
    }

    private static ObjectNode failure(Failure failure) {
        ObjectNode json = NODES.objectNode();
        if (failure instanceof Failure.Device device) {
            json.put("kind", "device");
            json.put("result", device.result().name());
        } else if (failure instanceof Failure.Engine engine) {
            json.put("kind", "engine");
            json.put("reason", engine.reason().name());
            json.put("detail", engine.detail());
        } else {
            throw new IllegalArgumentException("no format for failure " + failure.getClass().getName());
        }
        return json;
    }

    private static Failure failure(JsonFields json) {
        String kind = json.text("kind");
        return finished(json, () -> switch (kind) {
            case "device" -> Failure.device(json.enumValue("result", UpdateResult.class));
            case "engine" -> Failure.engine(json.enumValue("reason", Failure.Reason.class), json.text("detail"));
            default -> throw json.error("kind", "'" + kind + "' is not device or engine");
        });
    }

    private static ObjectNode outstanding(Outstanding outstanding) {
        ObjectNode json = NODES.objectNode();
        json.put("command", outstanding.command().name());
        json.put("sequence", outstanding.sequence());
        json.put("status", outstanding.status().name());
        return json;
    }

    private static Outstanding outstanding(JsonFields json) {
        return finished(json, () -> new Outstanding(json.enumValue("command", DeviceCommand.class),
                json.longValue("sequence"), json.enumValue("status", Outstanding.Status.class)));
    }

    /** {@code value} built from every field of {@code json}, which must have no other field. */
    private static <T> T finished(JsonFields json, ValueBuilder<T> value) {
        T built = construct(json, value);
        json.finish();
        return built;
    }

    /** {@code value}, with the refusal of a record's constructor turned into a corrupt document at its path. */
    private static <T> T construct(JsonFields json, ValueBuilder<T> value) {
        try {
            return value.build();
        } catch (IllegalArgumentException e) {
            throw new CorruptDocumentException(json.path(), "refused: " + e.getMessage(), e);
        }
    }

    private interface ValueBuilder<T> {
        T build();
    }
}
