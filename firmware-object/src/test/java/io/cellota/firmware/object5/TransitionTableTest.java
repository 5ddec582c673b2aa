package io.cellota.firmware.object5;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.cellota.firmware.object5.Transition.Accepted;
import io.cellota.firmware.object5.Transition.Rejected;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every reachable status of each version against every trigger, checked against a table written by
 * hand from the reference (3.4) and the object text, not derived from the production code.
 */
class TransitionTableTest {

    /**
     * {@code from | trigger | object 1.0 | object 1.1}. {@code from} is a State, or a State/UR pair
     * that overrides the State's row for that pair. An outcome is {@code STATE/UR} ({@code r} is the
     * failure reason the trigger carries) or a {@link Rejection}; {@code -} means "not reachable".
     */
    private static final String TABLE = """
            IDLE          | PACKAGE_WRITE_STARTED   | DOWNLOADING/0            | DOWNLOADING/0
            IDLE          | PACKAGE_URI_WRITTEN     | DOWNLOADING/0            | DOWNLOADING/0
            IDLE          | PACKAGE_RESET           | IDLE/0                   | IDLE/0
            IDLE          | DOWNLOAD_COMPLETED      | ILLEGAL_EVENT            | ILLEGAL_EVENT
            IDLE          | DOWNLOAD_FAILED         | ILLEGAL_EVENT            | ILLEGAL_EVENT
            IDLE          | UPDATE_EXECUTED         | METHOD_NOT_ALLOWED       | METHOD_NOT_ALLOWED
            IDLE          | UPDATE_SUCCEEDED        | ILLEGAL_EVENT            | ILLEGAL_EVENT
            IDLE          | UPDATE_FAILED_8         | ILLEGAL_EVENT            | ILLEGAL_EVENT
            IDLE          | UPDATE_FAILED_5         | ILLEGAL_EVENT            | ILLEGAL_EVENT
            IDLE          | UPDATE_DEFERRED         | NOT_SUPPORTED_IN_VERSION | METHOD_NOT_ALLOWED
            IDLE          | DEFERRED_UPDATE_STARTED | NOT_SUPPORTED_IN_VERSION | ILLEGAL_EVENT
            IDLE          | CANCEL_EXECUTED         | NOT_SUPPORTED_IN_VERSION | METHOD_NOT_ALLOWED

            DOWNLOADING   | PACKAGE_WRITE_STARTED   | BAD_REQUEST              | BAD_REQUEST
            DOWNLOADING   | PACKAGE_URI_WRITTEN     | BAD_REQUEST              | BAD_REQUEST
            DOWNLOADING   | PACKAGE_RESET           | IDLE/0                   | IDLE/0
            DOWNLOADING   | DOWNLOAD_COMPLETED      | DOWNLOADED/0             | DOWNLOADED/0
            DOWNLOADING   | DOWNLOAD_FAILED         | IDLE/r                   | IDLE/r
            DOWNLOADING   | UPDATE_EXECUTED         | METHOD_NOT_ALLOWED       | METHOD_NOT_ALLOWED
            DOWNLOADING   | UPDATE_SUCCEEDED        | ILLEGAL_EVENT            | ILLEGAL_EVENT
            DOWNLOADING   | UPDATE_FAILED_8         | ILLEGAL_EVENT            | ILLEGAL_EVENT
            DOWNLOADING   | UPDATE_FAILED_5         | ILLEGAL_EVENT            | ILLEGAL_EVENT
            DOWNLOADING   | UPDATE_DEFERRED         | NOT_SUPPORTED_IN_VERSION | METHOD_NOT_ALLOWED
            DOWNLOADING   | DEFERRED_UPDATE_STARTED | NOT_SUPPORTED_IN_VERSION | ILLEGAL_EVENT
            DOWNLOADING   | CANCEL_EXECUTED         | NOT_SUPPORTED_IN_VERSION | IDLE/10

            DOWNLOADED    | PACKAGE_WRITE_STARTED   | BAD_REQUEST              | BAD_REQUEST
            DOWNLOADED    | PACKAGE_URI_WRITTEN     | BAD_REQUEST              | BAD_REQUEST
            DOWNLOADED    | PACKAGE_RESET           | IDLE/0                   | IDLE/0
            DOWNLOADED    | DOWNLOAD_COMPLETED      | ILLEGAL_EVENT            | ILLEGAL_EVENT
            DOWNLOADED    | DOWNLOAD_FAILED         | ILLEGAL_EVENT            | ILLEGAL_EVENT
            DOWNLOADED    | UPDATE_EXECUTED         | UPDATING/0               | UPDATING/0
            DOWNLOADED    | UPDATE_SUCCEEDED        | ILLEGAL_EVENT            | ILLEGAL_EVENT
            DOWNLOADED    | UPDATE_FAILED_8         | ILLEGAL_EVENT            | ILLEGAL_EVENT
            DOWNLOADED    | UPDATE_FAILED_5         | ILLEGAL_EVENT            | ILLEGAL_EVENT
            DOWNLOADED    | UPDATE_DEFERRED         | NOT_SUPPORTED_IN_VERSION | DOWNLOADED/11
            DOWNLOADED    | DEFERRED_UPDATE_STARTED | NOT_SUPPORTED_IN_VERSION | ILLEGAL_EVENT
            DOWNLOADED/11 | DEFERRED_UPDATE_STARTED | -                        | UPDATING/0
            DOWNLOADED    | CANCEL_EXECUTED         | NOT_SUPPORTED_IN_VERSION | IDLE/10

            UPDATING      | PACKAGE_WRITE_STARTED   | BAD_REQUEST              | BAD_REQUEST
            UPDATING      | PACKAGE_URI_WRITTEN     | BAD_REQUEST              | BAD_REQUEST
            UPDATING      | PACKAGE_RESET           | BAD_REQUEST              | BAD_REQUEST
            UPDATING      | DOWNLOAD_COMPLETED      | ILLEGAL_EVENT            | ILLEGAL_EVENT
            UPDATING      | DOWNLOAD_FAILED         | ILLEGAL_EVENT            | ILLEGAL_EVENT
            UPDATING      | UPDATE_EXECUTED         | METHOD_NOT_ALLOWED       | METHOD_NOT_ALLOWED
            UPDATING      | UPDATE_SUCCEEDED        | IDLE/1                   | IDLE/1
            UPDATING      | UPDATE_FAILED_8         | DOWNLOADED/8             | DOWNLOADED/8
            UPDATING      | UPDATE_FAILED_5         | DOWNLOADED/5             | IDLE/5
            UPDATING      | UPDATE_DEFERRED         | NOT_SUPPORTED_IN_VERSION | METHOD_NOT_ALLOWED
            UPDATING      | DEFERRED_UPDATE_STARTED | NOT_SUPPORTED_IN_VERSION | ILLEGAL_EVENT
            UPDATING      | CANCEL_EXECUTED         | NOT_SUPPORTED_IN_VERSION | METHOD_NOT_ALLOWED
            """;

