package io.cellota.server.fileserver;

import io.cellota.server.fileserver.AccessDecision.Denial;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * {@link DeliveryMetrics} as Micrometer counters, each tagged {@code transport} (coap, coaps, http, https):
 * <ul>
 *   <li>{@code cellota.delivery.responses}: CoAP blocks and HTTP bodies served;</li>
 *   <li>{@code cellota.delivery.bytes}: payload bytes served (base unit bytes);</li>
 *   <li>{@code cellota.delivery.denied}: refused requests, also tagged {@code reason} (a
 *       {@link Denial} in lower case);</li>
 *   <li>{@code cellota.delivery.busy}: CoAP requests answered 5.03 because the I/O queue was full.</li>
 * </ul>
 * No tag carries a package or a device, so the number of series stays fixed.
 */
public final class MicrometerDeliveryMetrics implements DeliveryMetrics {

    private final MeterRegistry registry;
    private final Map<Transport, Counter> responses = new EnumMap<>(Transport.class);
    private final Map<Transport, Counter> bytes = new EnumMap<>(Transport.class);
    private final Map<Transport, Counter> busy = new EnumMap<>(Transport.class);

    public MicrometerDeliveryMetrics(MeterRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
        for (Transport transport : Transport.values()) {
            responses.put(transport, Counter.builder("cellota.delivery.responses")
                    .description("CoAP blocks and HTTP bodies of firmware packages served")
                    .tag("transport", transport.scheme()).register(registry));
            bytes.put(transport, Counter.builder("cellota.delivery.bytes").baseUnit("bytes")
                    .description("Firmware package bytes served")
                    .tag("transport", transport.scheme()).register(registry));
            busy.put(transport, Counter.builder("cellota.delivery.busy")
                    .description("CoAP block requests answered 5.03 because delivery's I/O queue was full")
                    .tag("transport", transport.scheme()).register(registry));
        }
    }

    @Override
    public void served(Transport transport, long count) {
        responses.get(transport).increment();
        bytes.get(transport).increment(count);
    }

    @Override
    public void denied(Transport transport, Denial denial) {
        Counter.builder("cellota.delivery.denied").description("Firmware download requests refused, by reason")
                .tags("transport", transport.scheme(), "reason", denial.name().toLowerCase(Locale.ROOT))
                .register(registry).increment();
    }

    @Override
    public void busy(Transport transport) {
        busy.get(transport).increment();
    }
}
