package io.cellota.server.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.cellota.server.devices.CredentialConflictException;
import io.cellota.server.devices.CredentialRepository;
import io.cellota.server.devices.DeviceCredential;
import io.cellota.server.devices.DeviceRegistry;
import io.cellota.server.devices.DeviceSnapshot;
import io.cellota.server.devices.DeviceTags;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * {@code /api/v1/devices}: the registry (list with filters, tags among them, one device), and device credentials
 * (put, remove). Removing a credential also drops the device's registration ({@code onCredentialRemoved}).
 */
public final class DeviceRoutes implements RouteModule {

    private final DeviceRegistry registry;
    private final CredentialRepository credentials;
    private final DeviceTags tags;
    private final Consumer<String> onCredentialRemoved;

    public DeviceRoutes(DeviceRegistry registry, CredentialRepository credentials, DeviceTags tags,
            Consumer<String> onCredentialRemoved) {
        this.registry = registry;
        this.credentials = credentials;
        this.tags = tags;
        this.onCredentialRemoved = onCredentialRemoved;
    }

    @Override
    public void mount(RoutesConfig routes) {
        routes.get("/api/v1/devices", this::list);
        routes.get("/api/v1/fleet", this::fleet);
        routes.get("/api/v1/devices/{endpoint}", ctx -> ctx.json(view(device(ctx.pathParam("endpoint")))));
        routes.put("/api/v1/devices/{endpoint}/credentials", this::putCredential);
        routes.get("/api/v1/devices/{endpoint}/credentials", this::getCredential);
        routes.delete("/api/v1/devices/{endpoint}/credentials", this::deleteCredential);
    }

    private void list(Context ctx) {
        Paging paging = Paging.of(ctx);
        Predicate<DeviceSnapshot> filter = s -> true;
        String registered = ctx.queryParam("registered");
        if (registered != null) {
            boolean want = Boolean.parseBoolean(registered);
            filter = filter.and(s -> s.registered() == want);
        }
        String version = ctx.queryParam("firmwareVersion");
        if (version != null) {
            filter = filter.and(s -> s.firmwareVersion().map(version::equals).orElse(false));
        }
        String q = ctx.queryParam("q");
        if (q != null && !q.isEmpty()) {
            String needle = q.toLowerCase(java.util.Locale.ROOT);
            filter = filter.and(s -> s.endpoint().toLowerCase(java.util.Locale.ROOT).contains(needle));
        }
        String updateState = ctx.queryParam("updateState");
        if (updateState != null) {
            int state;
            try {
                state = Integer.parseInt(updateState);
            } catch (NumberFormatException e) {
                throw new ApiException(ApiError.INVALID_REQUEST, "updateState is 0..3, was '" + updateState + "'");
            }
            filter = filter.and(s -> s.updateState().isPresent() && s.updateState().getAsInt() == state);
        }
        String awake = ctx.queryParam("awake");
        if (awake != null) {
            boolean want = Boolean.parseBoolean(awake);
            filter = filter.and(s -> s.awake() == want);
        }
        Set<String> wanted = tagsOf(ctx.queryParams("tag"));
        if (!wanted.isEmpty()) {
            Set<String> tagged = tags.tagged(wanted);
            filter = filter.and(s -> tagged.contains(s.endpoint()));
        }
        Predicate<DeviceSnapshot> f = filter;
        ctx.json(new Page<>(registry.list(f, paging.offset(), paging.limit()).stream().map(DeviceRoutes::view).toList(),
                paging.offset(), paging.limit(), registry.count(f)));
    }

    /** The tags of {@code ?tag=} (repeated or separated by commas); a device carrying any of them matches. */
    private static Set<String> tagsOf(List<String> values) {
        Set<String> wanted = new LinkedHashSet<>();
        for (String value : values) {
            for (String word : value.split(",", -1)) {
                try {
                    wanted.add(DeviceTags.requireValid(word.strip()));
                } catch (IllegalArgumentException e) {
                    throw new ApiException(ApiError.INVALID_REQUEST, "tag: " + e.getMessage());
                }
            }
        }
        return wanted;
    }

    /**
     * {@code GET /api/v1/fleet}: the devices counted: in all, registered, awake and asleep, by firmware version
     * ({@code unknown} until read) and by Object 5 State.
     */
    private void fleet(Context ctx) {
        List<DeviceSnapshot> all = registry.list(s -> true, 0, Integer.MAX_VALUE);
        Map<String, Long> byVersion = new java.util.TreeMap<>();
        Map<String, Long> byState = new LinkedHashMap<>();
        for (String state : List.of("IDLE", "DOWNLOADING", "DOWNLOADED", "UPDATING", "UNKNOWN")) {
            byState.put(state, 0L);
        }
        for (DeviceSnapshot s : all) {
            byVersion.merge(s.firmwareVersion().orElse("unknown"), 1L, Long::sum);
            String state = s.updateState().isPresent() ? io.cellota.firmware.object5.UpdateState
                    .fromCode(s.updateState().getAsInt()).map(Enum::name).orElse("UNKNOWN") : "UNKNOWN";
            byState.merge(state, 1L, Long::sum);
        }
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("devices", all.size());
        v.put("registered", all.stream().filter(DeviceSnapshot::registered).count());
        v.put("awake", all.stream().filter(s -> s.registered() && s.awake()).count());
        v.put("asleep", all.stream().filter(s -> s.registered() && !s.awake()).count());
        v.put("byFirmwareVersion", byVersion);
        v.put("byUpdateState", byState);
        ctx.json(v);
    }

