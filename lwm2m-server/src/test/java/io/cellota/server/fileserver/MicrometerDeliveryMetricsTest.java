package io.cellota.server.fileserver;

import static org.assertj.core.api.Assertions.assertThat;

import io.cellota.server.fileserver.AccessDecision.Denial;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

/** Delivery metrics as Micrometer counters, by transport. */
class MicrometerDeliveryMetricsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final DeliveryMetrics metrics = new MicrometerDeliveryMetrics(registry);

    @Test
    void blocks_and_bytes_are_counted_per_transport() {
        metrics.served(Transport.COAP, 1024);
        metrics.served(Transport.COAP, 100);
        metrics.served(Transport.HTTPS, 5000);

        assertThat(registry.get("cellota.delivery.responses").tag("transport", "coap").counter().count()).isEqualTo(2);
        assertThat(registry.get("cellota.delivery.bytes").tag("transport", "coap").counter().count()).isEqualTo(1124);
        assertThat(registry.get("cellota.delivery.bytes").tag("transport", "https").counter().count()).isEqualTo(5000);
        assertThat(registry.get("cellota.delivery.bytes").tag("transport", "coaps").counter().count()).isZero();
    }

    @Test
    void refusals_and_busy_answers_are_counted_by_reason() {
        metrics.denied(Transport.HTTP, Denial.TOKEN_EXPIRED);
        metrics.denied(Transport.HTTP, Denial.TOKEN_EXPIRED);
        metrics.busy(Transport.COAPS);

        assertThat(registry.get("cellota.delivery.denied").tags("transport", "http", "reason", "token_expired")
                .counter().count()).isEqualTo(2);
        assertThat(registry.get("cellota.delivery.busy").tag("transport", "coaps").counter().count()).isEqualTo(1);
    }

    @Test
    void no_metrics_count_nothing_and_throw_nothing() {
        DeliveryMetrics.NONE.served(Transport.COAP, 1);
        DeliveryMetrics.NONE.denied(Transport.COAP, Denial.NOT_GRANTED);
        DeliveryMetrics.NONE.busy(Transport.COAP);
    }
}
