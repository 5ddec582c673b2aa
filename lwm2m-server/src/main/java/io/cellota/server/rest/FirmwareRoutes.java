package io.cellota.server.rest;

import io.cellota.server.repository.FirmwarePackage;
import io.cellota.server.repository.FirmwareRepository;
import io.cellota.server.repository.PackageType;
import io.cellota.server.repository.PageRequest;
import io.cellota.server.repository.RepositoryException;
import io.cellota.server.repository.UploadRequest;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /api/v1/firmware}: upload a package as the raw request body ({@code ?type=mcuboot|opaque}, and for
 * opaque packages {@code &name=…&version=…}), list, get, delete. Refusals carry the repository's precise reason.
 */
public final class FirmwareRoutes implements RouteModule {

    private final FirmwareRepository repository;

    public FirmwareRoutes(FirmwareRepository repository) {
        this.repository = repository;
    }

    @Override
    public void mount(RoutesConfig routes) {
        routes.post("/api/v1/firmware", this::upload);
        routes.get("/api/v1/firmware", this::list);
        routes.get("/api/v1/firmware/{id}", ctx -> ctx.json(view(find(ctx.pathParam("id")))));
        routes.delete("/api/v1/firmware/{id}", this::delete);
    }

    private void upload(Context ctx) throws Exception {
        String type = Optional.ofNullable(ctx.queryParam("type")).orElse("mcuboot");
        UploadRequest request = switch (type) {
            case "mcuboot" -> new UploadRequest(PackageType.MCUBOOT, Optional.ofNullable(ctx.queryParam("name")),
                    Optional.ofNullable(ctx.queryParam("version")));
            case "opaque" -> new UploadRequest(PackageType.OPAQUE, Optional.ofNullable(ctx.queryParam("name")),
                    Optional.ofNullable(ctx.queryParam("version")));
            default -> throw new ApiException(ApiError.INVALID_REQUEST, "type must be mcuboot or opaque, was '" + type + "'");
        };
        FirmwarePackage stored;
        try (InputStream body = ctx.bodyInputStream()) {
            stored = repository.upload(body, request, Guard.caller(ctx).name());
        } catch (RepositoryException e) {
            if (e.reason() == RepositoryException.Reason.DUPLICATE && e.existingPackageId().isPresent()) {
                ctx.status(200).json(view(find(e.existingPackageId().get())));
                return;
            }
            throw translate(e);
        }
        ctx.status(201).json(view(stored));
    }

    private void list(Context ctx) {
        Paging p = Paging.of(ctx);
        ctx.json(new Page<>(repository.list(new PageRequest(p.offset(), p.limit())).stream().map(FirmwareRoutes::view)
                .toList(), p.offset(), p.limit(), repository.count()));
    }

    private FirmwarePackage find(String id) {
        return repository.find(id).orElseThrow(() -> new ApiException(ApiError.FIRMWARE_NOT_FOUND,
                "no firmware package '" + id + "'"));
    }

    private void delete(Context ctx) {
        try {
            repository.delete(ctx.pathParam("id"));
        } catch (RepositoryException e) {
            throw translate(e);
        }
        ctx.status(204);
    }

    /** The repository's refusal as an API error with the same precise message. */
    static ApiException translate(RepositoryException e) {
        ApiError error = switch (e.reason()) {
            case EMPTY, INCOMPLETE, INVALID_METADATA, VERSION_MISMATCH -> ApiError.INVALID_REQUEST;
            case TOO_LARGE -> ApiError.PAYLOAD_TOO_LARGE;
            case NOT_AN_IMAGE, INVALID_IMAGE -> ApiError.INVALID_FIRMWARE;
            case UNTRUSTED -> ApiError.UNTRUSTED_FIRMWARE;
            case MISSING_METADATA -> ApiError.MISSING_METADATA;
            case DUPLICATE -> ApiError.CONFLICT;
            case NOT_FOUND -> ApiError.FIRMWARE_NOT_FOUND;
            case IN_USE -> ApiError.FIRMWARE_IN_USE;
            case STORAGE -> ApiError.STORAGE;
        };
        return new ApiException(error, e.getMessage());
    }

    /** A package as the API shows it. */
    static Map<String, Object> view(FirmwarePackage p) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", p.id());
        v.put("type", p.type().name().toLowerCase(java.util.Locale.ROOT));
        v.put("name", p.name());
        v.put("version", p.version());
        v.put("size", p.size());
        v.put("sha256", p.sha256());
        p.signer().ifPresent(s -> v.put("signer", s));
        p.securityCounter().ifPresent(c -> v.put("securityCounter", c));
        v.put("uploadedBy", p.uploadedBy());
        v.put("uploadedAt", p.uploadedAt().toString());
        return v;
    }
}
