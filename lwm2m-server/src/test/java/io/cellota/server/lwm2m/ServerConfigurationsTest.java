package io.cellota.server.lwm2m;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.elements.config.Configuration;
import org.junit.jupiter.api.Test;

/** The Californium configuration the server builds in code: the keys whose values are ours. */
class ServerConfigurationsTest {

    @Test
    void deduplication_keeps_a_bounded_number_of_exchanges_per_peer_not_every_exchange_for_its_lifetime() {
        Configuration c = ServerConfigurations.create(ServerCoapSettings.CELLULAR, false);

        assertThat(c.get(CoapConfig.DEDUPLICATOR)).isEqualTo(CoapConfig.DEDUPLICATOR_PEERS_MARK_AND_SWEEP);
        assertThat(c.get(CoapConfig.PEERS_MARK_AND_SWEEP_MESSAGES)).isEqualTo(16);
    }

    @Test
    void the_exchange_lifetime_is_derived_from_the_cellular_timing_as_rfc_7252_does() {
        Configuration c = ServerConfigurations.create(ServerCoapSettings.CELLULAR, false);

        assertThat(c.get(CoapConfig.EXCHANGE_LIFETIME, TimeUnit.MILLISECONDS))
                .isEqualTo(ServerCoapSettings.CELLULAR.exchangeLifetime().toMillis()).isEqualTo(294_000L);
    }
}
