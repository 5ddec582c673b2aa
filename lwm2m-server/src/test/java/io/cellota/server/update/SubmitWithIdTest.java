package io.cellota.server.update;

import static io.cellota.server.update.EngineFixture.ENDPOINT;
import static io.cellota.server.update.EngineFixture.PACKAGE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * An update submitted under an id the caller chose (as campaigns do, saving the id first): it starts under that id,
 * and the same id is never started twice, whatever the device's state.
 */
class SubmitWithIdTest {

    private final EngineFixture given = EngineFixture.given();

    @Test
    void an_update_submitted_under_a_chosen_id_starts_under_it() {
        UpdateId chosen = new UpdateId("campaign-attempt-1");

        DeviceUpdate update = given.engine().submit(chosen, UpdateRequest.of(ENDPOINT, PACKAGE), given.now());

        assertThat(update.id()).isEqualTo(chosen);
        assertThat(update.phase()).isEqualTo(UpdatePhase.PREPARING);
        assertThat(given.store.find(chosen)).isPresent();
        given.gateway.expect(DeviceCommand.READ_FACTS);
    }

    @Test
    void the_same_id_is_refused_a_second_time_and_nothing_changes() {
        UpdateId chosen = new UpdateId("campaign-attempt-1");
        DeviceUpdate first = given.engine().submit(chosen, UpdateRequest.of(ENDPOINT, PACKAGE), given.now());

        assertThatThrownBy(() -> given.engine().submit(chosen, UpdateRequest.of("other-device", PACKAGE),
                given.now())).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("exists");

        assertThat(given.store.find(chosen)).hasValueSatisfying(u -> {
            assertThat(u.endpoint()).isEqualTo(ENDPOINT);
            assertThat(u.revision()).isEqualTo(first.revision());
        });
        assertThat(given.store.findActive("other-device")).isEmpty();
    }
}
