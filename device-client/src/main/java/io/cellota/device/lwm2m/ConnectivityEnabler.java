package io.cellota.device.lwm2m;

import io.cellota.device.radio.Bearer;
import io.cellota.device.radio.RadioConditions;
import io.cellota.device.radio.RadioModel;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.eclipse.leshan.client.resource.BaseInstanceEnabler;
import org.eclipse.leshan.client.servers.LwM2mServer;
import org.eclipse.leshan.core.model.ObjectModel;
import org.eclipse.leshan.core.model.ResourceModel.Type;
import org.eclipse.leshan.core.response.ReadResponse;

/**
 * Object 4 (Connectivity Monitoring) from the simulated radio: bearer (6 LTE-FDD for LTE-M, 7 NB-IoT), RSRP as
 * Radio Signal Strength, RSRQ as Link Quality, the device's IP address, APN, cell and network, SNR and the
 * coverage enhancement level.
 */
final class ConnectivityEnabler extends BaseInstanceEnabler {

    private final RadioModel radio;
    private final Supplier<String> ipAddress;

    ConnectivityEnabler(RadioModel radio, Supplier<String> ipAddress) {
        super(0);
        this.radio = radio;
        this.ipAddress = ipAddress;
    }

    @Override
    public ReadResponse read(LwM2mServer server, int resourceId) {
        RadioConditions r = resourceId == 2 ? radio.sample() : radio.current();
        return switch (resourceId) {
            case 0 -> ReadResponse.success(resourceId, (long) r.bearer().code());
            case 1 -> ReadResponse.success(resourceId, Map.of(0, (long) Bearer.LTE_M.code(), 1, (long) Bearer.NB_IOT.code()),
                    Type.INTEGER);
            case 2 -> ReadResponse.success(resourceId, (long) r.rsrpDbm());
            case 3 -> ReadResponse.success(resourceId, (long) r.rsrqDb());
            case 4 -> ReadResponse.success(resourceId, Map.of(0, ipAddress.get()), Type.STRING);
            case 7 -> ReadResponse.success(resourceId, Map.of(0, "iot.cellota.test"), Type.STRING);
            case 8 -> ReadResponse.success(resourceId, r.cellId());
            case 9 -> ReadResponse.success(resourceId, (long) r.mnc());
            case 10 -> ReadResponse.success(resourceId, (long) r.mcc());
            case 11 -> ReadResponse.success(resourceId, (long) r.snrDb());
            case 12 -> ReadResponse.success(resourceId, (long) r.trackingAreaCode());
            case 13 -> ReadResponse.success(resourceId, (long) r.coverageEnhancementLevel());
            default -> super.read(server, resourceId);
        };
    }

    @Override
    public List<Integer> getAvailableResourceIds(ObjectModel model) {
        return List.of(0, 1, 2, 3, 4, 7, 8, 9, 10, 11, 12, 13);
    }
}
