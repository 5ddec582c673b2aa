package io.cellota.server.update.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cellota.server.update.DeviceUpdate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link DeviceUpdateJson} writes every part of an update and reads back exactly that update; anything else
 * (damage, another format, a field too few or too many) is refused with the path of the fault, never read
 * as a default.
 */
class DeviceUpdateJsonTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The sample as format 1 writes it: renaming a field or an enum constant breaks this on purpose. */
    private static final String SAMPLE = """
            {"format":1,"id":"2f1c6a0e-5b8e-4c1d-9b7a-0c3d2e1f4a5b","revision":7,"endpoint":"dev-1",\
            "target":{"packageId":"fw-abcdefghijklmnop","targetVersion":"2.0.0+1","size":200000,"packageType":"mcuboot"},\
            "preference":{"delivery":"PULL","protocol":"COAPS"},\
            "plan":{"delivery":"PULL","protocol":"COAPS","objectVersion":"V1_1",\
            "packageUri":"coaps://files.cellota.test/p/fw-abcdefghijklmnop?ep=dev-1"},\
            "phase":"DOWNLOADING",\
            "retried":[{"kind":"device","result":"CONNECTION_LOST"},\
            {"kind":"engine","reason":"DEADLINE","detail":"DOWNLOADING did not finish in 10 min"}],\
            "deviceStatus":{"state":"DOWNLOADING","result":"INITIAL"},"failure":null,"observing":true,\
            "commandCount":12,"outstanding":{"command":"READ_STATUS","sequence":12,"status":"HELD"},\
            "deadline":"2026-03-01T10:25:30.123456789Z","nextCheck":"2026-03-01T10:16:00.123456789Z",\
            "createdAt":"2026-03-01T09:15:30.123456789Z","phaseSince":"2026-03-01T10:14:30.123456789Z",\
            "updatedAt":"2026-03-01T10:15:30.123456789Z"}""";

    @Test
    void the_sample_is_written_in_format_1_exactly() {
        assertThat(DeviceUpdateJson.encode(Updates.sample())).isEqualTo(SAMPLE);
        assertThat(DeviceUpdateJson.decode(SAMPLE)).isEqualTo(Updates.sample());
    }

    @Test
    void every_value_of_every_part_round_trips() {
        List<DeviceUpdate> all = Updates.exhaustive();

        assertThat(all).hasSizeGreaterThan(150);
        for (DeviceUpdate update : all) {
            assertRoundTrips(update, "exhaustive " + update);
        }
    }

    @Test
    void random_updates_round_trip() {
        for (long seed = 0; seed < 1_000; seed++) {
            DeviceUpdate update = Updates.random(new Random(seed));
            assertRoundTrips(update, "seed " + seed);
        }
    }

    @Test
    void a_document_parses_as_one_json_object_with_each_part_in_its_own_field() throws Exception {
        JsonNode doc = JSON.readTree(DeviceUpdateJson.encode(Updates.bare()));

        assertThat(doc.get("plan").isNull()).isTrue();
        assertThat(doc.get("deviceStatus").isNull()).isTrue();
        assertThat(doc.get("outstanding").isNull()).isTrue();
        assertThat(doc.get("deadline").isNull()).isTrue();
        assertThat(doc.get("preference").get("delivery").isNull()).isTrue();
        assertThat(doc.get("retried").isArray()).isTrue();
        assertThat(doc.size()).isEqualTo(19);
    }

    static Stream<Arguments> damage() {
        return Stream.of(
                Arguments.of("a missing top-level field", edit(d -> d.remove("observing")), "$.observing: missing"),
                Arguments.of("a missing nested field", edit(d -> obj(d, "plan").remove("objectVersion")),
                        "$.plan.objectVersion: missing"),
                Arguments.of("a missing optional (null is explicit)", edit(d -> d.remove("failure")),
                        "$.failure: missing"),
                Arguments.of("an unknown top-level field", edit(d -> d.put("priority", 1)), "unknown field(s) [priority]"),
                Arguments.of("an unknown nested field", edit(d -> obj(d, "outstanding").put("retries", 2)),
                        "$.outstanding: unknown field(s) [retries]"),
                Arguments.of("an unknown field in a failure",
                        edit(d -> ((ObjectNode) d.get("retried").get(1)).put("code", 4)),
                        "$.retried[1]: unknown field(s) [code]"),
                Arguments.of("another format", edit(d -> d.put("format", 2)), "$.format: format 2 is not 1"),
                Arguments.of("no format", edit(d -> d.remove("format")), "$.format: missing"),
                Arguments.of("a number as text", edit(d -> d.put("revision", "7")), "$.revision: expected an integer"),
                Arguments.of("a fraction", edit(d -> d.put("commandCount", 12.5)), "$.commandCount: expected an integer"),
                Arguments.of("a number beyond long", edit(d -> d.put("revision", new java.math.BigInteger("9223372036854775808"))),
                        "$.revision: expected an integer"),
                Arguments.of("null where a value is required", edit(d -> d.putNull("endpoint")),
                        "$.endpoint: expected a string, found null"),
                Arguments.of("a boolean as text", edit(d -> d.put("observing", "true")), "$.observing: expected true or false"),
                Arguments.of("an unknown phase", edit(d -> d.put("phase", "DOWNLOADING_FAST")),
                        "$.phase: 'DOWNLOADING_FAST' is not one of"),
                Arguments.of("an enum by its code", edit(d -> obj(d, "deviceStatus").put("result", "0")),
                        "$.deviceStatus.result: '0' is not one of"),
                Arguments.of("an unknown failure kind", edit(d -> ((ObjectNode) d.get("retried").get(0)).put("kind", "radio")),
                        "$.retried[0].kind: 'radio' is not device or engine"),
                Arguments.of("an object as an array", edit(d -> d.putArray("target")), "$.target: expected an object"),
                Arguments.of("an array as an object", edit(d -> d.putObject("retried")), "$.retried: expected an array"),
                Arguments.of("a time not written canonically", edit(d -> d.put("createdAt", "2026-03-01T09:15:30.123456789000Z")),
                        "$.createdAt: '2026-03-01T09:15:30.123456789000Z'"),
                Arguments.of("a time with an offset", edit(d -> d.put("updatedAt", "2026-03-01T11:15:30.123456789+01:00")),
                        "$.updatedAt"),
                Arguments.of("a time that is not one", edit(d -> d.put("deadline", "tomorrow")),
                        "$.deadline: 'tomorrow' is not an instant"),
                Arguments.of("a value the record refuses", edit(d -> obj(d, "target").put("size", 0)),
                        "$.target: refused: a package has at least one byte"),
                Arguments.of("a failure outside FAILED and CANCELLED",
                        edit(d -> d.set("failure", d.get("retried").get(0))),
                        "$: refused: a failure goes with FAILED or CANCELLED"),
                Arguments.of("an outstanding command that is not the last", edit(d -> obj(d, "outstanding").put("sequence", 11)),
                        "$: refused: the outstanding command is not the last one issued"),
                Arguments.of("a push with a Package URI", edit(d -> obj(d, "plan").put("delivery", "PUSH")),
                        "$.plan: refused"),
                Arguments.of("a device failure that is not one", edit(d -> ((ObjectNode) d.get("retried").get(0))
                        .put("result", "SUCCESS")), "$.retried[0]: refused: Update Result 1 is not a failure"),
                Arguments.of("an id that is not one", edit(d -> d.put("id", "a/b")), "$: refused: an update id"),
                Arguments.of("a duplicate field", SAMPLE.replace("\"observing\":true", "\"observing\":true,\"observing\":false"),
                        "$: not JSON: Duplicate field 'observing'"),
                Arguments.of("trailing content", SAMPLE + "{}", "$: not JSON"),
                Arguments.of("an array", "[" + SAMPLE + "]", "$: expected an object"),
                Arguments.of("JSON null", "null", "$: expected an object"),
                Arguments.of("nothing", "", "$: expected an object, found nothing"),
                Arguments.of("a truncated document", SAMPLE.substring(0, SAMPLE.length() / 2), "$: not JSON"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("damage")
    void a_damaged_document_is_refused_with_the_path_of_the_fault(String what, String document, String message) {
        assertThatThrownBy(() -> DeviceUpdateJson.decode(document))
                .isInstanceOf(CorruptDocumentException.class).hasMessageContaining(message);
    }

    @Test
    void every_prefix_of_a_document_is_refused() {
        for (int length = 0; length < SAMPLE.length(); length++) {
            String prefix = SAMPLE.substring(0, length);
            assertThatThrownBy(() -> DeviceUpdateJson.decode(prefix)).as("prefix of %d characters", length)
                    .isInstanceOf(CorruptDocumentException.class);
        }
    }

    /**
     * Every single-character change of the sample is either refused or read as exactly what the changed
     * document says: writing the result back gives the same JSON, so nothing was ignored or defaulted.
     */
    @Test
    void a_single_changed_character_is_refused_or_read_for_what_it_says() throws Exception {
        char[] replacements = {' ', '"', '0', '9', 'x', '{', '}', ',', ':', '\\', 'é'};
        int refused = 0;
        int read = 0;
        for (int i = 0; i < SAMPLE.length(); i++) {
            List<String> variants = new ArrayList<>();
            variants.add(flip(SAMPLE, i, (char) (SAMPLE.charAt(i) ^ 0x01)));
            variants.add(flip(SAMPLE, i, (char) (SAMPLE.charAt(i) ^ 0x20)));
            for (char c : replacements) {
                variants.add(flip(SAMPLE, i, c));
            }
            variants.add(SAMPLE.substring(0, i) + SAMPLE.substring(i + 1));
            for (String variant : variants) {
                DeviceUpdate decoded;
                try {
                    decoded = DeviceUpdateJson.decode(variant);
                } catch (CorruptDocumentException expected) {
                    refused++;
                    continue;
                } catch (RuntimeException e) {
                    throw new AssertionError("not a CorruptDocumentException for: " + variant, e);
                }
                read++;
                assertThat(JSON.readTree(DeviceUpdateJson.encode(decoded))).as(variant).isEqualTo(JSON.readTree(variant));
            }
        }
        assertThat(refused).isGreaterThan(read);
        assertThat(read).isPositive();
    }

    private static void assertRoundTrips(DeviceUpdate update, String description) {
        String document = DeviceUpdateJson.encode(update);
        DeviceUpdate decoded;
        try {
            decoded = DeviceUpdateJson.decode(document);
        } catch (RuntimeException e) {
            throw new AssertionError(description + ": cannot read back " + document, e);
        }
        if (!decoded.equals(update)) {
            fail(description + ": read back " + decoded + " from " + document);
        }
        assertThat(DeviceUpdateJson.encode(decoded)).as(description).isEqualTo(document);
    }

    private static String flip(String text, int index, char c) {
        return text.substring(0, index) + c + text.substring(index + 1);
    }

    private static ObjectNode obj(ObjectNode document, String field) {
        return (ObjectNode) document.get(field);
    }

    private static String edit(Consumer<ObjectNode> change) {
        try {
            ObjectNode document = (ObjectNode) JSON.readTree(SAMPLE);
            change.accept(document);
            return JSON.writeValueAsString(document);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
