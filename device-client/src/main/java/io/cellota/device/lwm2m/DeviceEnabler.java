package io.cellota.device.lwm2m;

import java.time.Clock;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.eclipse.leshan.client.resource.BaseInstanceEnabler;
import org.eclipse.leshan.client.servers.LwM2mServer;
import org.eclipse.leshan.core.model.ObjectModel;
import org.eclipse.leshan.core.model.ResourceModel.Type;
import org.eclipse.leshan.core.request.argument.Arguments;
import org.eclipse.leshan.core.response.ExecuteResponse;
import org.eclipse.leshan.core.response.ReadResponse;

/**
 * Object 3 (Device): identity, the firmware version read from the running image's header, power, memory,
 * error codes and time; Reboot and Factory Reset hand over to the device. Supported binding is "U": queue
 * mode is announced at registration (LwM2M 1.1), not here.
 */
final class DeviceEnabler extends BaseInstanceEnabler {

    private final DeviceInfo info;
    private final Supplier<String> firmwareVersion;
    private final DeviceActions actions;
    private final Clock clock;

    DeviceEnabler(DeviceInfo info, Supplier<String> firmwareVersion, DeviceActions actions, Clock clock) {
        super(0);
        this.info = info;
        this.firmwareVersion = firmwareVersion;
        this.actions = actions;
        this.clock = clock;
    }

    @Override
    public ReadResponse read(LwM2mServer server, int resourceId) {
        return switch (resourceId) {
            case 0 -> ReadResponse.success(resourceId, info.manufacturer());
            case 1 -> ReadResponse.success(resourceId, info.model());
            case 2 -> ReadResponse.success(resourceId, info.serialNumber());
            case 3 -> ReadResponse.success(resourceId, firmwareVersion.get());
            case 6 -> ReadResponse.success(resourceId, Map.of(0, 1L), Type.INTEGER); // internal battery
            case 7 -> ReadResponse.success(resourceId, Map.of(0, 3700L), Type.INTEGER); // mV
            case 9 -> ReadResponse.success(resourceId, 87L);
            case 10 -> ReadResponse.success(resourceId, info.memoryTotalKb() / 4);
            case 11 -> ReadResponse.success(resourceId, Map.of(0, 0L), Type.INTEGER); // no error
            case 13 -> ReadResponse.success(resourceId, Date.from(clock.instant()));
            case 14 -> ReadResponse.success(resourceId, "+00:00");
            case 15 -> ReadResponse.success(resourceId, "Etc/UTC");
            case 16 -> ReadResponse.success(resourceId, "U");
            case 17 -> ReadResponse.success(resourceId, info.deviceType());
            case 18 -> ReadResponse.success(resourceId, info.hardwareVersion());
            case 19 -> ReadResponse.success(resourceId, firmwareVersion.get());
            case 20 -> ReadResponse.success(resourceId, 0L); // normal
            case 21 -> ReadResponse.success(resourceId, info.memoryTotalKb());
            default -> super.read(server, resourceId);
        };
    }

    @Override
    public ExecuteResponse execute(LwM2mServer server, int resourceId, Arguments arguments) {
        switch (resourceId) {
            case 4 -> actions.reboot().accept("reboot requested by the server");
            case 5 -> actions.factoryReset().run();
            case 12 -> {
                // error codes are already clear
            }
            default -> {
                return ExecuteResponse.notFound();
            }
        }
        return ExecuteResponse.success();
    }

    @Override
    public List<Integer> getAvailableResourceIds(ObjectModel model) {
        return List.of(0, 1, 2, 3, 4, 5, 6, 7, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21);
    }
}
