package io.cellota.server.campaign;

import io.cellota.firmware.object5.UpdateResult;
import io.cellota.server.update.Failure;
import java.util.Objects;
import java.util.Optional;

/**
 * Why a device failed in a campaign: the Update Result it reported ({@code /5/0/5}), a reason of the update
 * engine's ({@link Failure.Reason}), or the campaign's own {@value #DEVICE_DEADLINE}; with the one line for
 * operators. Failures are grouped by {@link #key()} in a campaign's progress.
 *
 * @param reason the Update Result's name (e.g. {@code UPDATE_FAILED}) or the engine's or campaign's reason
 */
public record DeviceFailure(Optional<UpdateResult> updateResult, String reason, String detail) {

    /** The campaign's reason for a device that did not finish within the device deadline. */
    public static final String DEVICE_DEADLINE = "DEVICE_DEADLINE";

    /** Checks every part is present and says something. */
    public DeviceFailure {
        Objects.requireNonNull(updateResult, "updateResult");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(detail, "detail");
        if (reason.isBlank() || detail.isBlank()) {
            throw new IllegalArgumentException("a failure names its reason and explains itself");
        }
    }

    /** The failure the update engine reported. */
    public static DeviceFailure of(Failure failure) {
        if (failure instanceof Failure.Device d) {
            return new DeviceFailure(Optional.of(d.result()), d.result().name(), failure.describe());
        }
        return new DeviceFailure(Optional.empty(), ((Failure.Engine) failure).reason().name(), failure.describe());
    }

    /** The device did not finish within the device deadline; {@code detail} says what it was doing. */
    public static DeviceFailure deadline(String detail) {
        return new DeviceFailure(Optional.empty(), DEVICE_DEADLINE, detail);
    }

    /** What failures are grouped by: the Update Result's code, or the reason. */
    public String key() {
        return updateResult.map(r -> "UR" + r.code()).orElse(reason);
    }

    /** The meaning of the Update Result as Object 5 words it, or of the reason. */
    public String meaning() {
        return updateResult.map(UpdateResult::description).orElseGet(() -> meaning(reason));
    }

    private static String meaning(String reason) {
        return switch (reason) {
            case DEVICE_DEADLINE -> "The device did not finish within the campaign's device deadline";
            case "DEADLINE" -> "A phase of the update did not finish by its deadline";
            case "DEVICE_GONE" -> "The device had no registration when its phase's deadline passed";
            case "UNSUPPORTED_DELIVERY" -> "No delivery and protocol suit the device, the server and the request";
            case "CANCELLED" -> "The update was cancelled";
            case "COMMAND_REJECTED" -> "The device answered a command with an error";
            case "WRONG_VERSION" -> "The device reported success but runs another version";
            case "PACKAGE_LOST" -> "The device lost the package";
            case "UNEXPECTED_STATE" -> "The device reported a state the update cannot have led to";
            default -> reason;
        };
    }
}
