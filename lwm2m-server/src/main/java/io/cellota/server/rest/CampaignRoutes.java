package io.cellota.server.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cellota.server.campaign.Campaign;
import io.cellota.server.campaign.CampaignDevice;
import io.cellota.server.campaign.CampaignEngine;
import io.cellota.server.campaign.CampaignId;
import io.cellota.server.campaign.CampaignProgress;
import io.cellota.server.campaign.CampaignRefusedException;
import io.cellota.server.campaign.CampaignSpec;
import io.cellota.server.campaign.CampaignStatus;
import io.cellota.server.campaign.CampaignStore;
import io.cellota.server.campaign.CancelMode;
import io.cellota.server.campaign.DeviceState;
import io.cellota.server.campaign.json.CampaignJson;
import io.cellota.server.repository.FirmwarePackage;
import io.cellota.server.repository.FirmwareRepository;
import io.cellota.server.update.PackageFacts;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Clock;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * {@code /api/v1/campaigns}: create ({@code POST}, the spec of {@link CampaignJson}), list (paged, newest first,
 * {@code ?status=} to filter), get (status, pause reason, counts per device state, each wave's progress,
 * throughput, estimated finish, failures by Update Result, and the spec), the commands {@code start}, {@code pause},
 * {@code resume}, {@code cancel} ({@code {"mode": "soft|hard"}}, soft when absent) and {@code retry-failed}, and the
 * devices of a campaign (paged, in the order they joined, {@code ?state=} to filter). See {@code docs/campaigns.md}
 * and {@code docs/rest-api.md}.
 */
public final class CampaignRoutes implements RouteModule {

    private static final String ONE = "/api/v1/campaigns/{id}";

    private final CampaignEngine engine;
    private final CampaignStore store;
    private final FirmwareRepository firmware;
    private final Clock clock;

    public CampaignRoutes(CampaignEngine engine, CampaignStore store, FirmwareRepository firmware, Clock clock) {
        this.engine = engine;
        this.store = store;
        this.firmware = firmware;
        this.clock = clock;
    }

    @Override
    public void mount(RoutesConfig routes) {
        routes.post("/api/v1/campaigns", this::create);
        routes.get("/api/v1/campaigns", this::list);
        routes.get(ONE, ctx -> ctx.json(detail(id(ctx))));
        routes.post(ONE + "/start", ctx -> command(ctx, engine::start));
        routes.post(ONE + "/pause", ctx -> command(ctx, engine::pause));
        routes.post(ONE + "/resume", ctx -> command(ctx, engine::resume));
        routes.post(ONE + "/cancel", ctx -> {
            CancelMode mode = cancelMode(ctx);
            command(ctx, (id, now) -> engine.cancel(id, mode, now));
        });
        routes.post(ONE + "/retry-failed", ctx -> command(ctx, engine::retryFailed));
        routes.get(ONE + "/devices", this::devices);
    }

    private void create(Context ctx) {
        JsonNode body = Json.body(ctx);
        CampaignSpec spec;
        try {
            spec = CampaignJson.readSpec(body, this::firmware);
        } catch (IllegalArgumentException e) {
            throw new ApiException(ApiError.INVALID_REQUEST, e.getMessage());
        }
        Campaign created = engine.create(spec, clock.instant());
        ctx.status(201).json(detail(created.id()));
    }

    private PackageFacts firmware(String id) {
        FirmwarePackage pkg = firmware.find(id).orElseThrow(() -> new ApiException(ApiError.FIRMWARE_NOT_FOUND,
                "no firmware package '" + id + "'"));
        return new PackageFacts(pkg.id(), pkg.version(), pkg.size(), pkg.type().name().toLowerCase(Locale.ROOT));
    }

