package io.cellota.server.fileserver;

import io.cellota.server.fileserver.AccessDecision.Denied;
import io.cellota.server.repository.PackageFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.NoSuchFileException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.eclipse.californium.core.CoapResource;
import org.eclipse.californium.core.coap.BlockOption;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.coap.OptionSet;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.core.network.Endpoint;
import org.eclipse.californium.core.server.resources.CoapExchange;
import org.eclipse.californium.core.server.resources.Resource;
import org.eclipse.californium.elements.config.Configuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Firmware packages over CoAP and CoAPs, answering each Block2 request itself from storage (RFC 7959 §2.2–2.4):
 * {@code GET /fw/<packageId>} (CoAPs, or with {@code ?t=<token>}) and {@code GET /fw/<packageId>/<token>}.
 * Add it to any {@code CoapServer}: Leshan's (after {@code build()}, via the endpoints provider's server) or a
 * dedicated one on its own port.
 *
 * <p>Every answer to a GET, block 0 and answers to requests without Block2 included, carries an explicit
 * Block2 option for the block it holds, and that block is never larger than {@code min(requested size,
 * limit)}: the limit is {@link FileServerConfig#maxBlockSize()} and, when the endpoint has transparent
 * block-wise handling on ({@code MAX_RESOURCE_BODY_SIZE > 0}), also its {@code PREFERRED_BLOCK_SIZE} and
 * {@code MAX_MESSAGE_SIZE}. Californium's {@code BlockwiseLayer} therefore never buffers or re-chunks an
 * answer: a request for block {@code num > 0} is random access, and an answer whose Block2 has the requested
 * offset passes unchanged; for block 0 or no Block2 it only starts a buffered transfer when the payload
 * exceeds {@code MAX_MESSAGE_SIZE} or {@code min(requested, PREFERRED_BLOCK_SIZE)}, which ours never does; and
 * as it never starts one, it never answers a later block from a stored transfer either. Every answer has the
 * package's {@link FirmwareDelivery#coapEtag 8-byte ETag}, which ties the block to one representation; what
 * describes the whole representation comes with block 0 only: Content-Format 42 (the client has it from block 0,
 * and the ETag says later blocks belong to the same representation; two bytes per block saved, see
 * docs/benchmarks.md) and Size2, which is also answered whenever a request asks for it.
 *
 * <p>Other answers: 4.01 or 4.03 when {@link DownloadAccess} refuses (decided before the package is looked
 * up), 4.04 for an unknown package or path, 4.02 for a block at or past the end, 4.06 for an Accept other than
 * 42, 4.12 for an If-Match that does not match the ETag, 5.00 when the file cannot be read, and 5.03 with
 * Max-Age 1 when the I/O queue is full.
 *
 * <p>Threads: the protocol thread only hands the request to the I/O executor (see
 * {@link FileServerConfig#newIoExecutor()}); the access decision and the positional read of the one block run
 * there. Nothing holds more than the block being answered.
 */
public final class FirmwareCoapResource extends CoapResource {

    private static final Logger LOG = LoggerFactory.getLogger(FirmwareCoapResource.class);
    private static final String TOKEN_QUERY = "t=";

    private final FirmwareDelivery delivery;
    private final Executor io;
    private final int maxBlockSize;

    public FirmwareCoapResource(FileServerConfig config, FirmwareDelivery delivery, Executor io) {
        super(config.resourceName());
        this.delivery = Objects.requireNonNull(delivery, "delivery");
        this.io = Objects.requireNonNull(io, "io");
        this.maxBlockSize = config.maxBlockSize();
        setObservable(false);
        getAttributes().setTitle("firmware packages");
    }

    /** Every path below this resource reaches it: {@code <packageId>} and {@code <packageId>/<token>}. */
    @Override
    public Resource getChild(String name) {
        return this;
    }

    @Override
    public void handleGET(CoapExchange exchange) {
        try {
            io.execute(() -> serveSafely(exchange));
        } catch (RejectedExecutionException e) {
            delivery.metrics().busy(transport(exchange.advanced().getRequest()));
            Response busy = new Response(ResponseCode.SERVICE_UNAVAILABLE);
            busy.getOptions().setMaxAge(1);
            exchange.respond(busy);
        }
    }

    private void serveSafely(CoapExchange exchange) {
        try {
            serve(exchange);
        } catch (RuntimeException e) {
            LOG.warn("Cannot serve {}: {}", exchange.advanced().getRequest().getURI(), e.toString(), e);
            exchange.respond(ResponseCode.INTERNAL_SERVER_ERROR);
        }
    }

    private void serve(CoapExchange exchange) {
        Request request = exchange.advanced().getRequest();
        Transport transport = transport(request);
        List<String> path = request.getOptions().getUriPath();
        int depth = depth();
        if (path.size() <= depth || path.size() > depth + 2) {
            exchange.respond(ResponseCode.NOT_FOUND, "/" + getName() + "/<package>[/<token>]");
            return;
        }
        String packageId = path.get(depth);
        Credentials credentials = credentials(request, path.size() > depth + 1 ? path.get(depth + 1) : null);
        AccessDecision decision = delivery.access().decide(packageId, credentials, delivery.clock().instant());
        if (decision instanceof Denied denied) {
            refuse(exchange, transport, packageId, denied);
            return;
        }
        MDC.put("endpoint", ((AccessDecision.Allowed) decision).endpoint());
        try {
            Optional<PackageFile> file = delivery.packages().file(packageId);
            if (file.isEmpty()) {
                LOG.debug("No package {}", packageId);
                exchange.respond(ResponseCode.NOT_FOUND, "no such package");
                return;
            }
            answer(exchange, transport, file.get());
        } finally {
            MDC.remove("endpoint");
        }
    }

    private void answer(CoapExchange exchange, Transport transport, PackageFile file) {
        OptionSet asked = exchange.advanced().getRequest().getOptions();
        byte[] etag = FirmwareDelivery.coapEtag(file);
        if (asked.hasAccept() && asked.getAccept() != MediaTypeRegistry.APPLICATION_OCTET_STREAM) {
            exchange.respond(ResponseCode.NOT_ACCEPTABLE, "packages are application/octet-stream");
            return;
        }
        if (!asked.isIfMatch(etag)) {
            exchange.respond(ResponseCode.PRECONDITION_FAILED, "the package has another ETag");
            return;
        }
        int limit = blockLimit(exchange.advanced().getEndpoint());
        BlockOption block2 = asked.getBlock2();
        Optional<BlockSlice> found = block2 == null ? BlockSlice.of(0, limit, limit, file.size())
                : BlockSlice.of(block2.getOffset(), Math.min(block2.getSize(), 1024), limit, file.size());
        if (found.isEmpty()) {
            exchange.respond(ResponseCode.BAD_OPTION, "no block at offset " + block2.getOffset());
            return;
        }
        BlockSlice slice = found.get();
        ByteBuffer payload = ByteBuffer.allocate(slice.length());
        try {
            int read = delivery.files().read(file.path(), slice.offset(), payload);
            if (read != slice.length()) {
                throw new IOException("the file ends at " + (slice.offset() + read) + ", before its recorded size "
                        + file.size());
            }
        } catch (NoSuchFileException e) {
            LOG.warn("Package {} is listed but its file {} is missing", file.packageId(), file.path());
            exchange.respond(ResponseCode.NOT_FOUND, "no such package");
            return;
        } catch (IOException e) {
            LOG.warn("Cannot read package {} at {}: {}", file.packageId(), slice.offset(), e.toString());
            exchange.respond(ResponseCode.INTERNAL_SERVER_ERROR, "cannot read the package");
            return;
        }
        Response response = blockResponse(slice, payload.array(), etag, file.size(), asked.hasSize2());
        LOG.trace("{} block {} ({} bytes at {}) of {}", transport, slice.num(), slice.length(), slice.offset(),
                file.packageId());
        delivery.metrics().served(transport, slice.length());
        exchange.respond(response);
    }

    /**
     * The 2.05 answer carrying {@code slice}: Block2, the ETag, and on block 0 (or when asked) Size2, on block 0
     * Content-Format. Package-private for the block-serving micro-benchmark.
     */
    static Response blockResponse(BlockSlice slice, byte[] payload, byte[] etag, long fileSize, boolean askedSize2) {
        Response response = new Response(ResponseCode.CONTENT);
        response.setPayload(payload);
        OptionSet options = response.getOptions();
        options.setBlock2(slice.szx(), slice.more(), slice.num());
        if (slice.num() == 0) {
            options.setContentFormat(MediaTypeRegistry.APPLICATION_OCTET_STREAM);
        }
        options.addETag(etag);
        if ((askedSize2 || slice.num() == 0) && fileSize <= Integer.MAX_VALUE) {
            options.setSize2((int) fileSize);
        }
        return response;
    }

    private void refuse(CoapExchange exchange, Transport transport, String packageId, Denied denied) {
        if (denied.denial().unauthenticated()) {
            LOG.debug("{} download of {} refused: {} ({})", transport, packageId, denied.denial(), denied.detail());
        } else {
            LOG.info("{} download of {} refused: {} ({})", transport, packageId, denied.denial(), denied.detail());
        }
        delivery.metrics().denied(transport, denied.denial());
        exchange.respond(denied.denial().unauthenticated() ? ResponseCode.UNAUTHORIZED : ResponseCode.FORBIDDEN,
                denied.denial().name().toLowerCase(Locale.ROOT));
    }

    /** The DTLS identity when there is one, else the token from the path or the {@code t} query. */
    private static Credentials credentials(Request request, String pathToken) {
        Optional<PeerIdentity> peer = PeerIdentity.of(request.getSourceContext().getPeerIdentity());
        if (peer.isPresent()) {
            return new Credentials.Peer(peer.get());
        }
        if (pathToken != null) {
            return new Credentials.Token(pathToken);
        }
        return request.getOptions().getUriQuery().stream().filter(query -> query.startsWith(TOKEN_QUERY)).findFirst()
                .<Credentials>map(query -> new Credentials.Token(query.substring(TOKEN_QUERY.length())))
                .orElse(new Credentials.None());
    }

    /**
     * The largest block this endpoint passes unchanged: the configured maximum, and with transparent
     * block-wise handling on, no more than its preferred block size and its largest message.
     */
    private int blockLimit(Endpoint endpoint) {
        int limit = maxBlockSize;
        if (endpoint != null) {
            Configuration config = endpoint.getConfig();
            Integer maxBody = config.get(CoapConfig.MAX_RESOURCE_BODY_SIZE);
            if (maxBody != null && maxBody > 0) {
                limit = Math.min(limit, BlockOption.szx2Size(BlockOption.size2Szx(config.get(CoapConfig.PREFERRED_BLOCK_SIZE))));
                limit = Math.min(limit, BlockOption.szx2Size(BlockOption.size2Szx(config.get(CoapConfig.MAX_MESSAGE_SIZE))));
            }
        }
        return limit;
    }

    /** The number of path segments naming this resource, e.g. 1 for {@code /fw}. */
    private int depth() {
        int depth = 0;
        for (String segment : getURI().split("/")) {
            if (!segment.isEmpty()) {
                depth++;
            }
        }
        return depth;
    }

    private static Transport transport(Request request) {
        return Transport.ofScheme(request.getScheme());
    }
}
