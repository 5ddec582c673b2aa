package io.cellota.server.fileserver;

import io.cellota.server.fileserver.AccessDecision.Denied;
import io.cellota.server.fileserver.RangeSelection.Part;
import io.cellota.server.fileserver.RangeSelection.Unsatisfiable;
import io.cellota.server.repository.PackageFile;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.Header;
import jakarta.servlet.ServletOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.NoSuchFileException;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Firmware packages over HTTP and HTTPS (RFC 9110): {@code GET} and {@code HEAD} of {@code /fw/{id}?t=<token>}
 * and {@code /fw/{id}/<token>}, on any Javalin app ({@link #mount}); HTTPS is the same routes on a TLS
 * connector. Responses:
 * <ul>
 *   <li>200 with the whole package, or 206 with one range and Content-Range, as {@link RangeSelection} decides;
 *       416 with {@code Content-Range: bytes *}{@code /size}; every answer has a strong ETag (the SHA-256 in
 *       hex), {@code Accept-Ranges: bytes}, Content-Length, {@code application/octet-stream} and
 *       {@code Cache-Control: private, no-transform};</li>
 *   <li>HEAD: the headers of the 200 (a Range applies to GET only, §14.2), no body;</li>
 *   <li>403 when {@link DownloadAccess} refuses (decided first), 404 for an unknown package.</li>
 * </ul>
 * The body is streamed from the file with the Servlet non-blocking API ({@link RegionWriter}): one 16 KiB
 * buffer per response, filled by positional reads through the {@link OpenFileCache} whenever the connection
 * can take more, so a download holds neither a copy of the package nor a thread while the device is slow;
 * Javalin's compression is bypassed. Not zero-copy: Jetty 12 sends file content without a user-space copy only
 * from memory-mapped buffers, and a mapping per response lives until garbage collection; its channel-based
 * {@code sendContent} never completes in 12.1.12 (see {@link RegionWriter}).
 */
public final class FirmwareHttpRoutes {

    private static final Logger LOG = LoggerFactory.getLogger(FirmwareHttpRoutes.class);
    /** The one buffer each response streams through. */
    private static final int BUFFER_BYTES = 16 * 1024;

    private final String base;
    private final FirmwareDelivery delivery;

    public FirmwareHttpRoutes(FileServerConfig config, FirmwareDelivery delivery) {
        this.base = "/" + config.resourceName();
        this.delivery = Objects.requireNonNull(delivery, "delivery");
    }

    /** Declares GET and HEAD of {@code /fw/{id}} and {@code /fw/{id}/{token}} on {@code config}. */
    public void mount(JavalinConfig config) {
        config.routes.get(base + "/{id}", this::handle);
        config.routes.head(base + "/{id}", this::handle);
        config.routes.get(base + "/{id}/{token}", this::handle);
        config.routes.head(base + "/{id}/{token}", this::handle);
    }

    /** Serves one request; mounted by {@link #mount}, or usable as a Javalin {@code Handler} on those paths. */
    public void handle(Context ctx) throws IOException {
        Transport transport = Transport.ofScheme(ctx.scheme());
        String packageId = ctx.pathParam("id");
        String token = ctx.pathParamMap().getOrDefault("token", ctx.queryParam("t"));
        Credentials credentials = token == null ? new Credentials.None() : new Credentials.Token(token);
        AccessDecision decision = delivery.access().decide(packageId, credentials, delivery.clock().instant());
        if (decision instanceof Denied denied) {
            if (denied.denial().unauthenticated()) {
                LOG.debug("{} download of {} refused: {} ({})", transport, packageId, denied.denial(), denied.detail());
            } else {
                LOG.info("{} download of {} refused: {} ({})", transport, packageId, denied.denial(), denied.detail());
            }
            delivery.metrics().denied(transport, denied.denial());
            ctx.status(403).result(denied.denial().name().toLowerCase(Locale.ROOT));
            return;
        }
        Optional<PackageFile> found = delivery.packages().file(packageId);
        if (found.isEmpty() || !readable(found.get())) {
            ctx.status(404).result("no such package");
            return;
        }
        PackageFile file = found.get();
        String etag = FirmwareDelivery.httpEtag(file);
        boolean head = ctx.method() == HandlerType.HEAD;
        RangeSelection selection = head ? new RangeSelection.Whole()
                : RangeSelection.of(ctx.header(Header.RANGE), ctx.header(Header.IF_RANGE), etag, file.size());
        ctx.header(Header.ETAG, etag);
        ctx.header(Header.ACCEPT_RANGES, "bytes");
        ctx.header(Header.CACHE_CONTROL, "private, no-transform");
        if (selection instanceof Unsatisfiable unsatisfiable) {
            ctx.status(416).header(Header.CONTENT_RANGE, unsatisfiable.contentRange());
            ctx.res().setContentLengthLong(0);
            return;
        }
        long start = 0;
        long length = file.size();
        if (selection instanceof Part part) {
            ctx.status(206).header(Header.CONTENT_RANGE, part.contentRange());
            start = part.first();
            length = part.length();
        } else {
            ctx.status(200);
        }
        ctx.contentType("application/octet-stream");
        ctx.res().setContentLengthLong(length);
        LOG.debug("{} {} of {}: {} bytes from {}", transport, ctx.method(), packageId, length, start);
        if (!head && length > 0) {
            send(ctx, transport, new FileRegion(delivery.files(), file.path(), start, length));
        }
    }

    /** Streams the region once Javalin has started async processing, and completes the request after it. */
    private void send(Context ctx, Transport transport, FileRegion region) throws IOException {
        ServletOutputStream out = ctx.res().getOutputStream();
        RegionWriter writer = new RegionWriter(out, region, BUFFER_BYTES);
        ctx.future(() -> {
            out.setWriteListener(writer);
            return writer.done().thenAccept(bytes -> {
                if (bytes < region.length()) {
                    LOG.debug("{} body of {} ended after {} of {} bytes", transport, region, bytes, region.length());
                }
                delivery.metrics().served(transport, bytes);
            });
        });
    }

    /** Whether the file can be opened, so a missing file is a 404 before any header is sent. */
    private boolean readable(PackageFile file) throws IOException {
        try {
            delivery.files().read(file.path(), 0, ByteBuffer.allocate(0));
            return true;
        } catch (NoSuchFileException e) {
            LOG.warn("Package {} is listed but its file {} is missing", file.packageId(), file.path());
            return false;
        }
    }
}
