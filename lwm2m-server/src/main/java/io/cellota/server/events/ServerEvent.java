package io.cellota.server.events;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One thing that happened: its type ({@code device.registered}, {@code update.phase}, {@code campaign.running}, …),
 * when, the device it concerns (empty for an event of no one device, such as a campaign's own transition), and its
 * details as JSON-ready values.
 */
public record ServerEvent(long sequence, String type, Instant time, String endpoint, Map<String, Object> data) {

    public ServerEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(endpoint, "endpoint");
        data = Map.copyOf(data);
    }
}