    private static final Map<String, String[]> ROWS = parse();
    private final Set<String> usedCells = new HashSet<>();

    @TestFactory
    Stream<DynamicTest> every_reachable_status_and_trigger_behaves_as_the_table_says() {
        List<DynamicTest> tests = new ArrayList<>();
        for (ObjectVersion version : ObjectVersion.values()) {
            FirmwareUpdateStateMachine machine = new FirmwareUpdateStateMachine(version);
            for (FirmwareUpdateStatus from : Object5Spec.reachable(version)) {
                Object5Spec.TRIGGERS.forEach((name, triggers) -> {
                    for (Trigger trigger : triggers) {
                        String expected = expected(version, from, name, trigger);
                        tests.add(dynamicTest(version + " " + from + " + " + trigger + " -> " + expected,
                                () -> assertOutcome(machine.apply(from, trigger), expected)));
                    }
                });
            }
        }
        return tests.stream();
    }

    @Test
    void every_cell_of_the_table_is_checked_by_some_reachable_status() {
        Object5Spec.TRIGGERS.forEach((name, triggers) -> {
            for (ObjectVersion version : ObjectVersion.values()) {
                for (FirmwareUpdateStatus from : Object5Spec.reachable(version)) {
                    triggers.forEach(trigger -> expected(version, from, name, trigger));
                }
            }
        });
        Set<String> cells = new HashSet<>();
        ROWS.forEach((key, outcomes) -> {
            if (!outcomes[0].equals("-")) {
                cells.add(key + " V1_0");
            }
            cells.add(key + " V1_1");
        });
        assertThat(usedCells).containsExactlyInAnyOrderElementsOf(cells);
    }

    private String expected(ObjectVersion version, FirmwareUpdateStatus from, String name, Trigger trigger) {
        String specific = from.state() + "/" + from.result().code() + " " + name;
        String general = from.state() + " " + name;
        String key = ROWS.containsKey(specific) ? specific : general;
        String[] outcomes = ROWS.get(key);
        assertThat(outcomes).as("table row for %s", general).isNotNull();
        String outcome = outcomes[version == ObjectVersion.V1_0 ? 0 : 1];
        assertThat(outcome).as("%s %s is marked unreachable", version, key).isNotEqualTo("-");
        usedCells.add(key + " " + version);
        if (outcome.endsWith("/r")) {
            UpdateResult reason = ((Trigger.DownloadFailed) trigger).reason();
            return outcome.replace("/r", "/" + reason.code());
        }
        return outcome;
    }

    private static void assertOutcome(Transition transition, String expected) {
        if (expected.contains("/")) {
            assertThat(transition).isEqualTo(new Accepted(Object5Spec.status(expected)));
        } else {
            assertThat(transition).isInstanceOf(Rejected.class);
            assertThat(((Rejected) transition).reason()).isEqualTo(Rejection.valueOf(expected));
        }
    }

    private static Map<String, String[]> parse() {
        Map<String, String[]> rows = new LinkedHashMap<>();
        TABLE.lines().filter(line -> !line.isBlank()).forEach(line -> {
            String[] cells = line.split("\\|");
            String key = cells[0].strip() + " " + cells[1].strip();
            if (rows.put(key, new String[] {cells[2].strip(), cells[3].strip()}) != null) {
                throw new IllegalStateException("duplicate row " + key);
            }
        });
        return rows;
    }
}
