package io.cellota.server.update;

import java.time.Duration;
import java.util.concurrent.CompletionStage;

/**
 * The engine's only way to a device: asynchronous LwM2M commands on Object 5 and {@code /3/0/3}. The
 * Leshan adapter implements it; the engine never imports Leshan.
 *
 * <p>Contract, which restart safety rests on:
 * <ul>
 *   <li>Every method returns at once; the stage completes exactly once, with a {@link CommandOutcome}
 *       (never {@code null}, never exceptionally unless the adapter is broken: the engine then treats
 *       the command as unanswered).
 *   <li>A device's commands reach it in the order they were sent (one queue per device).
 *   <li>For a sleeping (queue-mode) device the gateway holds commands durably and sends them when it
 *       wakes. It may then complete the stage with {@link CommandOutcome#held()} and report the real
 *       answer later through {@link UpdateEngine#onCommandOutcome} with the same {@link CommandRef};
 *       after a server restart it still holds, sends and reports them. It never sends a command after
 *       {@link CommandRef#notAfter()} (the engine has given up on it by then): it completes or reports
 *       it as {@link CommandOutcome#timedOut()} instead.
 *   <li>A device without a registration gets nothing: the stage completes with
 *       {@link CommandOutcome#notRegistered()}.
 *   <li>Observations: {@link #observeStatus} establishes one observation of State {@code /5/0/3} and
 *       Update Result {@code /5/0/5}; each notification goes to {@link UpdateEngine#onObject5}. A new
 *       registration drops them, and the engine observes again.
 * </ul>
 */
public interface DeviceGateway {

    /**
     * Reads State, Update Result, Protocol Support and Delivery Method and reports them with the
     * object version of the registration: answers {@link CommandOutcome#facts}.
     */
    CompletionStage<CommandOutcome> readFacts(CommandRef ref, String endpoint);

    /** Observes State and Update Result: answers {@link CommandOutcome#status} with their current values. */
    CompletionStage<CommandOutcome> observeStatus(CommandRef ref, String endpoint);

    /** Reads State and Update Result: answers {@link CommandOutcome#status}. */
    CompletionStage<CommandOutcome> readStatus(CommandRef ref, String endpoint);

    /** Writes the empty string to Package URI {@code /5/0/1}, which resets the device to Idle/0. */
    CompletionStage<CommandOutcome> resetPackage(CommandRef ref, String endpoint);

    /** Writes {@code uri} to Package URI {@code /5/0/1}. */
    CompletionStage<CommandOutcome> writePackageUri(CommandRef ref, String endpoint, String uri);

    /**
     * Writes the package {@code packageId} into Package {@code /5/0/0} block-wise, giving up after
     * {@code timeout} (computed by {@link DeliveryPolicy#transferTimeout} from the package size and
     * {@link #linkEstimate}) with {@link CommandOutcome#timedOut()}.
     */
    CompletionStage<CommandOutcome> pushPackage(CommandRef ref, String endpoint, String packageId, Duration timeout);

    /** Executes Update {@code /5/0/2}. */
    CompletionStage<CommandOutcome> executeUpdate(CommandRef ref, String endpoint);

    /** Executes Cancel {@code /5/0/10} (object 5 v1.1 only). */
    CompletionStage<CommandOutcome> executeCancel(CommandRef ref, String endpoint);

    /** Reads Firmware Version {@code /3/0/3}: answers {@link CommandOutcome#firmwareVersion}. */
    CompletionStage<CommandOutcome> readFirmwareVersion(CommandRef ref, String endpoint);

    /** What the gateway knows of this device's link; {@link LinkEstimate#CONSERVATIVE} if nothing. */
    LinkEstimate linkEstimate(String endpoint);
}
