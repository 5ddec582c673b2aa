package io.cellota.server.update;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cellota.firmware.object5.DeliveryMethod;
import io.cellota.firmware.object5.FirmwareUpdateStatus;
import io.cellota.firmware.object5.ObjectVersion;
import io.cellota.firmware.object5.ProtocolSupport;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Plan choice for every Delivery Method × Protocol Support × preference, against a server offering
 * coap, coaps and https (no http) and the default policy (pull preferred, secure CoAP first).
 * Protocol Support "-" means the device lists none (CoAP assumed); preference "https" names only a
 * protocol, which asks for pull.
 */
class PlanChooserTest {

    private static final String TABLE = """
            PULL | -           | -         | pull coap
            PULL | -           | pull      | pull coap
            PULL | -           | push      | unsupported
            PULL | -           | pull coap | pull coap
            PULL | -           | https     | unsupported
            PULL | coap        | -         | pull coap
            PULL | coap        | pull      | pull coap
            PULL | coap        | push      | unsupported
            PULL | coap        | pull coap | pull coap
            PULL | coap        | https     | unsupported
            PULL | coaps https | -         | pull coaps
            PULL | coaps https | pull      | pull coaps
            PULL | coaps https | push      | unsupported
            PULL | coaps https | pull coap | unsupported
            PULL | coaps https | https     | pull https
            PULL | http        | -         | unsupported
            PULL | http        | pull      | unsupported
            PULL | http        | push      | unsupported
            PULL | http        | pull coap | unsupported
            PULL | http        | https     | unsupported
            PUSH | -           | -         | push
            PUSH | -           | pull      | unsupported
            PUSH | -           | push      | push
            PUSH | -           | pull coap | unsupported
            PUSH | -           | https     | unsupported
            PUSH | coap        | -         | push
            PUSH | coap        | pull      | unsupported
            PUSH | coap        | push      | push
            PUSH | coap        | pull coap | unsupported
            PUSH | coap        | https     | unsupported
            PUSH | coaps https | -         | push
            PUSH | coaps https | pull      | unsupported
            PUSH | coaps https | push      | push
            PUSH | coaps https | pull coap | unsupported
            PUSH | coaps https | https     | unsupported
            PUSH | http        | -         | push
            PUSH | http        | pull      | unsupported
            PUSH | http        | push      | push
            PUSH | http        | pull coap | unsupported
            PUSH | http        | https     | unsupported
            BOTH | -           | -         | pull coap
            BOTH | -           | pull      | pull coap
            BOTH | -           | push      | push
            BOTH | -           | pull coap | pull coap
            BOTH | -           | https     | unsupported
            BOTH | coap        | -         | pull coap
            BOTH | coap        | pull      | pull coap
            BOTH | coap        | push      | push
            BOTH | coap        | pull coap | pull coap
            BOTH | coap        | https     | unsupported
            BOTH | coaps https | -         | pull coaps
            BOTH | coaps https | pull      | pull coaps
            BOTH | coaps https | push      | push
            BOTH | coaps https | pull coap | unsupported
            BOTH | coaps https | https     | pull https
            BOTH | http        | -         | push
            BOTH | http        | pull      | unsupported
            BOTH | http        | push      | push
            BOTH | http        | pull coap | unsupported
            BOTH | http        | https     | unsupported
            """;

    private final PlanChooser chooser = new PlanChooser(EngineFixture.OFFERED, DeliveryPolicy.defaults());

    record Row(DeliveryMethod method, String protocols, String preference, String expected) {
        @Override
        public String toString() {
            return method + " / " + protocols + " / " + preference + " -> " + expected;
        }
    }

