package io.cellota.server.update;

import io.cellota.firmware.object5.DeliveryMethod;
import io.cellota.firmware.object5.FirmwareUpdateStateMachine;
import io.cellota.firmware.object5.FirmwareUpdateStatus;
import io.cellota.firmware.object5.ObjectVersion;
import io.cellota.firmware.object5.ProtocolSupport;
import io.cellota.firmware.object5.Transition;
import io.cellota.firmware.object5.Trigger;
import io.cellota.firmware.object5.UpdateResult;
import io.cellota.firmware.object5.UpdateState;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A device's Object 5 and {@code /3/0/3}, answering the engine's commands through the real
 * {@link FirmwareUpdateStateMachine}, and counting what reached it.
 */
final class SimulatedDevice {

    private final ObjectVersion version;
    private final DeliveryMethod method;
    private final Set<ProtocolSupport> protocols;
    private final FirmwareUpdateStateMachine machine;
    private FirmwareUpdateStatus status;
    private String firmwareVersion;
    private boolean observed;
    private final List<String> urisReceived = new ArrayList<>();
    private int pushesReceived;
    private int executesReceived;
    private int executesAccepted;

    SimulatedDevice(ObjectVersion version, DeliveryMethod method, Set<ProtocolSupport> protocols,
            FirmwareUpdateStatus status, String firmwareVersion) {
        this.version = version;
        this.method = method;
        this.protocols = protocols;
        this.machine = new FirmwareUpdateStateMachine(version);
        this.status = status;
        this.firmwareVersion = firmwareVersion;
    }

    /** The device's answer to {@code call}, its status changed as the state machine says. */
    CommandOutcome answer(ScriptedGateway.Call call) {
        return switch (call.command()) {
            case READ_FACTS -> CommandOutcome.facts(new Object5Facts(version, status, method, protocols));
            case OBSERVE -> {
                observed = true;
                yield CommandOutcome.status(status);
            }
            case READ_STATUS -> CommandOutcome.status(status);
            case RESET -> apply(Trigger.ofPackageUriWrite(""));
            case WRITE_PACKAGE_URI -> {
                urisReceived.add(call.uri().orElseThrow());
                yield apply(Trigger.ofPackageUriWrite(call.uri().orElseThrow()));
            }
            case PUSH_PACKAGE -> {
                pushesReceived++;
                CommandOutcome started = apply(new Trigger.PackageWriteStarted());
                yield started instanceof CommandOutcome.Success ? apply(new Trigger.DownloadCompleted()) : started;
            }
            case EXECUTE_UPDATE -> {
                executesReceived++;
                CommandOutcome executed = apply(new Trigger.UpdateExecuted());
                executesAccepted += executed instanceof CommandOutcome.Success ? 1 : 0;
                yield executed;
            }
            case EXECUTE_CANCEL -> apply(new Trigger.CancelExecuted());
            case READ_FIRMWARE_VERSION -> CommandOutcome.firmwareVersion(firmwareVersion);
        };
    }

    /** The pulled download completes. */
    void finishDownload() {
        apply(new Trigger.DownloadCompleted());
    }

    /** The update installs, the device reboots into {@code newVersion}; observations are lost. */
    void installAndReboot(String newVersion) {
        apply(new Trigger.UpdateSucceeded());
        firmwareVersion = newVersion;
        observed = false;
    }

    FirmwareUpdateStatus status() {
        return status;
    }

    boolean isObserved() {
        return observed;
    }

    boolean is(UpdateState state) {
        return status.state() == state;
    }

    List<String> urisReceived() {
        return List.copyOf(urisReceived);
    }

    int pushesReceived() {
        return pushesReceived;
    }

    int executesReceived() {
        return executesReceived;
    }

    int executesAccepted() {
        return executesAccepted;
    }

    UpdateResult result() {
        return status.result();
    }

    private CommandOutcome apply(Trigger trigger) {
        Transition transition = machine.apply(status, trigger);
        if (transition instanceof Transition.Accepted accepted) {
            status = accepted.to();
            return CommandOutcome.changed();
        }
        Transition.Rejected rejected = (Transition.Rejected) transition;
        return switch (rejected.reason()) {
            case METHOD_NOT_ALLOWED -> CommandOutcome.deviceError(ResponseCode.METHOD_NOT_ALLOWED);
            case BAD_REQUEST -> CommandOutcome.deviceError(ResponseCode.BAD_REQUEST);
            case NOT_SUPPORTED_IN_VERSION -> CommandOutcome.deviceError(ResponseCode.NOT_FOUND);
            case ILLEGAL_EVENT -> throw new IllegalStateException("test bug: " + rejected.message());
        };
    }
}
