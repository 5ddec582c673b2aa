package io.cellota.server.campaign;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The fleet as a campaign sees it: what is known of a device now, every device known, and the devices carrying
 * some tags. The server implements it over the device registry and the tag store; tests give a fake. Called with
 * the campaign engine's lock held: answer from memory or one quick query, never block on a device.
 */
public interface Fleet {

    /** What is known of {@code endpoint} now; empty for a device the server has never heard of. */
    Optional<DeviceFacts> device(String endpoint);

    /** Every device the server knows now, by endpoint name. */
    List<DeviceFacts> known();

    /** The devices carrying at least one of {@code tags}, registered or not. */
    Set<String> tagged(Set<String> tags);
}
