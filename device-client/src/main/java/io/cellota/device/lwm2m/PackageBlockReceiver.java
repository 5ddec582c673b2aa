package io.cellota.device.lwm2m;

import io.cellota.device.fota.FirmwareUpdateService;
import io.cellota.device.fota.PushSession;
import io.cellota.firmware.object5.Transition;
import io.cellota.firmware.object5.UpdateResult;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;
import org.eclipse.californium.core.coap.BlockOption;
import org.eclipse.californium.core.coap.CoAP.Code;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.core.network.Exchange;
import org.eclipse.californium.core.server.ServerMessageDeliverer;
import org.eclipse.californium.core.server.resources.Resource;
import org.eclipse.californium.elements.config.Configuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives a pushed package — a block-wise Write of /5/0/0 (RFC 7959 Block1) — block by block, writing each
 * to the slot as it arrives instead of letting Californium assemble the whole body in memory (the endpoint
 * runs with transparent block-wise off). Every other request goes to Leshan as usual, including a Write of
 * /5/0/0 in a single message (a small package, or the NULL byte that resets).
 *
 * <pre>
 *   server                                   device
 *   PUT /5/0/0 Block1(0,M,szx) Size1 ───────▶  Downloading; 4.13 + Size1 if it cannot fit
 *          ◀────────────────────────────────  2.31 Continue Block1(0,M,szx)
 *   PUT /5/0/0 Block1(n,M,szx)       ───────▶  written at n × size (a repeated block is acknowledged again)
 *          ◀────────────────────────────────  2.31 Continue Block1(n,M,szx)
 *   PUT /5/0/0 Block1(last,0,szx)    ───────▶  validated: Downloaded, or Idle with the Update Result
 *          ◀────────────────────────────────  2.04 Changed Block1(last,0,szx)
 * </pre>
 */
final class PackageBlockReceiver extends ServerMessageDeliverer {

    private static final Logger LOG = LoggerFactory.getLogger(PackageBlockReceiver.class);
    private static final List<String> PACKAGE_PATH = List.of("5", "0", "0");

    private final Supplier<FirmwareUpdateService> service;
    private final Supplier<Optional<InetSocketAddress>> plainServer;
    private final Object lock = new Object();
    private PushSession session;
    private long nextOffset;
    private int lastBlock = -1;
    private int lastSzx;

    /**
     * @param plainServer the LwM2M server's address when the device talks plain CoAP (any sender could write
     *                    then, so only the server is accepted); empty over DTLS, where only the server can talk
     */
    PackageBlockReceiver(Resource root, Configuration config, Supplier<FirmwareUpdateService> service,
                         Supplier<Optional<InetSocketAddress>> plainServer) {
        super(root, config);
        this.service = service;
        this.plainServer = plainServer;
    }

    @Override
    protected boolean preDeliverRequest(Exchange exchange) {
        Request request = exchange.getRequest();
        BlockOption block = request.getOptions().getBlock1();
        if (request.getCode() != Code.PUT || block == null || !PACKAGE_PATH.equals(request.getOptions().getUriPath())) {
            return false;
        }
        Optional<InetSocketAddress> server = plainServer.get();
        if (server.isPresent() && !server.get().equals(request.getSourceContext().getPeerAddress())) {
            respond(exchange, ResponseCode.UNAUTHORIZED, null);
            return true;
        }
        if (request.getOptions().hasContentFormat()
                && request.getOptions().getContentFormat() != MediaTypeRegistry.APPLICATION_OCTET_STREAM) {
            respond(exchange, ResponseCode.UNSUPPORTED_CONTENT_FORMAT, null);
            return true;
        }
        try {
            handle(exchange, request, block);
        } catch (IOException e) {
            LOG.warn("cannot take a package block: {}", e.getMessage());
            respond(exchange, ResponseCode.INTERNAL_SERVER_ERROR, null);
        }
        return true;
    }

    private void handle(Exchange exchange, Request request, BlockOption block) throws IOException {
        synchronized (lock) {
            if (block.getNum() == 0 && (session == null || lastBlock != 0)) {
                if (!start(exchange, request)) {
                    return;
                }
            } else if (session == null) {
                respond(exchange, ResponseCode.REQUEST_ENTITY_INCOMPLETE, null);
                return;
            }
            if (block.getNum() == lastBlock && block.getSzx() == lastSzx) {
                LOG.debug("block {} again: acknowledging it again", block.getNum());
                respond(exchange, block.isM() ? ResponseCode.CONTINUE : ResponseCode.CHANGED, block);
                return;
            }
            if (block.getOffset() != nextOffset) {
                respond(exchange, ResponseCode.REQUEST_ENTITY_INCOMPLETE, null);
                return;
            }
            byte[] payload = request.getPayload();
            if (!session.write(nextOffset, ByteBuffer.wrap(payload))) {
                refuse(exchange, session.failure().orElse(UpdateResult.CONNECTION_LOST));
                session = null;
                return;
            }
            nextOffset += payload.length;
            lastBlock = block.getNum();
            lastSzx = block.getSzx();
            LOG.trace("package block {} ({} bytes), {} bytes so far", block.getNum(), payload.length, nextOffset);
            if (block.isM()) {
                respond(exchange, ResponseCode.CONTINUE, block);
                return;
            }
            PushSession done = session;
            session = null;
            lastBlock = -1;
            done.complete(nextOffset);
            respond(exchange, ResponseCode.CHANGED, block);
        }
    }

    private boolean start(Exchange exchange, Request request) throws IOException {
        Integer size1 = request.getOptions().getSize1();
        PushSession.Start start = service.get().beginPush(size1 == null ? OptionalLong.empty() : OptionalLong.of(size1));
        if (start instanceof PushSession.Start.Refused refused) {
            LOG.debug("push refused: {}", ((Transition.Rejected) refused.transition()).message());
            respond(exchange, ResponseCode.BAD_REQUEST, null);
            return false;
        }
        session = ((PushSession.Start.Started) start).session();
        nextOffset = 0;
        lastBlock = -1;
        if (session.failure().isPresent()) {
            refuse(exchange, session.failure().get());
            session = null;
            return false;
        }
        return true;
    }

    private void refuse(Exchange exchange, UpdateResult failure) {
        ResponseCode code = switch (failure) {
            case NOT_ENOUGH_FLASH, OUT_OF_RAM -> ResponseCode.REQUEST_ENTITY_TOO_LARGE;
            default -> ResponseCode.REQUEST_ENTITY_INCOMPLETE;
        };
        Response response = new Response(code);
        if (code == ResponseCode.REQUEST_ENTITY_TOO_LARGE) {
            response.getOptions().setSize1((int) Math.min(Integer.MAX_VALUE, capacityHint()));
        }
        exchange.sendResponse(response);
    }

    private long capacityHint() {
        return service.get().maxPackageSize();
    }

    private static void respond(Exchange exchange, ResponseCode code, BlockOption block) {
        Response response = new Response(code);
        if (block != null) {
            response.getOptions().setBlock1(block.getSzx(), block.isM(), block.getNum());
        }
        exchange.sendResponse(response);
    }
}