    private DeviceSnapshot device(String endpoint) {
        return registry.find(endpoint).or(() -> credentials.byEndpoint(endpoint).map(c -> DeviceSnapshot.unregistered(endpoint)))
                .orElseThrow(() -> new ApiException(ApiError.DEVICE_NOT_FOUND, "no device '" + endpoint + "'"));
    }

    /** The device as the API shows it. */
    static Map<String, Object> view(DeviceSnapshot s) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("endpoint", s.endpoint());
        v.put("registered", s.registered());
        s.registrationId().ifPresent(x -> v.put("registrationId", x));
        s.lwm2mVersion().ifPresent(x -> v.put("lwm2mVersion", x));
        s.binding().ifPresent(x -> v.put("binding", x));
        v.put("queueMode", s.queueMode());
        s.address().ifPresent(x -> v.put("address", x));
        s.lastSeen().ifPresent(x -> v.put("lastSeen", x.toString()));
        v.put("awake", s.awake());
        s.model().ifPresent(x -> v.put("model", x));
        s.firmwareVersion().ifPresent(x -> v.put("firmwareVersion", x));
        s.updateState().ifPresent(x -> v.put("updateState", x));
        s.updateResult().ifPresent(x -> v.put("updateResult", x));
        Map<String, Object> radio = new LinkedHashMap<>();
        s.bearer().ifPresent(x -> radio.put("bearer", x));
        s.rsrp().ifPresent(x -> radio.put("rsrp", x));
        s.cellId().ifPresent(x -> radio.put("cellId", x));
        if (!radio.isEmpty()) {
            v.put("radio", radio);
        }
        return v;
    }

    private void putCredential(Context ctx) throws Exception {
        String endpoint = ctx.pathParam("endpoint");
        JsonNode body = Json.body(ctx);
        String mode = Json.text(body, "mode");
        DeviceCredential credential;
        try {
            credential = switch (mode) {
                case "psk" -> new DeviceCredential.Psk(endpoint, Json.text(body, "identity"),
                        HexFormat.of().parseHex(Json.text(body, "key")));
                case "rpk" -> new DeviceCredential.Rpk(endpoint, ecKey(Json.text(body, "publicKey")));
                case "x509" -> new DeviceCredential.X509(endpoint);
                default -> throw new ApiException(ApiError.INVALID_REQUEST, "mode must be psk, rpk or x509");
            };
        } catch (IllegalArgumentException e) {
            throw new ApiException(ApiError.INVALID_REQUEST, e.getMessage());
        }
        try {
            credentials.put(credential);
        } catch (CredentialConflictException e) {
            throw new ApiException(ApiError.CREDENTIAL_CONFLICT, e.getMessage());
        }
        ctx.status(200).json(credentialView(credential));
    }

    private void getCredential(Context ctx) {
        String endpoint = ctx.pathParam("endpoint");
        ctx.json(credentialView(credentials.byEndpoint(endpoint)
                .orElseThrow(() -> new ApiException(ApiError.DEVICE_NOT_FOUND, "no credential for '" + endpoint + "'"))));
    }

    private void deleteCredential(Context ctx) {
        String endpoint = ctx.pathParam("endpoint");
        if (!credentials.remove(endpoint)) {
            throw new ApiException(ApiError.DEVICE_NOT_FOUND, "no credential for '" + endpoint + "'");
        }
        onCredentialRemoved.accept(endpoint);
        ctx.status(204);
    }

    /** A credential without its secret. */
    private static Map<String, Object> credentialView(DeviceCredential c) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("endpoint", c.endpoint());
        v.put("mode", c.mode());
        if (c instanceof DeviceCredential.Psk p) {
            v.put("identity", p.identity());
        }
        if (c instanceof DeviceCredential.Rpk r) {
            v.put("publicKey", Base64.getEncoder().encodeToString(r.publicKey().getEncoded()));
        }
        return v;
    }

    private static PublicKey ecKey(String base64) {
        try {
            return KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
        } catch (IllegalArgumentException | java.security.GeneralSecurityException e) {
            throw new ApiException(ApiError.INVALID_REQUEST, "publicKey must be a base64 EC SubjectPublicKeyInfo");
        }
    }
}
