package io.cellota.device.lwm2m;

import io.cellota.device.fota.FirmwareUpdateService;
import io.cellota.device.fota.Object5View;
import io.cellota.firmware.object5.FirmwareUpdateResource;
import io.cellota.firmware.object5.ObjectVersion;
import io.cellota.firmware.object5.ProtocolSupport;
import io.cellota.firmware.object5.Transition;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.eclipse.leshan.client.resource.BaseInstanceEnabler;
import org.eclipse.leshan.client.servers.LwM2mServer;
import org.eclipse.leshan.core.model.ObjectModel;
import org.eclipse.leshan.core.model.ResourceModel.Type;
import org.eclipse.leshan.core.node.LwM2mPath;
import org.eclipse.leshan.core.node.LwM2mResource;
import org.eclipse.leshan.core.request.argument.Arguments;
import org.eclipse.leshan.core.response.ExecuteResponse;
import org.eclipse.leshan.core.response.ReadResponse;
import org.eclipse.leshan.core.response.WriteResponse;

/**
 * Object 5 (Firmware Update) as Leshan sees it: reads, writes and executes are translated to
 * {@link FirmwareUpdateService}, and the service's rejections to LwM2M response codes (4.00 for a refused
 * Write, 4.05 for a refused Execute, 4.04 for a v1.1 resource on a v1.0 device). Pushed packages that come
 * block-wise never reach this class: {@link PackageBlockReceiver} takes them.
 */
final class FirmwareUpdateEnabler extends BaseInstanceEnabler {

    private final Supplier<FirmwareUpdateService> service;
    private final ObjectVersion version;

    FirmwareUpdateEnabler(Supplier<FirmwareUpdateService> service, ObjectVersion version) {
        super(0);
        this.service = service;
        this.version = version;
    }

    /** Tells observers that {@code resources} changed; called by the service without its lock held. */
    void changed(Set<FirmwareUpdateResource> resources) {
        List<LwM2mPath> paths = new ArrayList<>();
        for (FirmwareUpdateResource r : resources) {
            if (r.isDefinedIn(version)) {
                paths.add(getResourcePath(r.id()));
            }
        }
        if (!paths.isEmpty()) {
            fireResourcesChange(paths.toArray(new LwM2mPath[0]));
        }
    }

    @Override
    public ReadResponse read(LwM2mServer server, int resourceId) {
        Object5View v = service.get().view();
        return switch (resourceId) {
            case 1 -> ReadResponse.success(resourceId, v.packageUri());
            case 3 -> ReadResponse.success(resourceId, (long) v.status().state().code());
            case 5 -> ReadResponse.success(resourceId, (long) v.status().result().code());
            case 6 -> ReadResponse.success(resourceId, v.packageName());
            case 7 -> ReadResponse.success(resourceId, v.packageVersion());
            case 8 -> {
                Map<Integer, Long> protocols = new TreeMap<>();
                int i = 0;
                for (ProtocolSupport p : v.protocols().stream().sorted().toList()) {
                    protocols.put(i++, (long) p.code());
                }
                yield ReadResponse.success(resourceId, protocols, Type.INTEGER);
            }
            case 9 -> ReadResponse.success(resourceId, (long) v.deliveryMethod().code());
            case 12 -> version.isAtLeast(ObjectVersion.V1_1)
                    ? ReadResponse.success(resourceId, Date.from(v.lastStateChange())) : ReadResponse.notFound();
            default -> super.read(server, resourceId);
        };
    }

    @Override
    public WriteResponse write(LwM2mServer server, boolean replace, int resourceId, LwM2mResource value) {
        try {
            Transition t = switch (resourceId) {
                case 0 -> service.get().writePackage((byte[]) value.getValue());
                case 1 -> service.get().writePackageUri((String) value.getValue());
                default -> null;
            };
            if (t == null) {
                return super.write(server, replace, resourceId, value);
            }
            return t instanceof Transition.Rejected r ? WriteResponse.badRequest(r.message()) : WriteResponse.success();
        } catch (IOException e) {
            return WriteResponse.internalServerError("cannot persist the firmware update state: " + e.getMessage());
        }
    }

    @Override
    public ExecuteResponse execute(LwM2mServer server, int resourceId, Arguments arguments) {
        try {
            Transition t = switch (resourceId) {
                case 2 -> service.get().executeUpdate();
                case 10 -> version.isAtLeast(ObjectVersion.V1_1) ? service.get().cancel() : null;
                default -> null;
            };
            if (t == null) {
                return ExecuteResponse.notFound();
            }
            if (t instanceof Transition.Rejected r) {
                return switch (r.reason()) {
                    case NOT_SUPPORTED_IN_VERSION -> ExecuteResponse.notFound();
                    case BAD_REQUEST -> ExecuteResponse.badRequest(r.message());
                    default -> ExecuteResponse.methodNotAllowed();
                };
            }
            return ExecuteResponse.success();
        } catch (IOException e) {
            return ExecuteResponse.internalServerError("cannot persist the firmware update state: " + e.getMessage());
        }
    }

    @Override
    public List<Integer> getAvailableResourceIds(ObjectModel model) {
        List<Integer> ids = new ArrayList<>(List.of(0, 1, 2, 3, 5, 6, 7, 8, 9));
        if (version.isAtLeast(ObjectVersion.V1_1)) {
            ids.addAll(List.of(10, 12));
        }
        return ids;
    }
}
