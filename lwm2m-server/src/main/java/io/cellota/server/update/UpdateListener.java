package io.cellota.server.update;

/**
 * Told of every saved transition of every update, after it is saved (the REST event stream and the
 * campaigns listen). Called on the engine's thread with its lock held: be quick, do not block. A
 * listener may call the engine; the call runs after the current input is done.
 */
@FunctionalInterface
public interface UpdateListener {

    /** A listener that does nothing. */
    UpdateListener NONE = (update, event) -> { };

    /** {@code update} as saved, and the history event that records the transition. */
    void onTransition(DeviceUpdate update, UpdateEvent event);
}