    private void list(Context ctx) {
        Paging p = Paging.of(ctx);
        Set<CampaignStatus> statuses = words(ctx, "status", CampaignStatus.class);
        List<Map<String, Object>> items = store.list(statuses, p.offset(), p.limit()).stream().map(c -> {
            Map<String, Object> v = summary(c);
            Map<DeviceState, Long> counts = store.countByState(c.id());
            v.put("total", counts.values().stream().mapToLong(Long::longValue).sum());
            v.put("counts", counts(counts));
            return v;
        }).toList();
        ctx.json(new Page<>(items, p.offset(), p.limit(), store.count(statuses)));
    }

    /** The constants of {@code type} named in query parameter {@code name}: comma-separated or repeated. */
    private static <E extends Enum<E>> Set<E> words(Context ctx, String name, Class<E> type) {
        Set<E> chosen = EnumSet.noneOf(type);
        for (String value : ctx.queryParams(name)) {
            for (String word : value.split(",", -1)) {
                try {
                    chosen.add(Enum.valueOf(type, word.strip()));
                } catch (IllegalArgumentException e) {
                    throw new ApiException(ApiError.INVALID_REQUEST, name + " must be one or more of "
                            + String.join(", ", Arrays.stream(type.getEnumConstants()).map(Enum::name).toList())
                            + ", separated by commas; '" + word + "' is none of them");
                }
            }
        }
        return chosen;
    }

    private void command(Context ctx, BiFunction<CampaignId, java.time.Instant, Campaign> action) {
        CampaignId id = id(ctx);
        try {
            action.apply(id, clock.instant());
        } catch (CampaignRefusedException e) {
            throw new ApiException(e.reason() == CampaignRefusedException.Reason.NOT_FOUND
                    ? ApiError.CAMPAIGN_NOT_FOUND : ApiError.CONFLICT, e.getMessage());
        }
        ctx.json(detail(id));
    }

    private static CancelMode cancelMode(Context ctx) {
        if (ctx.body().isBlank()) {
            return CancelMode.SOFT;
        }
        JsonNode body = Json.body(ctx);
        String mode = Json.optionalText(body, "mode").orElse("soft");
        if (body.size() > (body.has("mode") ? 1 : 0)) {
            throw new ApiException(ApiError.INVALID_REQUEST,
                    "the body is {\"mode\": \"soft\"} or {\"mode\": \"hard\"}");
        }
        return switch (mode) {
            case "soft" -> CancelMode.SOFT;
            case "hard" -> CancelMode.HARD;
            default -> throw new ApiException(ApiError.INVALID_REQUEST,
                    "mode must be soft or hard, not '" + mode + "'");
        };
    }

    private void devices(Context ctx) {
        CampaignId id = id(ctx);
        if (store.find(id).isEmpty()) {
            throw notFound(id.value());
        }
        Paging p = Paging.of(ctx);
        Set<DeviceState> states = words(ctx, "state", DeviceState.class);
        ctx.json(new Page<>(store.devices(id, states, p.offset(), p.limit()).stream().map(CampaignRoutes::device)
                .toList(), p.offset(), p.limit(), store.countDevices(id, states)));
    }

    private static CampaignId id(Context ctx) {
        String id = ctx.pathParam("id");
        try {
            return new CampaignId(id);
        } catch (IllegalArgumentException e) {
            throw notFound(id);
        }
    }

    private static ApiException notFound(String id) {
        return new ApiException(ApiError.CAMPAIGN_NOT_FOUND, "no campaign '" + id + "'");
    }