    static Stream<Row> rows() {
        return TABLE.lines().map(line -> line.split("\\|")).map(cells -> new Row(
                DeliveryMethod.valueOf(cells[0].trim()), cells[1].trim(), cells[2].trim(), cells[3].trim()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void the_plan_follows_the_device_the_server_and_the_preference(Row row) {
        PlanChooser.Choice choice = chooser.choose(facts(row.method(), row.protocols()), preference(row.preference()));

        assertThat(describe(choice)).isEqualTo(row.expected());
    }

    @Test
    void the_table_lists_every_combination_once() {
        assertThat(rows().map(r -> r.method() + "|" + r.protocols() + "|" + r.preference()).distinct())
                .hasSize(DeliveryMethod.values().length * 4 * 5);
        assertThat(rows().map(Row::protocols).distinct()).hasSize(4);
        assertThat(rows().map(Row::preference).distinct()).hasSize(5);
    }

    @Test
    void a_policy_preferring_push_pushes_to_devices_that_take_both() {
        PlanChooser pushFirst = new PlanChooser(EngineFixture.OFFERED,
                DeliveryPolicy.defaults().withPreferredDelivery(Delivery.PUSH));

        assertThat(describe(pushFirst.choose(facts(DeliveryMethod.BOTH, "coaps"), Preference.NONE))).isEqualTo("push");
        assertThat(describe(pushFirst.choose(facts(DeliveryMethod.PULL, "coaps"), Preference.NONE)))
                .isEqualTo("pull coaps");
    }

    @Test
    void an_unsupported_choice_says_why() {
        assertThat(chooser.choose(facts(DeliveryMethod.PUSH, "coap"), preference("pull")))
                .isEqualTo(new PlanChooser.Choice.Unsupported(
                        "pull was requested, but the device's Delivery Method (/5/0/9) is push"));
        assertThat(chooser.choose(facts(DeliveryMethod.PULL, "http"), Preference.NONE))
                .isEqualTo(new PlanChooser.Choice.Unsupported("no pull protocol is in the device's Protocol Support"
                        + " (/5/0/8) [http], the server's [coap, coaps, https], and the device takes no push"));
    }

    @Test
    void a_protocol_with_push_is_a_contradiction() {
        assertThatThrownBy(() -> Preference.NONE.withDelivery(Delivery.PUSH).withProtocol(ProtocolSupport.COAPS))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pull only");
    }

    @Test
    void the_plan_keeps_the_object_version_to_know_how_to_cancel() {
        PlanChooser.Choice choice = chooser.choose(new Object5Facts(ObjectVersion.V1_0, FirmwareUpdateStatus.INITIAL,
                DeliveryMethod.PUSH, Set.of()), Preference.NONE);

        assertThat(((PlanChooser.Choice.Chosen) choice).plan().hasCancel()).isFalse();
    }

    private static Object5Facts facts(DeliveryMethod method, String protocols) {
        Set<ProtocolSupport> listed = protocols.equals("-") ? Set.of() : Arrays.stream(protocols.split(" "))
                .map(s -> ProtocolSupport.fromScheme(s).orElseThrow()).collect(Collectors.toSet());
        return new Object5Facts(ObjectVersion.V1_1, FirmwareUpdateStatus.INITIAL, method, listed);
    }

    private static Preference preference(String text) {
        Preference preference = Preference.NONE;
        for (String word : text.equals("-") ? List.<String>of() : List.of(text.split(" "))) {
            preference = switch (word) {
                case "pull" -> preference.withDelivery(Delivery.PULL);
                case "push" -> preference.withDelivery(Delivery.PUSH);
                default -> preference.withProtocol(ProtocolSupport.fromScheme(word).orElseThrow());
            };
        }
        return preference;
    }

    private static String describe(PlanChooser.Choice choice) {
        if (choice instanceof PlanChooser.Choice.Chosen chosen) {
            DeliveryPlan plan = chosen.plan();
            assertThat(plan.objectVersion()).isEqualTo(ObjectVersion.V1_1);
            return plan.delivery() == Delivery.PUSH ? "push" : "pull " + plan.protocol().orElseThrow().scheme();
        }
        return "unsupported";
    }
}