    private Map<String, Object> detail(CampaignId id) {
        CampaignEngine.View view = engine.find(id, clock.instant()).orElseThrow(() -> notFound(id.value()));
        Campaign c = view.campaign();
        CampaignProgress p = view.progress();
        Map<String, Object> v = summary(c);
        if (c.hasOpened()) {
            v.put("currentWave", c.wave() + 1);
        }
        c.cancelMode().ifPresent(m -> v.put("cancelMode", m.name().toLowerCase(Locale.ROOT)));
        v.put("total", p.total());
        v.put("counts", counts(p.counts()));
        v.put("downloading", p.downloading());
        v.put("throughputPerHour", Math.round(p.throughputPerHour() * 100) / 100.0);
        p.estimatedFinish().ifPresent(t -> v.put("estimatedFinish", t.toString()));
        v.put("waves", p.waves().stream().map(CampaignRoutes::wave).toList());
        v.put("failures", p.failures().stream().map(f -> {
            Map<String, Object> g = new LinkedHashMap<>();
            f.updateResult().ifPresent(r -> g.put("updateResult", r.code()));
            g.put("reason", f.reason());
            g.put("meaning", f.meaning());
            g.put("devices", f.devices());
            return g;
        }).toList());
        ObjectNode spec = CampaignJson.writeSpec(c.spec());
        for (String part : List.of("target", "pacing", "schedule", "policy")) {
            v.put(part, spec.get(part));
        }
        return v;
    }

    private static Map<String, Object> summary(Campaign c) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", c.id().value());
        v.put("name", c.spec().name());
        v.put("status", c.status().name());
        v.put("firmwareId", c.spec().firmware().packageId());
        v.put("targetVersion", c.spec().firmware().targetVersion());
        c.pause().ifPresent(pause -> {
            Map<String, Object> why = new LinkedHashMap<>();
            why.put("kind", pause.kind().name());
            why.put("reason", pause.reason());
            pause.wave().ifPresent(w -> why.put("wave", w + 1));
            why.put("since", pause.since().toString());
            v.put("pause", why);
        });
        v.put("createdAt", c.createdAt().toString());
        v.put("updatedAt", c.updatedAt().toString());
        c.startedAt().ifPresent(t -> v.put("startedAt", t.toString()));
        c.finishedAt().ifPresent(t -> v.put("finishedAt", t.toString()));
        return v;
    }

    private static Map<String, Object> wave(CampaignProgress.WaveProgress w) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("wave", w.index() + 1);
        w.wave().devices().ifPresent(n -> v.put("devices", n));
        w.wave().upToPercent().ifPresent(n -> v.put("upToPercent", n));
        v.put("successThreshold", w.wave().successThreshold());
        v.put("failureThreshold", w.wave().failureThreshold());
        v.put("size", w.devices());
        w.openedAt().ifPresent(t -> v.put("openedAt", t.toString()));
        v.put("counts", counts(w.counts()));
        return v;
    }

    private static Map<String, Long> counts(Map<DeviceState, Long> counts) {
        Map<String, Long> v = new LinkedHashMap<>();
        for (DeviceState s : DeviceState.values()) {
            v.put(s.name(), counts.getOrDefault(s, 0L));
        }
        return v;
    }

    /** One device of a campaign as the API shows it. */
    static Map<String, Object> device(CampaignDevice d) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("endpoint", d.endpoint());
        v.put("state", d.state().name());
        d.wave().ifPresent(w -> v.put("wave", w + 1));
        v.put("attempt", d.attempt());
        v.put("retries", d.retries());
        d.updateId().ifPresent(id -> v.put("updateId", id.value()));
        d.updatePhase().ifPresent(phase -> v.put("updateState", phase.name()));
        d.cellId().ifPresent(cell -> v.put("cellId", cell));
        d.failure().ifPresent(f -> {
            Map<String, Object> failure = new LinkedHashMap<>();
            f.updateResult().ifPresent(r -> failure.put("updateResult", r.code()));
            failure.put("reason", f.reason());
            failure.put("meaning", f.meaning());
            failure.put("detail", f.detail());
            v.put("failure", failure);
        });
        v.put("note", d.note());
        v.put("joinedAt", d.joinedAt().toString());
        d.startedAt().ifPresent(t -> v.put("startedAt", t.toString()));
        d.finishedAt().ifPresent(t -> v.put("finishedAt", t.toString()));
        d.notBefore().ifPresent(t -> v.put("notBefore", t.toString()));
        return v;
    }
}
